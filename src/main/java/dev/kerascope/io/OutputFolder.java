package dev.kerascope.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The folder a command writes into: created when missing, refused when it is a file or not writable. */
public final class OutputFolder {
  private OutputFolder() {}

  public static Path prepare(Path dir) {
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw BadInputException.inFile(dir, "is a file, not a folder");
    }
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw BadInputException.inFile(dir, "cannot create the output folder (" + e.getMessage() + ")");
    }
    if (!Files.isWritable(dir)) {
      throw BadInputException.inFile(dir, "the output folder is not writable");
    }
    return dir;
  }
}
