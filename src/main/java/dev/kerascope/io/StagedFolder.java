package dev.kerascope.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;

/**
 * A whole output folder made in a hidden sibling ({@code .NAME.partial-PID}) and renamed into place
 * when complete: a failed or killed run leaves either the complete new folder or the previous one
 * untouched, never a folder without its index. The previous folder is replaced only at the end.
 */
public final class StagedFolder {
  private StagedFolder() {}

  public static <T> T build(Path out, Function<Path, T> work) {
    Path target = out.toAbsolutePath().normalize();
    if (Files.exists(target) && !Files.isDirectory(target)) {
      throw BadInputException.inFile(out, "is a file, not a folder");
    }
    Path parent = OutputFolder.prepare(target.getParent());
    String name = target.getFileName().toString();
    Path staging = parent.resolve("." + name + ".partial-" + ProcessHandle.current().pid());
    Path old = parent.resolve("." + name + ".old-" + ProcessHandle.current().pid());
    boolean done = false;
    try {
      AtomicFiles.deleteRecursively(staging);
      Files.createDirectories(staging);
      T result = work.apply(staging);
      if (Files.exists(target)) {
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      done = true;
      AtomicFiles.deleteQuietly(old);
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (!done) {
        AtomicFiles.deleteQuietly(staging);
        if (Files.exists(old) && !Files.exists(target)) {
          try {
            Files.move(old, target, StandardCopyOption.ATOMIC_MOVE);
          } catch (IOException ignored) {
            // The previous folder stays under its hidden name; nothing is lost.
          }
        }
      }
    }
  }
}
