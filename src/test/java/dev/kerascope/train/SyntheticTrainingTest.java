package dev.kerascope.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.data.LabeledImages;
import dev.kerascope.graph.Tensors;
import dev.kerascope.testing.SyntheticDigits;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.types.TFloat32;

/** keras-mnist trained on data the test makes itself, so it runs without the shared corpus. */
class SyntheticTrainingTest {
    static final Architecture ARCH = Architectures.builtIn("keras-mnist");
    static final LabeledImages TRAIN = SyntheticDigits.make(1024, 11);
    static final LabeledImages TEST = SyntheticDigits.make(256, 12);

    @TempDir
    Path dir;

    @Test
    void oneEpochLowersTheLossAndLearnsTheClasses() {
        PixelTable pre = PixelTable.of(ARCH.training());
        try (TrainingGraph graph = new TrainingGraph(ARCH, 1e-3, 3)) {
            graph.initialize(3);
            Trainer trainer = new Trainer(graph, pre, 32, 3, List.of());
            StepMetrics before = trainer.evaluate(TEST);
            assertEquals(Math.log(10), before.meanLoss(), 0.2, "an untrained glorot network is near chance");
            History h = trainer.fit(TRAIN, TEST, 0, 1, new History());
            assertTrue(
                    h.asMap().get("val_loss").get(0) < before.meanLoss() / 3,
                    "val_loss " + h.asMap().get("val_loss"));
            assertTrue(
                    h.asMap().get("val_accuracy").get(0) > 0.9,
                    "val_accuracy " + h.asMap().get("val_accuracy"));
            assertEquals(
                    List.of("accuracy", "loss", "val_accuracy", "val_loss"),
                    List.copyOf(h.asMap().keySet()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny-mnist", "tiny-fashion", "padded-mnist"})
    void everyBuiltInLearnsInOneEpoch(String name) {
        Architecture arch = Architectures.builtIn(name);
        try (TrainingGraph graph = new TrainingGraph(arch, 1e-3, 3)) {
            graph.initialize(3);
            Trainer trainer = new Trainer(graph, PixelTable.of(arch.training()), 32, 3, List.of());
            StepMetrics before = trainer.evaluate(TEST);
            History h = trainer.fit(TRAIN, TEST, 0, 1, new History());
            assertTrue(
                    h.asMap().get("val_loss").get(0) < before.meanLoss() / 2,
                    name + ": " + before.meanLoss() + " -> " + h.asMap());
            assertTrue(h.asMap().get("val_accuracy").get(0) > 0.8, name + ": " + h.asMap());
        }
    }

    @Test
    void theExportedSavedModelPredictsWhatTheLiveGraphPredicts() throws Exception {
        PixelTable pre = PixelTable.of(ARCH.training());
        float[] images = new float[16 * 784];
        int[] labels = new int[16];
        int[] order = new int[16];
        for (int i = 0; i < 16; i++) {
            order[i] = i;
        }
        pre.gather(TEST, order, 0, 16, images, labels);
        Path export = dir.resolve("saved_model");
        float[] live;
        try (TrainingGraph graph = new TrainingGraph(ARCH, 1e-3, 4)) {
            graph.initialize(4);
            new Trainer(graph, pre, 32, 4, List.of()).fit(TRAIN.head(256), null, 0, 1, new History());
            live = graph.predict(images, 16);
            SavedModelExporter.export(ARCH, graph.weights(), pre, "mnist", export);
        }
        try (SavedModelBundle bundle = SavedModelBundle.load(export.toString(), "serve");
                TFloat32 x = Tensors.floats(images, 16, 28, 28, 1);
                Result r = bundle.function("serving_default").call(Map.of("input_layer", x))) {
            float[] loaded = Tensors.toFloats(r.get("dense_1").orElseThrow());
            assertEquals(live.length, loaded.length);
            for (int i = 0; i < live.length; i++) {
                assertEquals(live[i], loaded[i], 1e-6, "prediction " + i);
            }
            // Every layer's output is reachable by name in the export, e.g. conv3 (16 x 10 x 10 x 64).
            try (Result conv3 = bundle.session()
                    .runner()
                    .feed("input_layer", x)
                    .fetch("conv3/output")
                    .run()) {
                assertArrayEquals(
                        new long[] {16, 10, 10, 64}, conv3.get(0).shape().asArray());
            }
            long variables = 0;
            for (var it = bundle.graph().operations(); it.hasNext(); ) {
                variables += it.next().type().equals("VariableV2") ? 1 : 0;
            }
            assertEquals(
                    2 * 7,
                    variables,
                    "a kernel and a bias for each of 5 Conv2D and 2 Dense layers, no optimizer state");
        }
    }
}
