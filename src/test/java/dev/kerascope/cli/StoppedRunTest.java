package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kerascope report} process stopped with SIGTERM while it writes its hidden folder: the shutdown hook
 * removes that folder, so nothing is left beside --out and nothing appears under the final name.
 */
class StoppedRunTest {
    @TempDir
    Path dir;

    private List<String> hidden() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .toList();
        }
    }

    @Test
    void aReportStoppedWithSigtermLeavesNothingBesideItsFolder() throws Exception {
        Path out = dir.resolve("report");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KerascopeCommand.class.getName(),
                "report",
                "--out",
                out.toString());
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (hidden().isEmpty() && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(
                p.isAlive(),
                "the report ended before it could be stopped: " + Files.readString(dir.resolve("console.txt")));
        assertTrue(hidden().get(0).startsWith(".report.partial-"), hidden().toString());
        Thread.sleep(300); // into the work: figures being drawn into the hidden folder
        p.destroy(); // SIGTERM: shutdown hooks run
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(List.of(), hidden(), "the hidden folder is removed");
        assertFalse(Files.exists(out), "no report under the final name");
    }
}
