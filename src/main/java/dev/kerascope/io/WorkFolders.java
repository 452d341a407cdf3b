package dev.kerascope.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hidden folders this process is writing a result into, removed by a shutdown hook when the JVM is stopped mid-run
 * (SIGTERM, Ctrl-C: the launcher passes both on), so that a stopped run leaves nothing beside --out. A killed run
 * (SIGKILL) runs no hook; its leftovers are cleared by the next run into the same folder.
 */
final class WorkFolders {
    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(AtomicFiles::deleteQuietly), "kerascope-work-folders"));
    }

    private WorkFolders() {}

    /**
     * Makes {@code folder} afresh (a leftover of this process id emptied first) for a result being written, removed if
     * the JVM stops before {@link #ended}.
     *
     * @param folder the hidden work folder beside {@code out}
     * @param out the output folder as the user named it, for the message when nothing can be made there
     */
    static void start(Path folder, Path out) {
        try {
            AtomicFiles.deleteRecursively(folder);
            LIVE.add(folder);
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw BadInputException.inFile(out, "cannot be written (" + OutputFolder.reason(e) + ")")
                    .suggesting(Remedy.OTHER_FOLDER);
        }
    }

    /** Whether {@code folder} would be removed by a stop now (for tests). */
    static boolean isLive(Path folder) {
        return LIVE.contains(folder);
    }

    /** {@code folder} is complete (about to be moved into place) or already removed. */
    static void ended(Path folder) {
        LIVE.remove(folder);
    }
}
