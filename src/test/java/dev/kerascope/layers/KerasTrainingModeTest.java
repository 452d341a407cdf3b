package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.graph.ModelVariable;
import dev.kerascope.graph.Tensors;
import dev.kerascope.graph.TrainableGraph;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import dev.kerascope.train.TrainingGraph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * KerasGraphBuilder's TRAINING mode against plain Java: BatchNormalization's moving statistics, trainable flags,
 * dropout.
 */
class KerasTrainingModeTest {
    static final int N = 2, H = 4, W = 4, C = 2, UNITS = 5, CLASSES = 3;
    static final float MOMENTUM = 0.9f;

    @TempDir
    Path dir;

    /** in (4, 4, 2) -> bn -> flatten -> frozen Dense(5, relu, trainable false) -> out Dense(3, softmax). */
    private static String config(boolean keras3) {
        String input = keras3
                ? "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4, 4, 2], \"name\": \"in\"}},"
                : "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 4, 4, 2], \"name\": "
                        + "\"in\"}},";
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": [" + input
                + "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"axis\": -1, \"momentum\": "
                + MOMENTUM
                + ", \"epsilon\": 0.001}},"
                + "{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flatten\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"frozen\", \"units\": 5, \"activation\": "
                + "\"relu\", \"trainable\": false}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"out\", \"units\": 3, \"activation\": "
                + "\"softmax\"}}]}}";
    }

    private static final float[] GAMMA = {1.2f, 0.8f}, BETA = {0.1f, -0.2f}, MEAN = {0.3f, -0.5f}, VAR = {1.5f, 0.7f};
    private static final float[] K1 = KerasFileFixtures.values(H * W * C * UNITS, 11),
            B1 = KerasFileFixtures.values(UNITS, 12);
    private static final float[] K2 = KerasFileFixtures.values(UNITS * CLASSES, 13),
            B2 = KerasFileFixtures.values(CLASSES, 14);

    private KerasFile keras3() throws IOException {
        Map<String, Weight> v = new LinkedHashMap<>();
        v.put("layers/batch_normalization/vars/0", new Weight(GAMMA, C));
        v.put("layers/batch_normalization/vars/1", new Weight(BETA, C));
        v.put("layers/batch_normalization/vars/2", new Weight(MEAN, C));
        v.put("layers/batch_normalization/vars/3", new Weight(VAR, C));
        v.put("layers/dense/vars/0", new Weight(K1, H * W * C, UNITS));
        v.put("layers/dense/vars/1", new Weight(B1, UNITS));
        v.put("layers/dense_1/vars/0", new Weight(K2, UNITS, CLASSES));
        v.put("layers/dense_1/vars/1", new Weight(B2, CLASSES));
        return KerasFiles.read(KerasFileFixtures.keras3(dir, "bn3", config(true), v));
    }

    private KerasFile keras2() throws IOException {
        Map<String, Map<String, Weight>> layers = new LinkedHashMap<>();
        layers.put(
                "bn",
                Map.of(
                        "gamma",
                        new Weight(GAMMA, C),
                        "beta",
                        new Weight(BETA, C),
                        "moving_mean",
                        new Weight(MEAN, C),
                        "moving_variance",
                        new Weight(VAR, C)));
        layers.put("frozen", Map.of("kernel", new Weight(K1, H * W * C, UNITS), "bias", new Weight(B1, UNITS)));
        layers.put("out", Map.of("kernel", new Weight(K2, UNITS, CLASSES), "bias", new Weight(B2, CLASSES)));
        return KerasFiles.read(KerasFileFixtures.keras2(dir, "bn2", config(false), layers));
    }

    /** One Adam step on a batch; returns the weights before and after. */
    private static List<Map<String, float[]>> oneStep(KerasFile file, float[] x) {
        try (TrainingGraph g = new TrainingGraph(
                (tf, step) -> KerasGraphBuilder.build(tf, file, TrainableGraph.Mode.TRAINING, 5, step),
                1e-2,
                file.source().toString())) {
            List<String> trainable = g.model().trainableVariables().stream()
                    .map(ModelVariable::name)
                    .toList();
            assertEquals(
                    List.of("bn/gamma", "bn/beta", "out/kernel", "out/bias"),
                    trainable,
                    "moving statistics and the frozen layer stay out of the optimizer");
            g.initialize(0);
            Map<String, float[]> before = g.weights();
            g.trainStep(x, new int[] {0, 2}, N);
            return List.of(before, g.weights());
        }
    }

    @Test
    void oneStepMovesTheStatisticsByKerasMomentumAndTrainsOnlyTrainableWeights() throws IOException {
        float[] x = Run.random(N * H * W * C, 21, -2, 3);
        double[][] stats = batchStatistics(x);
        for (boolean keras3 : new boolean[] {true, false}) {
            List<Map<String, float[]>> w = oneStep(keras3 ? keras3() : keras2(), x);
            Map<String, float[]> after = w.get(1);
            int n = N * H * W;
            for (int c = 0; c < C; c++) {
                // Keras 3 moves the variance with the batch's biased variance; tf.keras 2's fused kernel with n/(n-1)
                // times it.
                double movedVar = keras3 ? stats[1][c] : stats[1][c] * n / (n - 1);
                double mean = MOMENTUM * MEAN[c] + (1 - MOMENTUM) * stats[0][c];
                double var = MOMENTUM * VAR[c] + (1 - MOMENTUM) * movedVar;
                assertEquals(mean, after.get("bn/moving_mean")[c], 1e-5, "moving_mean[" + c + "], keras3 " + keras3);
                assertEquals(
                        var, after.get("bn/moving_variance")[c], 1e-5, "moving_variance[" + c + "], keras3 " + keras3);
            }
            assertArrayEquals(K1, after.get("frozen/kernel"), "a layer with trainable false keeps its kernel");
            assertArrayEquals(B1, after.get("frozen/bias"));
            assertFalse(Arrays.equals(K2, after.get("out/kernel")), "the trainable head moves");
            assertFalse(Arrays.equals(GAMMA, after.get("bn/gamma")), "gamma is trained");
        }
    }

    /** Per channel: the batch mean and biased variance over examples, rows and columns. */
    private static double[][] batchStatistics(float[] x) {
        double[][] s = new double[2][C];
        int n = N * H * W;
        for (int i = 0; i < x.length; i++) {
            s[0][i % C] += x[i];
        }
        for (int c = 0; c < C; c++) {
            s[0][c] /= n;
        }
        for (int i = 0; i < x.length; i++) {
            double d = x[i] - s[0][i % C];
            s[1][i % C] += d * d;
        }
        for (int c = 0; c < C; c++) {
            s[1][c] /= n;
        }
        return s;
    }

    @Test
    void dropoutIsOffAtInferenceAndDropsWhileTraining() throws IOException {
        int n = 2, h = 6, w = 5, c = 3;
        float[] x = Run.random(n * h * w * c, 3, 0.5f, 2);
        for (String cls : List.of("Dropout", "SpatialDropout2D")) {
            String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                    + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 6, 5, 3], \"name\": "
                    + "\"in\"}},"
                    + "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"l\", \"rate\": 0.5}}]}}";
            KerasFile file = KerasFiles.read(KerasFileFixtures.keras3(dir, cls, json, Map.of()));
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g);
                KerasGraph k = KerasGraphBuilder.build(tf, file, TrainableGraph.Mode.TRAINING, 9, tf.constant(4L));
                try (Session s = new Session(g);
                        TFloat32 in = Tensors.floats(x, n, h, w, c);
                        TFloat32 on = TFloat32.scalarOf(1f)) {
                    float[] inference;
                    float[] training;
                    try (Result r = s.runner()
                            .feed(k.input(), in)
                            .fetch(k.layerOutputs().get("l"))
                            .run()) {
                        inference = Tensors.toFloats(r.get(0));
                    }
                    try (Result r = s.runner()
                            .feed(k.input(), in)
                            .feed(k.learningPhase().orElseThrow(), on)
                            .fetch(k.layerOutputs().get("l"))
                            .run()) {
                        training = Tensors.toFloats(r.get(0));
                    }
                    assertArrayEquals(
                            x, inference, cls + " is the identity at inference (learning phase 0, its default)");
                    int dropped = 0;
                    for (int i = 0; i < x.length; i++) {
                        assertTrue(
                                training[i] == 0 || training[i] == 2 * x[i], cls + ": dropped or scaled by 1/(1-rate)");
                        dropped += training[i] == 0 ? 1 : 0;
                    }
                    assertTrue(
                            dropped > x.length / 5 && dropped < x.length * 4 / 5,
                            cls + " drops about half: " + dropped + " of " + x.length);
                    if (cls.startsWith("Spatial")) {
                        for (int i = 0; i < x.length; i++) {
                            int example = i / (h * w * c);
                            int channel = i % c;
                            assertEquals(
                                    training[example * h * w * c + channel] == 0,
                                    training[i] == 0,
                                    "whole feature maps are dropped");
                        }
                    }
                }
            }
        }
    }
}
