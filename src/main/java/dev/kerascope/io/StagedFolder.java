package dev.kerascope.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A whole output folder made in a hidden sibling ({@code .NAME.partial-PID}) and renamed into place when complete: a
 * failed or killed run leaves either the complete new folder or the previous one untouched, never a folder without its
 * index. The previous folder is replaced only at the end.
 */
public final class StagedFolder {
    private StagedFolder() {}

    /**
     * Leftovers of runs killed with SIGKILL (whose process is gone): a half-built staging folder is removed; a previous
     * folder set aside just before the swap is put back when the new one never arrived, and removed when it did.
     */
    static void recoverFromKilledRuns(Path parent, String name, Path target) {
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : siblings.toList()) {
                String n = p.getFileName().toString();
                String prefix = n.startsWith("." + name + ".partial-")
                        ? "." + name + ".partial-"
                        : n.startsWith("." + name + ".old-") ? "." + name + ".old-" : null;
                if (prefix == null || !n.substring(prefix.length()).matches("\\d{1,18}")) {
                    continue;
                }
                long pid = Long.parseLong(n.substring(prefix.length()));
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (prefix.endsWith(".old-") && !Files.exists(target)) {
                    Files.move(p, target, StandardCopyOption.ATOMIC_MOVE);
                } else {
                    AtomicFiles.deleteQuietly(p);
                }
            }
        } catch (IOException e) {
            // best effort: leftovers are hidden and never carry the final name
        }
    }

    /**
     * Runs {@code work} on a hidden folder, then renames that folder onto {@code out}.
     *
     * @param <T> what the work returns
     * @param out the output folder, replaced as a whole at the end: refused unless missing, empty or holding
     *     {@code ownFile} (see {@link OutputFolder#requireReplaceable})
     * @param ownFile the file every folder of this kind holds
     * @param kind what the folder is, for messages ("report")
     * @param work writes the complete folder it is given
     * @return what the work returned
     */
    public static <T> T build(Path out, String ownFile, String kind, Function<Path, T> work) {
        Path target = out.toAbsolutePath().normalize();
        OutputFolder.requireReplaceable(out, ownFile, kind);
        Path parent = OutputFolder.prepare(target.getParent());
        String name = target.getFileName().toString();
        recoverFromKilledRuns(parent, name, target);
        Path staging = parent.resolve(
                "." + name + ".partial-" + ProcessHandle.current().pid());
        Path old = parent.resolve("." + name + ".old-" + ProcessHandle.current().pid());
        boolean done = false;
        try {
            WorkFolders.start(staging, out);
            T result = work.apply(staging);
            WorkFolders.ended(staging); // complete: from here a stop leaves it to the next run's recovery
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
                WorkFolders.ended(staging);
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
