package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.kerasfile.WeightSpecs;
import dev.kerascope.savedmodel.KerasShapes;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * channels_first data, grouped Conv2D and Conv2DTranspose's output_padding: shapes and weight shapes against Keras's
 * documented formulas, values against plain-Java loops written from the definitions.
 */
class LayerGapsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int N = 2, H = 6, W = 5, C = 4;

    @TempDir
    Path dir;

    private int files;

    private float[] run(int[] inShape, float[] x, String cls, String config, Map<String, Weight> vars)
            throws IOException {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, "
                + inShape[0] + ", " + inShape[1] + ", " + inShape[2] + "], \"name\": \"in\"}}, "
                + "{\"class_name\": \"" + cls + "\", \"config\": {\"name\": \"l\", " + config + "}}]}}";
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(dir, "g" + files++, json, vars));
        return Run.layers(f, x, new long[] {N, inShape[0], inShape[1], inShape[2]}, List.of("l"))
                .get("l");
    }

    private static Map<String, Weight> vars(String layer, Weight... ws) {
        Map<String, Weight> m = new LinkedHashMap<>();
        for (int i = 0; i < ws.length; i++) {
            m.put("layers/" + layer + "/vars/" + i, ws[i]);
        }
        return m;
    }

    private static List<Integer> shape(String cls, String config, Integer... in) throws IOException {
        return KerasShapes.output(cls, JSON.readTree(config), List.of(Arrays.asList(in)));
    }

    private static List<Integer> kernel(String cls, String config, Integer... in) throws IOException {
        return WeightSpecs.of(cls, JSON.readTree(config), Arrays.asList(in))
                .get(0)
                .shape();
    }

    /** NHWC to NCHW or back: {@code toFirst} moves the last axis to 1. */
    static float[] move(float[] x, int n, int a, int b, int c, boolean toFirst) {
        float[] out = new float[x.length];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < a; p++) {
                for (int q = 0; q < b; q++) {
                    for (int r = 0; r < c; r++) {
                        // toFirst: x is (n, a, b, c), the result (n, c, a, b); else the reverse.
                        int last = ((i * a + p) * b + q) * c + r, first = ((i * c + r) * a + p) * b + q;
                        if (toFirst) {
                            out[first] = x[last];
                        } else {
                            out[last] = x[first];
                        }
                    }
                }
            }
        }
        return out;
    }

    @Test
    void channelsFirstShapesFollowKerasFormulasOnTheChannelsAxis() throws IOException {
        String conv = "{\"filters\": 7, \"kernel_size\": 3, \"data_format\": \"channels_first\"}";
        assertEquals(Arrays.asList(null, 7, H - 2, W - 2), shape("Conv2D", conv, null, C, H, W));
        assertEquals(List.of(3, 3, C, 7), kernel("Conv2D", conv, null, C, H, W));
        String pool = "{\"pool_size\": 2, \"data_format\": \"channels_first\"}";
        assertEquals(Arrays.asList(null, C, H / 2, W / 2), shape("MaxPooling2D", pool, null, C, H, W));
        String first = "{\"data_format\": \"channels_first\"}";
        assertEquals(Arrays.asList(null, C), shape("GlobalAveragePooling2D", first, null, C, H, W));
        assertEquals(Arrays.asList(null, C * H * W), shape("Flatten", first, null, C, H, W));
    }

    @Test
    void channelsFirstConvPoolAndFlattenEqualTheirChannelsLastTwinsOnTransposedData() throws IOException {
        float[] xLast = Run.random(N * H * W * C, 11, -1, 1);
        float[] xFirst = move(xLast, N, H, W, C, true);
        float[] k = KerasFileFixtures.values(3 * 3 * C * 5, 12), b = KerasFileFixtures.values(5, 13);
        int[] in = {C, H, W};
        String first = "\"data_format\": \"channels_first\"";
        float[] conv = run(
                in,
                xFirst,
                "Conv2D",
                "\"filters\": 5, \"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\", " + first,
                vars("conv2d", new Weight(k, 3, 3, C, 5), new Weight(b, 5)));
        float[] expected = Reference.conv2d(xLast, N, H, W, C, k, List.of(3, 3, C, 5), b, 2, 2, true);
        double convDiff = Run.maxDiff(move(expected, N, 3, 3, 5, true), conv);
        assertTrue(convDiff <= 1e-5, "conv differs by " + convDiff);
        float[] pool = run(in, xFirst, "MaxPooling2D", "\"pool_size\": 2, " + first, Map.of());
        assertEquals(0, Run.maxDiff(move(Reference.pool(xLast, N, H, W, C, 2, 2, true), N, 3, 2, C, true), pool));
        // Keras's Flatten moves the channels last before flattening, so weights keep their order across formats.
        assertEquals(0, Run.maxDiff(xLast, run(in, xFirst, "Flatten", first, Map.of())));
    }

    @Test
    void channelsFirstGlobalPoolingTakesOpenSpatialDimensions() throws IOException {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, " + C + ", null, null], "
                + "\"name\": \"in\"}}, {\"class_name\": \"GlobalAveragePooling2D\", "
                + "\"config\": {\"name\": \"l\", \"data_format\": \"channels_first\"}}]}}";
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(dir, "open", json, Map.of()));
        float[] xLast = Run.random(N * H * W * C, 14, -1, 1);
        float[] y = Run.layers(f, move(xLast, N, H, W, C, true), new long[] {N, C, H, W}, List.of("l"))
                .get("l");
        assertTrue(Run.maxDiff(Reference.global(xLast, N, H * W, C, false), y) <= 1e-6);
    }

    @Test
    void batchNormalizationOverAxisOneNormalisesTheChannelsOfChannelsFirstData() throws IOException {
        String bn = "{\"axis\": 1, \"epsilon\": 0.001}";
        assertEquals(List.of(C), kernel("BatchNormalization", bn, null, C, H, W), "gamma has one value per channel");
        float[] gamma = {1.5f, 0.5f, 1f, 2f}, beta = {0.1f, -0.1f, 0f, 0.3f}, mean = {0.2f, 0.3f, -0.4f, 0f};
        float[] var = {2f, 0.5f, 1f, 0.25f};
        float[] xLast = Run.random(N * H * W * C, 15, -1, 1);
        float[] y = run(
                new int[] {C, H, W},
                move(xLast, N, H, W, C, true),
                "BatchNormalization",
                "\"axis\": 1, \"epsilon\": 0.001",
                vars(
                        "batch_normalization",
                        new Weight(gamma, C),
                        new Weight(beta, C),
                        new Weight(mean, C),
                        new Weight(var, C)));
        float[] expected = move(Reference.batchNorm(xLast, gamma, beta, mean, var, 0.001f), N, H, W, C, true);
        assertTrue(Run.maxDiff(expected, y) <= 1e-5, "differs by " + Run.maxDiff(expected, y));
    }

    @Test
    void groupedConvShapesAndParametersFollowKeras() throws IOException {
        String grouped = "{\"filters\": 6, \"kernel_size\": 3, \"groups\": 2}";
        assertEquals(Arrays.asList(null, H - 2, W - 2, 6), shape("Conv2D", grouped, null, H, W, C));
        // kernel (kh, kw, in/groups, filters): 3*3*2*6 + 6 = 114 parameters instead of 222 ungrouped.
        assertEquals(List.of(3, 3, C / 2, 6), kernel("Conv2D", grouped, null, H, W, C));
    }

    @Test
    void groupedConvConvolvesEachChannelGroupWithItsOwnFilters() throws IOException {
        int groups = 2, filters = 6, cg = C / groups, fg = filters / groups;
        float[] x = Run.random(N * H * W * C, 21, -1, 1);
        float[] k = KerasFileFixtures.values(3 * 3 * cg * filters, 22), b = KerasFileFixtures.values(filters, 23);
        float[] y = run(
                new int[] {H, W, C},
                x,
                "Conv2D",
                "\"filters\": 6, \"kernel_size\": 3, \"groups\": 2",
                vars("conv2d", new Weight(k, 3, 3, cg, filters), new Weight(b, filters)));
        int oh = H - 2, ow = W - 2;
        float[] expected = new float[N * oh * ow * filters];
        for (int n = 0; n < N; n++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int f = 0; f < filters; f++) {
                        double sum = b[f];
                        int g = f / fg;
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                for (int ci = 0; ci < cg; ci++) {
                                    sum += x[((n * H + i + ky) * W + j + kx) * C + g * cg + ci]
                                            * k[((ky * 3 + kx) * cg + ci) * filters + f];
                                }
                            }
                        }
                        expected[((n * oh + i) * ow + j) * filters + f] = (float) sum;
                    }
                }
            }
        }
        assertTrue(Run.maxDiff(expected, y) <= 1e-5, "differs by " + Run.maxDiff(expected, y));
    }

    @Test
    void transposedConvOutputPaddingFollowsKerasDeconvOutputLength() throws IOException {
        // Keras: (in - 1) * stride + kernel - 2 * pad + output_padding, pad = kernel // 2 for same, 0 for valid.
        String same =
                "{\"filters\": 2, \"kernel_size\": 3, \"strides\": 2, \"padding\": \"same\", \"output_padding\": 1}";
        assertEquals(
                Arrays.asList(null, (H - 1) * 2 + 3 - 2 + 1, (W - 1) * 2 + 3 - 2 + 1, 2),
                shape("Conv2DTranspose", same, null, H, W, C));
        String valid = same.replace("same", "valid");
        assertEquals(
                Arrays.asList(null, (H - 1) * 2 + 3 + 1, (W - 1) * 2 + 3 + 1, 2),
                shape("Conv2DTranspose", valid, null, H, W, C));
        assertEquals(List.of(3, 3, 2, C), kernel("Conv2DTranspose", same, null, H, W, C));
    }

    @Test
    void transposedConvWithOutputPaddingScattersEachInputOverTheKernel() throws IOException {
        for (String padding : List.of("same", "valid")) {
            float[] x = Run.random(N * H * W * C, 31, -1, 1);
            float[] k = KerasFileFixtures.values(3 * 3 * 2 * C, 32), b = KerasFileFixtures.values(2, 33);
            float[] y = run(
                    new int[] {H, W, C},
                    x,
                    "Conv2DTranspose",
                    "\"filters\": 2, \"kernel_size\": 3, \"strides\": 2, " + "\"padding\": \"" + padding
                            + "\", \"output_padding\": 1",
                    vars("conv2d_transpose", new Weight(k, 3, 3, 2, C), new Weight(b, 2)));
            int pad = padding.equals("same") ? 1 : 0;
            int oh = (H - 1) * 2 + 3 - 2 * pad + 1, ow = (W - 1) * 2 + 3 - 2 * pad + 1;
            // The forward convolution whose gradient this is pads max((in - 1) * stride + kernel - out, 0) / 2 at the
            // top.
            int top = Math.max((H - 1) * 2 + 3 - oh, 0) / 2, left = Math.max((W - 1) * 2 + 3 - ow, 0) / 2;
            double[] sum = new double[N * oh * ow * 2];
            for (int n = 0; n < N; n++) {
                for (int i = 0; i < H; i++) {
                    for (int j = 0; j < W; j++) {
                        for (int ky = 0; ky < 3; ky++) {
                            for (int kx = 0; kx < 3; kx++) {
                                int r = i * 2 + ky - top, c = j * 2 + kx - left;
                                if (r < 0 || r >= oh || c < 0 || c >= ow) {
                                    continue;
                                }
                                for (int f = 0; f < 2; f++) {
                                    for (int ci = 0; ci < C; ci++) {
                                        sum[((n * oh + r) * ow + c) * 2 + f] +=
                                                x[((n * H + i) * W + j) * C + ci] * k[((ky * 3 + kx) * 2 + f) * C + ci];
                                    }
                                }
                            }
                        }
                    }
                }
            }
            float[] expected = new float[sum.length];
            for (int i = 0; i < sum.length; i++) {
                expected[i] = (float) (sum[i] + b[i % 2]);
            }
            assertTrue(Run.maxDiff(expected, y) <= 1e-5, padding + " differs by " + Run.maxDiff(expected, y));
        }
    }
}
