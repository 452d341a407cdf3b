package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SyntheticDigits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real {@code kerascope train} process killed with SIGKILL in the middle of an epoch, then resumed. */
class KilledTrainingTest {
    @TempDir
    Path dir;

    @Test
    void aKilledRunKeepsOnlyCompleteCheckpointsAndResumesToTheSameResult() throws Exception {
        Path data = dir.resolve("data");
        SyntheticDigits.writeIdx(data, SyntheticDigits.make(6400, 31), SyntheticDigits.make(500, 32));
        Path killed = dir.resolve("killed");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KerascopeCommand.class.getName(),
                "train",
                "tiny-mnist",
                "--data",
                data.toString(),
                "--out",
                killed.toString(),
                "--epochs",
                "3",
                "--seed",
                "7",
                "--verbose",
                "2");
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        pb.redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile());
        Process p = pb.start();
        Path first = killed.resolve("checkpoints/epoch-0001");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // Wait on progress, not on a clock: checkpoints are renamed into place complete, so the first one
        // existing means epoch 1 is done and epoch 2 has begun; kill at once.
        while (!Files.exists(first) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(
                p.isAlive(),
                "the run ended before it could be killed: " + Files.readString(dir.resolve("console.txt")));
        p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no cleanup
        p.waitFor(30, TimeUnit.SECONDS);
        assertTrue(Files.isRegularFile(first.resolve("state.json")), "the first checkpoint is complete");
        assertFalse(Files.exists(killed.resolve("checkpoints/epoch-0003")), "killed before the last epoch ended");

        assertFalse(Files.exists(killed.resolve("saved_model")), "no SavedModel under its final name");
        try (Stream<Path> s = Files.list(killed.resolve("checkpoints"))) {
            for (Path c : s.toList()) {
                String name = c.getFileName().toString();
                assertTrue(
                        name.startsWith(".") || Files.isRegularFile(c.resolve("state.json")),
                        "torn checkpoint " + name);
            }
        }

        Cli.Run resumed = new Cli().run("train", "--resume", killed.toString(), "--verbose", "0");
        assertEquals(0, resumed.exit(), resumed.err());
        Path straight = dir.resolve("straight");
        Cli.Run uninterrupted = new Cli()
                .run(
                        "train",
                        "tiny-mnist",
                        "--data",
                        data.toString(),
                        "--out",
                        straight.toString(),
                        "--epochs",
                        "3",
                        "--seed",
                        "7",
                        "--verbose",
                        "0");
        assertEquals(0, uninterrupted.exit(), uninterrupted.err());
        List<String> a = Files.readAllLines(straight.resolve("training.csv"));
        assertEquals(4, a.size());
        assertEquals(a, Files.readAllLines(killed.resolve("training.csv")));
        // Not only the log: the history and every exported weight are identical (same seed, same machine).
        assertEquals(
                Files.readString(straight.resolve("history.json")), Files.readString(killed.resolve("history.json")));
        try (var x = dev.kerascope.Kerascope.open(straight.resolve("saved_model"));
                var y = dev.kerascope.Kerascope.open(killed.resolve("saved_model"))) {
            assertEquals(x.layers(), y.layers());
            int compared = 0;
            for (String layer : x.layers()) {
                for (var w : x.weights(layer).entrySet()) {
                    assertArrayEquals(
                            w.getValue().values(),
                            y.weights(layer).get(w.getKey()).values(),
                            layer + "/" + w.getKey());
                    compared++;
                }
            }
            assertEquals(8, compared, "kernel and bias of conv1, conv2, fc1, fc2");
        }
    }
}
