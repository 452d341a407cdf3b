package dev.kerascope.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Writes that never leave a half-written file under its final name: content goes to a temporary sibling first and is
 * renamed into place, so a reader (or a resumed run) sees old or new, never a torn file.
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /**
     * Writes text as UTF-8, atomically.
     *
     * @param target the file
     * @param content the text
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static void writeString(Path target, String content) {
        writeBytes(target, content.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes bytes, atomically; missing parent folders are created.
     *
     * @param target the file
     * @param content the bytes
     * @throws java.io.UncheckedIOException when the file cannot be written
     */
    public static void writeBytes(Path target, byte[] content) {
        Path tmp = temporarySibling(target);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.write(tmp, content);
            moveIntoPlace(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * The hidden temporary name used for {@code target} while it is being written.
     *
     * @param target the final file
     * @return {@code .NAME.tmp} beside it
     */
    public static Path temporarySibling(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }

    /**
     * Renames a finished file or directory onto its final name, replacing an older one.
     *
     * @param finished the complete file or folder
     * @param target its final name
     * @throws IOException when the rename fails
     */
    public static void moveIntoPlace(Path finished, Path target) throws IOException {
        if (Files.isDirectory(target) && Files.isDirectory(finished)) {
            deleteRecursively(target);
        }
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(finished, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes a file, or a folder with everything in it; nothing when it does not exist.
     *
     * @param root the file or folder
     * @throws IOException when something cannot be deleted
     */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * As {@link #deleteRecursively(Path)}, ignoring failures (for temporary files that carry no final name).
     *
     * @param path the file or folder
     */
    public static void deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
        } catch (IOException ignored) {
            // best effort: a stale temporary file is harmless, it never carries a final name
        }
    }
}
