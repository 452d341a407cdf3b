package dev.kerascope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole folder swapped in when complete, and the leftovers of killed runs cleaned up. */
class StagedFolderTest {
    /** The file a previous output of the kind built here holds (a report's page). */
    private static final String OWN = "index.html";

    @TempDir
    Path dir;

    /** A pid no process has: a finished child's. */
    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    private long hidden() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(".")).count();
        }
    }

    @Test
    void aFailedBuildKeepsThePreviousFolderAndLeavesNothing() throws Exception {
        Path out = dir.resolve("report");
        StagedFolder.build(out, OWN, "report", d -> writeIndex(d, "one"));
        assertThrows(
                IllegalStateException.class,
                () -> StagedFolder.build(out, OWN, "report", d -> {
                    writeIndex(d, "two");
                    throw new IllegalStateException("half-way");
                }));
        assertEquals("one", Files.readString(out.resolve("index.html")));
        assertEquals(0, hidden());
        StagedFolder.build(out, OWN, "report", d -> writeIndex(d, "three"));
        assertEquals("three", Files.readString(out.resolve("index.html")));
    }

    @Test
    void leftoversOfKilledRunsAreRemovedOrPutBack() throws Exception {
        long dead = deadPid();
        Path out = dir.resolve("report");
        // killed between setting the previous folder aside and moving the new one in: the previous one comes back
        Path old = Files.createDirectories(dir.resolve(".report.old-" + dead));
        Files.writeString(old.resolve("index.html"), "previous");
        Path partial = Files.createDirectories(dir.resolve(".report.partial-" + dead));
        Files.writeString(partial.resolve("index.html"), "torn");
        StagedFolder.recoverFromKilledRuns(dir, "report", out);
        assertEquals("previous", Files.readString(out.resolve("index.html")));
        assertFalse(Files.exists(partial));
        assertEquals(0, hidden());
        // a live process's staging folder is left alone
        Path live = Files.createDirectories(
                dir.resolve(".report.partial-" + ProcessHandle.current().pid()));
        StagedFolder.recoverFromKilledRuns(dir, "report", out);
        assertTrue(Files.exists(live));
    }

    private static Object writeIndex(Path d, String text) {
        try {
            Files.writeString(d.resolve("index.html"), text);
            return null;
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }
}
