package dev.kerascope.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The folder a command writes into: created when missing, refused when it is a file or not writable. */
public final class OutputFolder {
    private OutputFolder() {}

    /**
     * Makes sure the folder exists and can be written.
     *
     * @param dir the output folder
     * @return {@code dir}
     * @throws BadInputException when it is a file, cannot be created or is not writable
     */
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
