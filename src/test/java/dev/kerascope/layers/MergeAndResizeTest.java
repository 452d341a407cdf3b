package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Merge layers in a functional graph (Keras 3's {"args"} form), Conv2DTranspose and Resizing against plain Java. */
class MergeAndResizeTest {
    static final int N = 2, H = 4, W = 3, C = 2;
    static final float[] X = Run.random(N * H * W * C, 13, -2, 2);

    @TempDir
    Path dir;

    private int files;

    private static String tensor(String layer) {
        return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, " + H + ", " + W + ", " + C
                + "], \"dtype\": \"float32\", \"keras_history\": [\"" + layer + "\", 0, 0]}}";
    }

    /** in -> a = relu(in) -> m = MERGE(in, a): both inputs known in plain Java. */
    private Map<String, float[]> merge(String cls, String config) throws IOException {
        String json = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"batch_shape\": [null, " + H + ", "
                + W + ", " + C
                + "], \"name\": \"in\"}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Activation\", \"name\": \"a\", \"config\": {\"name\": \"a\", \"activation\": "
                + "\"relu\"}, "
                + "\"inbound_nodes\": [{\"args\": [" + tensor("in") + "], \"kwargs\": {}}]},"
                + "{\"class_name\": \"" + cls + "\", \"name\": \"m\", \"config\": {\"name\": \"m\"" + config + "}, "
                + "\"inbound_nodes\": [{\"args\": [[" + tensor("in") + ", " + tensor("a") + "]], \"kwargs\": {}}]}],"
                + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"m\", 0, 0]]}}";
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(dir, "m" + files++, json, Map.of()));
        return Run.layers(f, X, new long[] {N, H, W, C}, List.of("a", "m"));
    }

    @Test
    void elementwiseMerges() throws IOException {
        for (String cls : List.of("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")) {
            Map<String, float[]> out = merge(cls, "");
            float[] a = Reference.relu(X);
            float[] expected = new float[X.length];
            for (int i = 0; i < X.length; i++) {
                expected[i] = switch (cls) {
                    case "Add" -> X[i] + a[i];
                    case "Subtract" -> X[i] - a[i];
                    case "Multiply" -> X[i] * a[i];
                    case "Average" -> (X[i] + a[i]) / 2;
                    case "Maximum" -> Math.max(X[i], a[i]);
                    default -> Math.min(X[i], a[i]);
                };
            }
            assertTrue(Run.maxDiff(expected, out.get("m")) <= 1e-6, cls);
        }
    }

    @Test
    void concatenateOnChannels() throws IOException {
        float[] m = merge("Concatenate", ", \"axis\": -1").get("m");
        assertEquals(2 * X.length, m.length);
        float[] a = Reference.relu(X);
        for (int p = 0; p < X.length / C; p++) {
            for (int c = 0; c < C; c++) {
                assertEquals(X[p * C + c], m[p * 2 * C + c]);
                assertEquals(a[p * C + c], m[p * 2 * C + C + c]);
            }
        }
    }

    private float[] single(String cls, String config, Map<String, Weight> vars) throws IOException {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, " + H + ", " + W + ", " + C
                + "], \"name\": \"in\"}},"
                + "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"l\", " + config + "}}]}}";
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(dir, "s" + files++, json, vars));
        return Run.layers(f, X, new long[] {N, H, W, C}, List.of("l")).get("l");
    }

    @Test
    void conv2dTransposeValidStride2() throws IOException {
        int k = 3, s = 2, f = 4;
        float[] kernel = KerasFileFixtures.values(k * k * f * C, 21), bias = KerasFileFixtures.values(f, 22);
        float[] y = single(
                "Conv2DTranspose",
                "\"filters\": 4, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"valid\", "
                        + "\"output_padding\": null, \"activation\": \"linear\"",
                Map.of(
                        "layers/conv2d_transpose/vars/0",
                        new Weight(kernel, k, k, f, C),
                        "layers/conv2d_transpose/vars/1",
                        new Weight(bias, f)));
        int oh = (H - 1) * s + k, ow = (W - 1) * s + k;
        float[] ref = new float[N * oh * ow * f];
        for (int b = 0; b < N; b++) {
            for (int y0 = 0; y0 < oh; y0++) {
                for (int x0 = 0; x0 < ow; x0++) {
                    for (int o = 0; o < f; o++) {
                        ref[((b * oh + y0) * ow + x0) * f + o] = bias[o];
                    }
                }
            }
            for (int yy = 0; yy < H; yy++) {
                for (int xx = 0; xx < W; xx++) {
                    for (int i = 0; i < k; i++) {
                        for (int j = 0; j < k; j++) {
                            for (int o = 0; o < f; o++) {
                                for (int c = 0; c < C; c++) {
                                    ref[((b * oh + yy * s + i) * ow + xx * s + j) * f + o] +=
                                            X[((b * H + yy) * W + xx) * C + c] * kernel[((i * k + j) * f + o) * C + c];
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(Run.maxDiff(ref, y) <= 1e-5, "differs by " + Run.maxDiff(ref, y));
    }

    @Test
    void resizingBilinearWithHalfPixelCentres() throws IOException {
        int oh = 7, ow = 5;
        float[] y = single(
                "Resizing",
                "\"height\": 7, \"width\": 5, \"interpolation\": \"bilinear\", \"crop_to_aspect_ratio\": false",
                Map.of());
        float[] ref = new float[N * oh * ow * C];
        for (int b = 0; b < N; b++) {
            for (int i = 0; i < oh; i++) {
                double sy = (i + 0.5) * H / oh - 0.5;
                int y0 = (int) Math.max(Math.floor(sy), 0), y1 = (int) Math.min(Math.ceil(sy), H - 1);
                double ly = sy - Math.floor(sy);
                for (int j = 0; j < ow; j++) {
                    double sx = (j + 0.5) * W / ow - 0.5;
                    int x0 = (int) Math.max(Math.floor(sx), 0), x1 = (int) Math.min(Math.ceil(sx), W - 1);
                    double lx = sx - Math.floor(sx);
                    for (int c = 0; c < C; c++) {
                        double top =
                                X[((b * H + y0) * W + x0) * C + c] * (1 - lx) + X[((b * H + y0) * W + x1) * C + c] * lx;
                        double bot =
                                X[((b * H + y1) * W + x0) * C + c] * (1 - lx) + X[((b * H + y1) * W + x1) * C + c] * lx;
                        ref[((b * oh + i) * ow + j) * C + c] = (float) (top * (1 - ly) + bot * ly);
                    }
                }
            }
        }
        assertTrue(Run.maxDiff(ref, y) <= 1e-5, "differs by " + Run.maxDiff(ref, y));
    }
}
