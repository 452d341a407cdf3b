package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.data.DatasetDownloader;
import dev.kerascope.data.DatasetId;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.data.LabeledImages;
import dev.kerascope.io.BadInputException;
import dev.kerascope.layers.KerasConverter;
import dev.kerascope.report.ProgbarLogger;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import dev.kerascope.testing.SharedData;
import dev.kerascope.testing.SyntheticDigits;
import dev.kerascope.walker.SavedModelWalker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --from}: a loaded Keras model trained with train's run folder, resume and export. */
class TrainFromTest {
    @TempDir
    static Path data;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticDigits.writeIdx(data, SyntheticDigits.make(256, 31), SyntheticDigits.make(100, 32));
    }

    static TrainJob job() {
        DatasetDownloader none = new DatasetDownloader(new PrintStream(new ByteArrayOutputStream()));
        return new TrainJob(
                new DatasetLocator(data.resolve("no-keras"), data.resolve("no-debian"), none),
                new PrintStream(new ByteArrayOutputStream()));
    }

    static TrainJob.ProgressFactory quiet() {
        return log -> new ProgbarLogger(new PrintStream(new ByteArrayOutputStream()), false, 1, log, System::nanoTime);
    }

    static TrainOptions from(Path model, Path dataDir, int epochs, Optional<Integer> limit, Path out) {
        return new TrainOptions(
                null,
                DatasetId.MNIST,
                Optional.of(dataDir),
                epochs,
                32,
                7,
                limit,
                out,
                1,
                Optional.of(new TrainOptions.From(model, 1e-3, null, null)));
    }

    /**
     * in (28, 28, 1) -> Conv2D(4, 3x3, relu) -> BatchNormalization -> MaxPooling2D -> Flatten -> Dropout(0.3) ->
     * Dense(10, softmax).
     */
    private Path cnnWithBatchNormAndDropout() throws Exception {
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"cnn\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 28, 28, 1], \"name\": "
                + "\"in\"}},"
                + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv\", \"filters\": 4, \"kernel_size\": [3, "
                + "3], \"activation\": \"relu\"}},"
                + "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"momentum\": 0.9, "
                + "\"epsilon\": 0.001}},"
                + "{\"class_name\": \"MaxPooling2D\", \"config\": {\"name\": \"pool\", \"pool_size\": [2, 2], "
                + "\"strides\": [2, 2]}},"
                + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\"}},"
                + "{\"class_name\": \"Dropout\", \"config\": {\"name\": \"drop\", \"rate\": 0.3}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"out\", \"units\": 10, \"activation\": "
                + "\"softmax\"}}]}}";
        Map<String, Weight> v = new LinkedHashMap<>();
        v.put("layers/conv2d/vars/0", new Weight(scaled(KerasFileFixtures.values(36, 1), 0.4f), 3, 3, 1, 4));
        v.put("layers/conv2d/vars/1", new Weight(new float[4], 4));
        v.put("layers/batch_normalization/vars/0", new Weight(new float[] {1, 1, 1, 1}, 4));
        v.put("layers/batch_normalization/vars/1", new Weight(new float[4], 4));
        v.put("layers/batch_normalization/vars/2", new Weight(new float[4], 4));
        v.put("layers/batch_normalization/vars/3", new Weight(new float[] {1, 1, 1, 1}, 4));
        v.put("layers/dense/vars/0", new Weight(scaled(KerasFileFixtures.values(676 * 10, 2), 0.05f), 676, 10));
        v.put("layers/dense/vars/1", new Weight(new float[10], 10));
        return KerasFileFixtures.keras3(dir, "cnn", config, v);
    }

    private static float[] scaled(float[] v, float by) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= by;
        }
        return v;
    }

    static byte[] weights(Path run) throws Exception {
        return Files.readAllBytes(run.resolve("saved_model/variables/variables.data-00000-of-00001"));
    }

    @Test
    void resumingAFromRunEqualsAnUninterruptedOne() throws Exception {
        Path model = cnnWithBatchNormAndDropout();
        Path straight = dir.resolve("straight");
        TrainJob.Outcome o = job().start(from(model, data, 2, Optional.empty(), straight), quiet());
        assertEquals(2, o.history().epochs());
        for (String f : List.of(
                "history.json",
                "training.csv",
                "train.log",
                "run.json",
                "checkpoints/epoch-0002/state.json",
                "saved_model/saved_model.pb",
                "saved_model/assets.extra/kerascope.json")) {
            assertTrue(Files.isRegularFile(straight.resolve(f)), f);
        }
        Path interrupted = dir.resolve("interrupted");
        job().start(from(model, data, 1, Optional.empty(), interrupted), quiet());
        job().resume(interrupted, Optional.of(2), Optional.empty(), 1, quiet());
        assertEquals(
                Files.readString(straight.resolve("training.csv")),
                Files.readString(interrupted.resolve("training.csv")));
        assertArrayEquals(
                weights(straight),
                weights(interrupted),
                "the same weights, BatchNormalization statistics and dropout masks included");

        Path converted = dir.resolve("converted");
        KerasConverter.convert(model, converted);
        assertEquals(layerNames(converted), layerNames(straight.resolve("saved_model")));
        // The export's record states the preprocessing it was trained with (x/255), so a second --from keeps it.
        Path again = dir.resolve("again");
        job().start(from(straight.resolve("saved_model"), data, 1, Optional.empty(), again), quiet());
        assertTrue(
                Files.readString(again.resolve("train.log")).contains("x * 0.00392157, recorded in"),
                Files.readString(again.resolve("train.log")));
    }

    @Test
    void refusesAModelThatMnistImagesDoNotFeedInOneLine() throws Exception {
        String config = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"c\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 32, 32, 3], \"name\": "
                + "\"in\"}},"
                + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"out\", \"units\": 10, \"activation\": "
                + "\"softmax\"}}]}}";
        Path cifar = KerasFileFixtures.keras3(
                dir,
                "cifar",
                config,
                Map.of(
                        "layers/dense/vars/0",
                        new Weight(KerasFileFixtures.values(3072 * 10, 3), 3072, 10),
                        "layers/dense/vars/1",
                        new Weight(new float[10], 10)));
        BadInputException e = assertThrows(BadInputException.class, () -> job().start(
                        from(cifar, data, 1, Optional.empty(), dir.resolve("r")), quiet()));
        assertTrue(
                e.getMessage().contains("(None, 32, 32, 3)") && e.getMessage().contains("28x28x1"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line");
        assertFalse(Files.exists(dir.resolve("r")), "nothing written");
    }

    @Test
    void oneEpochOnMnistKeepsOrImprovesTheKeras3CnnsTestAccuracy() throws Exception {
        Path mnist = SharedData.require(SharedData.mnist());
        Path file = SharedData.require(SharedData.root().resolve("keras-files/keras3_392_mnist_cnn.keras"));
        LabeledImages test = DatasetLocator.standard()
                .load(DatasetId.MNIST, Optional.of(mnist))
                .test();
        Path converted = dir.resolve("converted");
        KerasConverter.convert(file, converted);
        double before = accuracy(converted, test);
        long t0 = System.nanoTime();
        Path run = dir.resolve("run");
        job().start(from(file, mnist, 1, Optional.of(10_000), run), quiet());
        double seconds = (System.nanoTime() - t0) / 1e9;
        double after = accuracy(run.resolve("saved_model"), test);
        System.out.printf(
                "train --from keras3_392_mnist_cnn.keras, 1 epoch on 10000 MNIST images: test accuracy %.4f -> %.4f "
                        + "(%.1f s)%n",
                before, after, seconds);
        assertTrue(after >= before, "accuracy " + before + " -> " + after);
        assertEquals(layerNames(converted), layerNames(run.resolve("saved_model")));
    }

    @Test
    void oneEpochOnMnistKeepsTheTrainedKeras2CnnWhereItWas() throws Exception {
        Path mnist = SharedData.require(SharedData.mnist());
        Path file = SharedData.require(SharedData.root().resolve("keras-files/keras2_tf20_mnist_cnn.h5"));
        LabeledImages test = DatasetLocator.standard()
                .load(DatasetId.MNIST, Optional.of(mnist))
                .test();
        Path converted = dir.resolve("converted");
        KerasConverter.convert(file, converted);
        double before = accuracy(converted, test);
        Path run = dir.resolve("run");
        TrainJob.Outcome o = job().start(from(file, mnist, 1, Optional.of(10_000), run), quiet());
        double after = accuracy(run.resolve("saved_model"), test);
        System.out.printf(
                "train --from keras2_tf20_mnist_cnn.h5, 1 epoch on 10000 MNIST images: test accuracy %.4f -> %.4f%n",
                before, after);
        // Already at 99%: fine-tuning may move it a little either way; it must not fall apart (x/255 is this model's
        // input).
        assertTrue(before > 0.98 && after >= before - 0.002, "accuracy " + before + " -> " + after);
        // The validation pass runs the training graph at learning phase 0: it equals the exported model's plain
        // evaluation.
        assertEquals(after, o.history().asMap().get("val_accuracy").get(0), 1e-4);
    }

    private static List<String> layerNames(Path savedModel) {
        try (SavedModelWalker w = SavedModelWalker.open(savedModel, Set.of("serve"), "serving_default")) {
            return w.layerNames();
        }
    }

    /** Plain evaluation through the walker: pixels / 255 in, the last layer's argmax against the labels. */
    static double accuracy(Path savedModel, LabeledImages set) {
        try (SavedModelWalker w = SavedModelWalker.open(savedModel, Set.of("serve"), "serving_default")) {
            String last = w.layerNames().get(w.layerNames().size() - 1);
            int size = set.imageSize();
            int correct = 0;
            for (int from = 0; from < set.count(); from += 500) {
                int n = Math.min(500, set.count() - from);
                float[] x = new float[n * size];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (set.pixels()[from * size + i] & 0xff) / 255f;
                }
                float[] p = w.fetch(x, n, List.of(last)).get(last).values();
                int classes = p.length / n;
                for (int b = 0; b < n; b++) {
                    int best = 0;
                    for (int k = 1; k < classes; k++) {
                        best = p[b * classes + k] > p[b * classes + best] ? k : best;
                    }
                    correct += best == set.label(from + b) ? 1 : 0;
                }
            }
            return correct / (double) set.count();
        }
    }
}
