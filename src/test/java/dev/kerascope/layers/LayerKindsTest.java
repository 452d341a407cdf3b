package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each supported layer kind, alone after an input of (2, 6, 5, 3), against its plain-Java definition. */
class LayerKindsTest {
    static final int N = 2, H = 6, W = 5, C = 3;
    static final float[] X = Run.random(N * H * W * C, 3, -2, 2);

    @TempDir
    Path dir;

    private int files;

    private float[] run(String cls, String config, Map<String, Weight> vars) throws IOException {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, " + H + ", " + W + ", " + C
                + "], \"name\": \"in\"}},"
                + "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"l\""
                + (config.isEmpty() ? "" : ", " + config) + "}}]}}";
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(dir, "m" + files++, json, vars));
        return Run.layers(f, X, new long[] {N, H, W, C}, List.of("l")).get("l");
    }

    private static Map<String, Weight> vars(String layer, Weight... ws) {
        Map<String, Weight> m = new LinkedHashMap<>();
        for (int i = 0; i < ws.length; i++) {
            m.put("layers/" + layer + "/vars/" + i, ws[i]);
        }
        return m;
    }

    private static void close(float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, "sizes");
        double d = Run.maxDiff(expected, actual);
        assertTrue(d <= tol, "differs by " + d);
    }

    @Test
    void conv2dSameStride2AndValid() throws IOException {
        float[] k = KerasFileFixtures.values(3 * 3 * C * 4, 1);
        float[] b = KerasFileFixtures.values(4, 2);
        float[] same = run(
                "Conv2D",
                "\"filters\": 4, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"same\", \"activation\": "
                        + "\"linear\"",
                vars("conv2d", new Weight(k, 3, 3, C, 4), new Weight(b, 4)));
        close(Reference.conv2d(X, N, H, W, C, k, List.of(3, 3, C, 4), b, 2, 2, true), same, 1e-5);
        float[] valid = run(
                "Conv2D",
                "\"filters\": 4, \"kernel_size\": 3, \"activation\": \"relu\"",
                vars("conv2d", new Weight(k, 3, 3, C, 4), new Weight(b, 4)));
        close(Reference.relu(Reference.conv2d(X, N, H, W, C, k, List.of(3, 3, C, 4), b, 1, 1, false)), valid, 1e-5);
    }

    @Test
    void denseOnTheLastAxisOfAnImage() throws IOException {
        float[] k = KerasFileFixtures.values(C * 4, 3);
        float[] b = KerasFileFixtures.values(4, 4);
        float[] y = run(
                "Dense",
                "\"units\": 4, \"activation\": \"tanh\"",
                vars("dense", new Weight(k, C, 4), new Weight(b, 4)));
        close(Reference.activation("tanh", Reference.dense(X, C, k, 4, b)), y, 1e-5);
    }

    @Test
    void poolingLocalAndGlobal() throws IOException {
        close(
                Reference.pool(X, N, H, W, C, 2, 2, true),
                run("MaxPooling2D", "\"pool_size\": [2, 2], \"strides\": [2, 2]", Map.of()),
                0);
        close(
                Reference.pool(X, N, H, W, C, 2, 1, false),
                run("AveragePooling2D", "\"pool_size\": 2, \"strides\": 1", Map.of()),
                1e-6);
        close(Reference.global(X, N, H * W, C, false), run("GlobalAveragePooling2D", "", Map.of()), 1e-6);
        close(Reference.global(X, N, H * W, C, true), run("GlobalMaxPooling2D", "", Map.of()), 0);
    }

    @Test
    void reshapesAndDropoutsKeepTheValues() throws IOException {
        close(X, run("Flatten", "", Map.of()), 0);
        close(X, run("Reshape", "\"target_shape\": [30, 3]", Map.of()), 0);
        close(X, run("Dropout", "\"rate\": 0.5", Map.of()), 0);
        close(X, run("SpatialDropout2D", "\"rate\": 0.5", Map.of()), 0);
    }

    @Test
    void batchNormalizationFromItsFourArrays() throws IOException {
        float[] g = KerasFileFixtures.values(C, 5),
                b = KerasFileFixtures.values(C, 6),
                m = KerasFileFixtures.values(C, 7);
        float[] v = {0.5f, 1.5f, 2f};
        float[] y = run(
                "BatchNormalization",
                "\"axis\": -1, \"epsilon\": 0.001",
                vars("batch_normalization", new Weight(g, C), new Weight(b, C), new Weight(m, C), new Weight(v, C)));
        close(Reference.batchNorm(X, g, b, m, v, 0.001f), y, 1e-5);
    }

    @Test
    void everyActivationByName() throws IOException {
        for (String a : List.of(
                "relu",
                "sigmoid",
                "tanh",
                "linear",
                "elu",
                "selu",
                "gelu",
                "swish",
                "silu",
                "leaky_relu",
                "hard_sigmoid")) {
            close(Reference.activation(a, X), run("Activation", "\"activation\": \"" + a + "\"", Map.of()), 1e-5);
        }
        close(Reference.softmax(X, C), run("Activation", "\"activation\": \"softmax\"", Map.of()), 1e-6);
        close(Reference.softmax(X, C), run("Softmax", "\"axis\": -1", Map.of()), 1e-6);
    }

    @Test
    void reluLayersWithTheirOptions() throws IOException {
        float[] expected = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            expected[i] = Math.min(1.5f, X[i] >= 0.5f ? X[i] : 0.1f * (X[i] - 0.5f));
        }
        close(expected, run("ReLU", "\"max_value\": 1.5, \"negative_slope\": 0.1, \"threshold\": 0.5", Map.of()), 1e-6);
        float[] leaky = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            leaky[i] = X[i] >= 0 ? X[i] : 0.3f * X[i];
        }
        close(leaky, run("LeakyReLU", "\"negative_slope\": 0.3", Map.of()), 1e-6);
        close(leaky, run("LeakyReLU", "\"alpha\": 0.3", Map.of()), 1e-6);
    }

    @Test
    void rescalingAndNormalization() throws IOException {
        float[] expected = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            expected[i] = X[i] / 255f - 1f;
        }
        close(expected, run("Rescaling", "\"scale\": 0.00392156862745098, \"offset\": -1.0", Map.of()), 1e-6);
        float[] mean = {0.1f, -0.2f, 0.3f}, var = {4f, 0.25f, 1f};
        float[] norm = new float[X.length];
        for (int i = 0; i < X.length; i++) {
            norm[i] = (float) ((X[i] - mean[i % C]) / Math.sqrt(var[i % C]));
        }
        close(
                norm,
                run(
                        "Normalization",
                        "\"axis\": [-1], \"mean\": null, \"variance\": null",
                        vars("normalization", new Weight(mean, C), new Weight(var, C))),
                1e-5);
    }

    @Test
    void paddingCroppingUpsampling() throws IOException {
        close(
                Reference.pad(X, N, H, W, C, 1, 2, 0, 1),
                run("ZeroPadding2D", "\"padding\": [[1, 2], [0, 1]]", Map.of()),
                0);
        float[] cropped = Reference.pad(Reference.pad(X, N, H, W, C, 0, 0, 0, 0), N, H, W, C, 0, 0, 0, 0);
        float[] crop = run("Cropping2D", "\"cropping\": [[1, 2], [0, 1]]", Map.of());
        assertEquals(N * 3 * 4 * C, crop.length);
        for (int b = 0; b < N; b++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 4; x++) {
                    for (int c = 0; c < C; c++) {
                        assertEquals(cropped[((b * H + y + 1) * W + x) * C + c], crop[((b * 3 + y) * 4 + x) * C + c]);
                    }
                }
            }
        }
        close(
                Reference.upsample(X, N, H, W, C, 2, 3),
                run("UpSampling2D", "\"size\": [2, 3], \"interpolation\": \"nearest\"", Map.of()),
                0);
    }

    @Test
    void depthwiseAndSeparableConvolutions() throws IOException {
        float[] dk = KerasFileFixtures.values(2 * 2 * C * 2, 8), db = KerasFileFixtures.values(C * 2, 9);
        float[] y = run(
                "DepthwiseConv2D",
                "\"kernel_size\": [2, 2], \"depth_multiplier\": 2, \"activation\": \"linear\"",
                vars("depthwise_conv2d", new Weight(dk, 2, 2, C, 2), new Weight(db, C * 2)));
        close(Reference.depthwise(X, N, H, W, C, dk, 2, 2, 2, db), y, 1e-5);
        float[] pk = KerasFileFixtures.values(C * 2 * 4, 10), pb = KerasFileFixtures.values(4, 11);
        float[] sep = run(
                "SeparableConv2D",
                "\"filters\": 4, \"kernel_size\": 2, \"depth_multiplier\": 2, \"activation\": \"linear\"",
                vars(
                        "separable_conv2d",
                        new Weight(dk, 2, 2, C, 2),
                        new Weight(pk, 1, 1, C * 2, 4),
                        new Weight(pb, 4)));
        float[] depth = Reference.depthwise(X, N, H, W, C, dk, 2, 2, 2, null);
        close(Reference.dense(depth, C * 2, pk, 4, pb), sep, 1e-5);
    }
}
