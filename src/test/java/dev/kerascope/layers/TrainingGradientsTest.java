package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.graph.ModelVariable;
import dev.kerascope.graph.Tensors;
import dev.kerascope.graph.TrainableGraph;
import dev.kerascope.graph.VariableValues;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.WeightArray;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Training through every layer kind marked T: the gradient of the training loss (softmax cross-entropy, as
 * train.TrainingGraph computes it) with respect to each trainable weight, as TensorFlow's backprop gives it in the
 * TRAINING graph at learning phase 1, against central finite differences of the same loss. A small model per kind: the
 * layer between a kernel it back-propagates into and a Dense softmax head, on a synthetic batch of 3 images of 4x4x2.
 */
class TrainingGradientsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int N = 3, H = 4, W = 4, C = 2, CLASSES = 3;
    static final float[] X = Run.random(N * H * W * C, 41, -1, 1);
    static final int[] LABELS = {0, 2, 1};
    static final float EPS = 5e-3f;

    private final Map<String, List<WeightArray>> weights = new LinkedHashMap<>();
    private final List<String> layers = new ArrayList<>();
    private int seed = 50;

    private TrainingGradientsTest layer(String cls, String config) {
        layers.add("{\"class_name\": \"" + cls + "\", \"config\": {" + config + "}}");
        return this;
    }

    private TrainingGradientsTest weight(
            String layer, String name, boolean trainable, float[] values, Integer... shape) {
        weights.computeIfAbsent(layer, k -> new ArrayList<>())
                .add(new WeightArray(name, List.of(shape), values, trainable));
        return this;
    }

    private TrainingGradientsTest conv(String name, int filters, int k) {
        layer(
                "Conv2D",
                "\"name\": \"" + name + "\", \"filters\": " + filters + ", \"kernel_size\": " + k
                        + ", \"activation\": \"linear\"");
        weight(name, "kernel", true, Run.random(k * k * C * filters, seed++, -0.7f, 0.7f), k, k, C, filters);
        return weight(name, "bias", true, Run.random(filters, seed++, -0.2f, 0.2f), filters);
    }

    private TrainingGradientsTest dense(String name, int in, int units, String activation) {
        layer("Dense", "\"name\": \"" + name + "\", \"units\": " + units + ", \"activation\": \"" + activation + "\"");
        weight(name, "kernel", true, Run.random(in * units, seed++, -0.5f, 0.5f), in, units);
        return weight(name, "bias", true, Run.random(units, seed++, -0.2f, 0.2f), units);
    }

    private TrainingGradientsTest head(int flat) {
        return layer("Flatten", "\"name\": \"flatten\"").dense("out", flat, CLASSES, "softmax");
    }

    private KerasFile file() throws Exception {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, " + H + ", " + W + ", " + C
                + "], \"name\": \"in\"}}, " + String.join(", ", layers) + "]}}";
        return new KerasFile(
                Path.of("gradients.keras"), KerasFile.Format.KERAS_ZIP, "3.9.2", JSON.readTree(json), weights);
    }

    /** The model in TRAINING mode at phase 1 with its loss; {@code check} then runs in its session. */
    private interface Check {
        void run(Session s, KerasGraph k, Operand<TFloat32> loss, TFloat32 x, TFloat32 on) throws Exception;
    }

    private void withModel(Check check) throws Exception {
        KerasFile f = file();
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            KerasGraph k = KerasGraphBuilder.build(tf, f, TrainableGraph.Mode.TRAINING, 7, tf.constant(3L));
            Operand<TFloat32> oneHot =
                    tf.oneHot(tf.constant(LABELS), tf.constant(CLASSES), tf.constant(1f), tf.constant(0f));
            Operand<TFloat32> perExample =
                    tf.nn.softmaxCrossEntropyWithLogits(k.logits(), oneHot).loss();
            Operand<TFloat32> loss = tf.math.mean(perExample, tf.constant(0));
            try (Session s = new Session(g);
                    TFloat32 x = Tensors.floats(X, N, H, W, C);
                    TFloat32 on = TFloat32.scalarOf(1f)) {
                k.initialize(s);
                check.run(s, k, loss, x, on);
            }
        }
    }

    /** Every trainable weight's backprop gradient against central differences, at up to 12 elements each. */
    private void assertGradientsMatchFiniteDifferences(String what) throws Exception {
        withModel((s, k, loss, x, on) -> {
            List<ModelVariable> vars = k.trainableVariables();
            List<Operand<TFloat32>> targets = new ArrayList<>();
            vars.forEach(v -> targets.add(v.variable()));
            @SuppressWarnings("unchecked")
            List<Output<TFloat32>> grads = (List<Output<TFloat32>>) (List<?>)
                    Ops.create(k.input().env()).gradients(loss, targets).dy();
            Session.Runner r = s.runner().feed(k.input(), x).feed(k.phase(), on);
            grads.forEach(r::fetch);
            double largest = 0;
            try (Result res = r.run()) {
                for (int i = 0; i < vars.size(); i++) {
                    ModelVariable v = vars.get(i);
                    float[] analytic = Tensors.toFloats(res.get(i));
                    float[] values = k.values().get(v).clone();
                    int step = Math.max(1, values.length / 12);
                    for (int j = 0; j < values.length; j += step) {
                        float saved = values[j];
                        values[j] = saved + EPS;
                        double plus = lossAt(s, k, v, values, loss, x, on);
                        values[j] = saved - EPS;
                        double minus = lossAt(s, k, v, values, loss, x, on);
                        values[j] = saved;
                        double fd = (plus - minus) / (2 * EPS);
                        largest = Math.max(largest, Math.abs(fd));
                        assertEquals(
                                fd,
                                analytic[j],
                                2e-3 + 2e-2 * Math.abs(fd),
                                what + ": d loss / d " + v.name() + "[" + j + "]");
                    }
                    VariableValues.assign(s, Map.of(v, values));
                }
            }
            assertTrue(largest > 1e-3, what + ": the gradients are not all zero");
        });
    }

    private static double lossAt(
            Session s, KerasGraph k, ModelVariable v, float[] values, Operand<TFloat32> loss, TFloat32 x, TFloat32 on) {
        VariableValues.assign(s, Map.of(v, values));
        try (Result res =
                s.runner().feed(k.input(), x).feed(k.phase(), on).fetch(loss).run()) {
            return Tensors.toFloats(res.get(0))[0];
        }
    }

    @Test
    void conv2dAndFlatten() throws Exception {
        conv("conv", 3, 2).head(3 * 3 * 3).assertGradientsMatchFiniteDifferences("Conv2D");
    }

    @Test
    void dense() throws Exception {
        layer("Flatten", "\"name\": \"flat\"")
                .dense("hidden", H * W * C, 4, "tanh")
                .dense("out", 4, CLASSES, "softmax")
                .assertGradientsMatchFiniteDifferences("Dense");
    }

    @Test
    void maxAndAveragePooling() throws Exception {
        conv("conv", 2, 1)
                .layer("MaxPooling2D", "\"name\": \"pool\", \"pool_size\": 2")
                .head(2 * 2 * 2)
                .assertGradientsMatchFiniteDifferences("MaxPooling2D");
        layers.clear();
        weights.clear();
        conv("conv", 2, 1)
                .layer("AveragePooling2D", "\"name\": \"pool\", \"pool_size\": 2, \"strides\": 1")
                .head(3 * 3 * 2)
                .assertGradientsMatchFiniteDifferences("AveragePooling2D");
    }

    @Test
    void globalAveragePooling() throws Exception {
        conv("conv", 4, 2)
                .layer("GlobalAveragePooling2D", "\"name\": \"gap\"")
                .dense("out", 4, CLASSES, "softmax")
                .assertGradientsMatchFiniteDifferences("GlobalAveragePooling2D");
    }

    @Test
    void dropoutWithItsMaskFixedByTheStep() throws Exception {
        conv("conv", 3, 2)
                .layer("Dropout", "\"name\": \"drop\", \"rate\": 0.4")
                .head(3 * 3 * 3)
                .assertGradientsMatchFiniteDifferences("Dropout");
    }

    @Test
    void activationLayers() throws Exception {
        for (String[] act : new String[][] {
            {"Activation", "\"activation\": \"relu\""},
            {"ReLU", "\"negative_slope\": 0.1"},
            {"LeakyReLU", "\"negative_slope\": 0.2"},
            {"Activation", "\"activation\": \"sigmoid\""}
        }) {
            layers.clear();
            weights.clear();
            conv("conv", 3, 2)
                    .layer(act[0], "\"name\": \"act\", " + act[1])
                    .head(3 * 3 * 3)
                    .assertGradientsMatchFiniteDifferences(act[0] + " " + act[1]);
        }
        layers.clear();
        weights.clear();
        // A Softmax layer as the head: the loss reads its input as logits, as Keras's from_logits=False does.
        layer("Flatten", "\"name\": \"flat\"")
                .dense("logits", H * W * C, CLASSES, "linear")
                .layer("Softmax", "\"name\": \"softmax\"")
                .assertGradientsMatchFiniteDifferences("Softmax");
    }

    @Test
    void batchNormalizationTrainsOnBatchStatisticsAndInfersWithTheMovedOnes() throws Exception {
        float[] gamma = {1.2f, 0.8f, 1.1f}, beta = {0.1f, -0.2f, 0.05f};
        float[] mean = {0.3f, -0.5f, 0.1f}, var = {1.5f, 0.7f, 1.1f};
        conv("conv", 3, 2)
                .layer("BatchNormalization", "\"name\": \"bn\", \"momentum\": 0.9, \"epsilon\": 0.001")
                .weight("bn", "gamma", true, gamma, 3)
                .weight("bn", "beta", true, beta, 3)
                .weight("bn", "moving_mean", false, mean, 3)
                .weight("bn", "moving_variance", false, var, 3)
                .head(3 * 3 * 3);
        assertGradientsMatchFiniteDifferences("BatchNormalization");
        withModel((s, k, loss, x, on) -> {
            float[] conv;
            try (Result res = s.runner()
                    .feed(k.input(), x)
                    .fetch(k.layerOutputs().get("conv"))
                    .run()) {
                conv = Tensors.toFloats(res.get(0));
            }
            // One training step's update: moving = 0.9 * moving + 0.1 * batch (Keras 3: the biased batch variance).
            Session.Runner step = s.runner().feed(k.input(), x).feed(k.phase(), on);
            for (Op u : k.updates()) {
                step.addTarget(u);
            }
            step.run();
            float[] movedMean = new float[3], movedVar = new float[3];
            int n = conv.length / 3;
            for (int c = 0; c < 3; c++) {
                double m = 0, v = 0;
                for (int i = c; i < conv.length; i += 3) {
                    m += conv[i];
                }
                m /= n;
                for (int i = c; i < conv.length; i += 3) {
                    v += (conv[i] - m) * (conv[i] - m);
                }
                v /= n;
                movedMean[c] = (float) (0.9 * mean[c] + 0.1 * m);
                movedVar[c] = (float) (0.9 * var[c] + 0.1 * v);
            }
            try (Result res = s.runner()
                    .feed(k.input(), x)
                    .fetch(k.layerOutputs().get("bn"))
                    .run()) {
                float[] inferred = Tensors.toFloats(res.get(0));
                float[] expected = Reference.batchNorm(conv, gamma, beta, movedMean, movedVar, 0.001f);
                double diff = Run.maxDiff(expected, inferred);
                assertTrue(diff <= 1e-5, "phase 0 normalises with the moved statistics: " + diff);
            }
        });
    }
}
