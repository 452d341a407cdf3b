package dev.kerascope.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.app.TrainJob;
import dev.kerascope.app.TrainOptions;
import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.ArchitectureJson;
import dev.kerascope.arch.Architectures;
import dev.kerascope.data.DatasetDownloader;
import dev.kerascope.data.DatasetId;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.io.BadInputException;
import dev.kerascope.report.HistoryJson;
import dev.kerascope.report.ProgbarLogger;
import dev.kerascope.testing.SyntheticDigits;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train use case end to end on a small synthetic data set: files, reproducibility, resume. */
class TrainJobTest {
    @TempDir
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticDigits.writeIdx(data, SyntheticDigits.make(320, 21), SyntheticDigits.make(100, 22));
    }

    static TrainJob job() {
        DatasetDownloader none = new DatasetDownloader(new PrintStream(new ByteArrayOutputStream()));
        return new TrainJob(
                new DatasetLocator(data.resolve("no-keras"), data.resolve("no-debian"), none),
                new PrintStream(new ByteArrayOutputStream()));
    }

    static TrainOptions options(Path out, int epochs) {
        return new TrainOptions(
                Architectures.builtIn("tiny-mnist"),
                DatasetId.MNIST,
                Optional.of(data),
                epochs,
                32,
                42,
                Optional.empty(),
                out,
                1);
    }

    static TrainJob.ProgressFactory quiet() {
        return log -> new ProgbarLogger(new PrintStream(new ByteArrayOutputStream()), false, 1, log, System::nanoTime);
    }

    static byte[] weights(Path run) throws Exception {
        return Files.readAllBytes(run.resolve("saved_model/variables/variables.data-00000-of-00001"));
    }

    @Test
    void aRunLeavesKerasFilesCheckpointsAndASavedModel() throws Exception {
        Path out = dir.resolve("run");
        TrainJob.Outcome o = job().start(options(out, 2), quiet());
        assertEquals(2, o.history().epochs());
        assertEquals(
                o.history().asMap(),
                HistoryJson.read(out.resolve("history.json")).asMap());
        List<String> csv = Files.readAllLines(out.resolve("training.csv"));
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss", csv.get(0));
        assertEquals(3, csv.size());
        assertTrue(csv.get(2).startsWith("1,"));
        String log = Files.readString(out.resolve("train.log"));
        assertTrue(log.contains("Epoch 2/2") && log.contains("10/10 ━━━━━━━━━━━━━━━━━━━━"), log);
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/epoch-0001/variables.index")));
        assertTrue(Files.isRegularFile(out.resolve("checkpoints/epoch-0002/state.json")));
        assertTrue(Files.isRegularFile(out.resolve("saved_model/saved_model.pb")));
        assertTrue(SavedModelExporter.isKerascopeExport(out.resolve("saved_model")));
        try (var files = Files.walk(out)) {
            assertFalse(
                    files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file may remain");
        }
    }

    @Test
    void theSameSeedGivesTheSameLogsAndWeights() throws Exception {
        job().start(options(dir.resolve("a"), 2), quiet());
        job().start(options(dir.resolve("b"), 2), quiet());
        assertEquals(Files.readString(dir.resolve("a/training.csv")), Files.readString(dir.resolve("b/training.csv")));
        assertArrayEquals(weights(dir.resolve("a")), weights(dir.resolve("b")));
    }

    @Test
    void resumingAfterAnInterruptionEqualsAnUninterruptedRun() throws Exception {
        Path straight = dir.resolve("straight");
        job().start(options(straight, 3), quiet());

        Path interrupted = dir.resolve("interrupted");
        job().start(options(interrupted, 1), quiet());
        // What a SIGKILL in the middle of epoch 2 leaves: a half-written checkpoint under its temporary name.
        Files.createDirectories(interrupted.resolve("checkpoints/.epoch-0002.tmp"));
        Files.writeString(interrupted.resolve("checkpoints/.epoch-0002.tmp/variables.index"), "torn");
        job().resume(interrupted, Optional.of(3), Optional.empty(), 1, quiet());

        assertEquals(
                Files.readString(straight.resolve("training.csv")),
                Files.readString(interrupted.resolve("training.csv")));
        assertEquals(
                HistoryJson.read(straight.resolve("history.json")).asMap(),
                HistoryJson.read(interrupted.resolve("history.json")).asMap());
        assertArrayEquals(weights(straight), weights(interrupted));
        assertFalse(Files.exists(interrupted.resolve("checkpoints/.epoch-0002.tmp")));
    }

    /**
     * Keras's resume promise (ModelCheckpoint + initial_epoch) only reloads state; kerascope promises more, the very
     * run it would have been. With Dropout that needs the masks of step k to be the same whether the process started at
     * step 0 or at a checkpoint: they are drawn from (seed, layer, step).
     */
    @Test
    void resumingARunWithDropoutEqualsAnUninterruptedRun() throws Exception {
        Architecture dropout = ArchitectureJson.parse(
                """
        {"name": "dropout-net", "input_shape": [28, 28, 1], "layers": [
          {"class_name": "Conv2D", "config": {"name": "conv", "filters": 4, "kernel_size": 3, "activation": "relu"}},
          {"class_name": "MaxPooling2D", "config": {"name": "pool", "pool_size": [2, 2]}},
          {"class_name": "Flatten", "config": {"name": "flatten"}},
          {"class_name": "Dropout", "config": {"name": "drop", "rate": 0.5}},
          {"class_name": "Dense", "config": {"name": "out", "units": 10, "activation": "softmax"}}]}""",
                "test");
        Path straight = dir.resolve("straight");
        job().start(withArchitecture(options(straight, 3), dropout), quiet());
        Path interrupted = dir.resolve("interrupted");
        job().start(withArchitecture(options(interrupted, 1), dropout), quiet());
        job().resume(interrupted, Optional.of(3), Optional.empty(), 1, quiet());
        assertEquals(
                Files.readString(straight.resolve("training.csv")),
                Files.readString(interrupted.resolve("training.csv")));
        assertArrayEquals(weights(straight), weights(interrupted));
    }

    static TrainOptions withArchitecture(TrainOptions o, Architecture arch) {
        return new TrainOptions(
                arch,
                o.dataset(),
                o.dataDir(),
                o.epochs(),
                o.batchSize(),
                o.seed(),
                o.limit(),
                o.out(),
                o.verbose(),
                o.from(),
                o.precision());
    }

    @Test
    void refusesToOverwriteAnEarlierRun() throws Exception {
        Path out = dir.resolve("run");
        job().start(options(out, 1), quiet());
        BadInputException e = assertThrows(BadInputException.class, () -> job().start(options(out, 1), quiet()));
        // the way out is the front end's to word (the CLI: --resume); this layer says what the folder holds
        assertTrue(
                e.getMessage().endsWith("already holds a training run")
                        && e.remedy() == dev.kerascope.io.Remedy.CONTINUE_OR_OTHER_FOLDER,
                e.getMessage());
    }
}
