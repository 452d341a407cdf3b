package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.app.ExportJob;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetId;
import dev.kerascope.testing.ExportChecks;
import dev.kerascope.testing.SyntheticDigits;
import dev.kerascope.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code kerascope export} processes killed with SIGKILL at random moments (after a random number of new part
 * files, then a random delay into the next batch), resumed each time, the count raised on the way (230, whose last
 * batch is partial, then 480). After each kill nothing under a final name is torn and there is no manifest; at the end
 * the export is complete and byte-identical to one made in one go.
 */
class KilledExportTest {
    static final int BATCH = 16;

    @TempDir
    Path dir;

    @Test
    void killedAtRandomMomentsAndResumedGivesTheSameExportAsOneRun() throws Exception {
        long seed = System.nanoTime();
        System.out.println("KilledExportTest seed " + seed);
        Random random = new Random(seed);
        Path data = dir.resolve("data");
        var test = SyntheticDigits.make(480, 42);
        SyntheticDigits.writeIdx(data, SyntheticDigits.make(10, 41), test);
        Path model = TestModels.untrainedKerasMnist(dir.resolve("saved_model"), 5);
        Path out = dir.resolve("export");

        // count, killed?: 230 killed, 230 finished (its last batch, 224-229, is partial), 480 killed twice, 480
        // finished.
        // 480, not fewer: the rounds that resume and are killed need batches left after the kill's random delay
        // (at 200 images/s a batch of 16 takes 80 ms; with 320 a killed resume could finish before the kill).
        int[] counts = {230, 230, 480, 480, 480};
        boolean[] kill = {true, false, true, true, false};
        for (int round = 0; round < counts.length; round++) {
            long t0 = System.nanoTime();
            Process p = start(model, data, out, counts[round], round > 0, round);
            if (!kill[round]) {
                assertTrue(p.waitFor(120, TimeUnit.SECONDS));
                assertEquals(0, p.exitValue(), console(round));
                ExportChecks.assertComplete(out, counts[round], 8);
                System.out.printf("round %d: finished in %.1f s%n", round, (System.nanoTime() - t0) / 1e9);
                continue;
            }
            int before = parts(out);
            int batches = (counts[round] + BATCH - 1) / BATCH;
            int target = Math.min(before + 1 + random.nextInt(Math.max(1, (batches - before) / 2)), batches - 1);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (parts(out) < target && p.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            Thread.sleep(random.nextInt(150)); // somewhere in the next batch: drawing, renaming or writing its part
            assertTrue(p.isAlive(), "export ended before it could be killed: " + console(round));
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            System.out.printf(
                    "round %d: killed after %.1f s with %d parts (target %d)%n",
                    round, (System.nanoTime() - t0) / 1e9, parts(out), target);
            if (Files.exists(out.resolve("manifest.json"))) {
                // killed after the last batch and the manifest were written, before the JVM exited: the export is
                // complete
                ExportChecks.assertComplete(out, counts[round], 8);
            } else {
                ExportChecks.assertNothingTorn(out);
            }
        }
        assertTrue(console(counts.length - 1).contains("finished batches skipped"), console(counts.length - 1));
        ExportChecks.assertComplete(out, 480, 8);

        Path straight = dir.resolve("straight");
        Dataset d = new Dataset(DatasetId.MNIST, SyntheticDigits.make(10, 41), test, "synthetic");
        ExportJob.run(new ExportJob.Options(model, d, 480, List.of(), straight, false, BATCH, 2), (n, t, s) -> {});
        assertEquals(ExportChecks.files(straight), ExportChecks.files(out));
    }

    Process start(Path model, Path data, Path out, int count, boolean resume, int round) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                KerascopeCommand.class.getName(),
                "export",
                model.toString(),
                "--data",
                data.toString(),
                "--count",
                String.valueOf(count),
                "--batch",
                String.valueOf(BATCH),
                // float32 as the one-go export it is compared with (export's default, auto, may pick bfloat16)
                "--precision",
                "float32",
                "--out",
                out.toString()));
        if (resume) {
            cmd.add("--resume");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
        pb.redirectErrorStream(true)
                .redirectOutput(dir.resolve("console-" + round + ".txt").toFile());
        return pb.start();
    }

    String console(int round) throws Exception {
        return Files.readString(dir.resolve("console-" + round + ".txt"));
    }

    static int parts(Path out) throws Exception {
        Path parts = out.resolve("parts");
        if (!Files.isDirectory(parts)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(parts)) {
            return (int) s.filter(p -> p.getFileName().toString().matches("batch-\\d{5}\\.json"))
                    .count();
        }
    }
}
