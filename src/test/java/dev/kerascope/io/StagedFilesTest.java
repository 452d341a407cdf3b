package dev.kerascope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a killed run leaves beside --out, and what the next staged write into the same folder makes of it. */
class StagedFilesTest {
    @TempDir
    Path dir;

    @Test
    void aRunKilledWhileMovingIsFinishedAndOneKilledBeforeIsRemoved() throws Exception {
        Path out = Files.createDirectories(dir.resolve("figures"));
        Files.writeString(out.resolve("a.png"), "old a");
        Files.writeString(out.resolve("a.json"), "old a sidecar");
        long dead = deadPid();
        // Killed after moving a.png: a.json is still staged, the marker says the set was complete.
        Path moving = Files.createDirectories(dir.resolve(".figures.staging-" + dead));
        Files.writeString(moving.resolve("a.json"), "new a sidecar");
        Files.createFile(moving.resolve(StagedFiles.MARKER));
        Files.writeString(out.resolve("a.png"), "new a");
        // Killed while drawing (another dead process): no marker, so never moved in.
        Path drawing = Files.createDirectories(dir.resolve(".figures.staging-" + deadPid()));
        Files.writeString(drawing.resolve("a.png"), "half");

        StagedFiles.write(out, staging -> {
            put(staging.resolve("b.png"), "b");
            return null;
        });
        assertEquals("new a", Files.readString(out.resolve("a.png")));
        assertEquals("new a sidecar", Files.readString(out.resolve("a.json")));
        assertEquals("b", Files.readString(out.resolve("b.png")));
        assertEquals(List.of("figures"), names(dir));
    }

    @Test
    void aFailureLeavesTheFolderAsItWas() throws Exception {
        Path out = Files.createDirectories(dir.resolve("npy"));
        Files.writeString(out.resolve("index.json"), "old");
        assertThrows(
                IllegalStateException.class,
                () -> StagedFiles.write(out, staging -> {
                    put(staging.resolve("index.json"), "new");
                    throw new IllegalStateException("half-way");
                }));
        assertEquals("old", Files.readString(out.resolve("index.json")));
        assertEquals(List.of("npy"), names(dir));
        assertFalse(Files.exists(out.resolve("conv1.npy")));
    }

    static void put(Path file, String text) {
        AtomicFiles.writeString(file, text);
    }

    static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    static List<String> names(Path d) throws Exception {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
