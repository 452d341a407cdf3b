package dev.kerascope.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The folder a command writes into: refused when it is a file or cannot be written, created only when something is
 * written into it, and replaced as a whole only when it is a previous output of the same kind.
 */
public final class OutputFolder {
    private OutputFolder() {}

    /**
     * Refuses what {@link #prepare} would refuse, creating nothing: for commands that check their output folder before
     * the work, so that a run that fails leaves no empty folder behind.
     *
     * @param dir the output folder, which may not exist yet
     * @return {@code dir}
     * @throws BadInputException when it is a file, is not writable, or the nearest existing folder above it is not
     */
    public static Path check(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw BadInputException.inFile(dir, "is a file, not a folder");
        }
        if (Files.isDirectory(abs)) {
            if (!Files.isWritable(abs)) {
                throw BadInputException.inFile(dir, "the output folder is not writable");
            }
            return dir;
        }
        Path above = abs.getParent();
        while (above != null && !Files.exists(above)) {
            above = above.getParent();
        }
        if (above != null && !Files.isDirectory(above)) {
            throw BadInputException.inFile(dir, "cannot create the output folder: " + above + " is a file");
        }
        if (above != null && !Files.isWritable(above)) {
            throw BadInputException.inFile(dir, "cannot create the output folder: " + above + " is not writable");
        }
        return dir;
    }

    /**
     * Makes sure the folder exists and can be written.
     *
     * @param dir the output folder
     * @return {@code dir}
     * @throws BadInputException when it is a file, cannot be created or is not writable
     */
    public static Path prepare(Path dir) {
        check(dir);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw BadInputException.inFile(dir, "cannot create the output folder (" + reason(e) + ")");
        }
        if (!Files.isWritable(dir)) {
            throw BadInputException.inFile(dir, "the output folder is not writable");
        }
        return dir;
    }

    /**
     * Why the file system refused, in words: the operating system's reason where it gives one, never a Java exception's
     * text.
     *
     * @param e the failure
     * @return a short reason
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "a folder on its path does not exist or cannot hold files";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return "the file system refused";
    }

    /**
     * Refuses a folder that a command would replace as a whole (a report, a converted SavedModel) unless it is missing,
     * empty, or a previous output of that kind, recognised by {@code ownFile}, a file only kerascope writes there.
     * Otherwise the user's files in it (even the model being read) would be deleted.
     *
     * @param dir the folder to be replaced
     * @param ownFile the file every output of this kind holds
     * @param kind what the output is, for the message ("report")
     * @throws BadInputException when {@code dir} is a file or holds other files
     */
    public static void requireReplaceable(Path dir, String ownFile, String kind) {
        check(dir);
        // Judged on the folder the moves will act on: "missing/.." is the current folder, whatever "missing" is.
        Path target = dir.toAbsolutePath().normalize();
        if (target.getParent() == null
                || Path.of("").toAbsolutePath().normalize().startsWith(target)) {
            throw BadInputException.inFile(
                            dir,
                            "is the current folder or one above it: a " + kind
                                    + " replaces its whole folder, so nothing was written")
                    .suggesting(Remedy.OTHER_FOLDER);
        }
        if (!Files.isDirectory(target) || Files.isRegularFile(target.resolve(ownFile))) {
            return;
        }
        try (Stream<Path> entries = Files.list(target)) {
            if (entries.findAny().isEmpty()) {
                return;
            }
        } catch (IOException e) {
            throw BadInputException.inFile(dir, "cannot be read (" + reason(e) + ")");
        }
        throw BadInputException.inFile(
                        dir,
                        "holds files that are not a kerascope " + kind + " (no " + ownFile + "): a " + kind
                                + " replaces its whole folder, so nothing was written")
                .suggesting(Remedy.OTHER_FOLDER);
    }
}
