package dev.kerascope.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of one run made in a hidden sibling of the output folder ({@code .NAME.staging-PID}) and moved into it only
 * when every one is complete. Unlike {@link StagedFolder} the output folder may be shared (filters, featuremaps and
 * curves all default to {@code output/figures}), so it is never replaced: other files stay, and each of this run's
 * files replaces its namesake with one rename.
 *
 * <p>A run that fails or is killed before the move leaves the folder untouched. Before the first move a {@code .commit}
 * marker is written into the staging folder: a run killed while moving (a few renames) is finished by the next staged
 * write into the same folder (roll forward), and a staging folder of a dead process without the marker is removed, so
 * leftovers never accumulate.
 */
public final class StagedFiles {
    static final String MARKER = ".commit";
    private static final ThreadLocal<Consumer<Path>> BEFORE_COMMIT = new ThreadLocal<>();

    private StagedFiles() {}

    /**
     * Runs {@code work} on a staging folder, then moves every file it wrote into {@code out}.
     *
     * @param <T> what the work returns
     * @param out the output folder, created when the files move in
     * @param work writes the run's files into the folder it is given
     * @return what the work returned
     */
    public static <T> T write(Path out, Function<Path, T> work) {
        Path target = out.toAbsolutePath().normalize();
        // Checked now, created only when the files move in: a run that fails leaves no empty folder behind.
        OutputFolder.check(out);
        Path parent = OutputFolder.prepare(target.getParent());
        String name = target.getFileName().toString();
        recoverAbandoned(parent, name);
        Path staging = parent.resolve(
                "." + name + ".staging-" + ProcessHandle.current().pid());
        boolean moving = false;
        try {
            WorkFolders.start(staging, out);
            T result = work.apply(staging);
            Consumer<Path> hook = BEFORE_COMMIT.get();
            if (hook != null) {
                hook.accept(staging);
            }
            WorkFolders.ended(staging); // marked complete next: a stop while moving is rolled forward by the next run
            Files.createFile(staging.resolve(MARKER));
            moving = true;
            commit(staging, target);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write into " + out + ": " + e.getMessage(), e);
        } finally {
            if (!moving) {
                AtomicFiles.deleteQuietly(staging);
                WorkFolders.ended(staging);
            }
        }
    }

    /**
     * Tests only: {@code hook} sees the finished staging folder of this thread's next staged writes, just before
     * anything is moved; a hook that throws is a failure at the last moment the folder is untouched.
     *
     * @param hook the hook, or null to remove it
     */
    public static void beforeCommitForTests(Consumer<Path> hook) {
        if (hook == null) {
            BEFORE_COMMIT.remove();
        } else {
            BEFORE_COMMIT.set(hook);
        }
    }

    /** Moves every file of a finished staging folder into {@code target}, then removes the staging folder. */
    static void commit(Path staging, Path target) throws IOException {
        Files.createDirectories(target);
        List<Path> files;
        try (Stream<Path> s = Files.walk(staging)) {
            // Data first, then .json: indexes and sidecars describe files that are already in place.
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(MARKER))
                    .sorted(Comparator.comparing((Path p) -> p.toString().endsWith(".json"))
                            .thenComparing(Path::toString))
                    .toList();
        }
        for (Path f : files) {
            Path dest = target.resolve(staging.relativize(f).toString());
            Files.createDirectories(dest.getParent());
            moveFile(f, dest);
        }
        AtomicFiles.deleteRecursively(staging);
    }

    private static void moveFile(Path from, Path dest) throws IOException {
        if (Files.isDirectory(dest)) {
            AtomicFiles.deleteRecursively(dest);
        }
        try {
            Files.move(from, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // --out is another file system than its parent (a mount point): copy beside the final name, then rename.
            Path tmp = AtomicFiles.temporarySibling(dest);
            Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, dest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.delete(from);
        }
    }

    /** Staging folders of dead processes: finished (marker) ones are moved in, the others removed. */
    private static void recoverAbandoned(Path parent, String name) {
        Pattern own = Pattern.compile(Pattern.quote("." + name + ".staging-") + "(\\d+)");
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path p : siblings.toList()) {
                Matcher m = own.matcher(p.getFileName().toString());
                if (!m.matches() || isAlive(Long.parseLong(m.group(1)))) {
                    continue;
                }
                if (Files.isRegularFile(p.resolve(MARKER))) {
                    commit(p, parent.resolve(name));
                } else {
                    AtomicFiles.deleteQuietly(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot tidy the staging folders beside " + parent.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    private static boolean isAlive(long pid) {
        return pid == ProcessHandle.current().pid()
                || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
