package dev.kerascope.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.ArchitectureJson;
import dev.kerascope.graph.Tensors;
import dev.kerascope.train.PixelTable;
import dev.kerascope.train.SavedModelExporter;
import dev.kerascope.train.TrainingGraph;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

class GradCamTest {
    @TempDir
    Path dir;

    /**
     * alpha_k (the spatial mean of d score / d A_k that Grad-CAM weighs channel k with) against a central difference
     * through the graph: conv4's output is fed with channel k shifted by +-eps everywhere, so (s(A + eps 1_k) - s(A -
     * eps 1_k)) / 2 eps = sum_ij d s / d A_kij = h w alpha_k. eps = 1e-3 on activations of order 1; a uniform shift
     * keeps every max-pool winner. Tolerance: 2% of alpha_k plus 1% of the largest |alpha|.
     */
    @Test
    void gradCamWeightsMatchDifferencesOfTheScoreThroughTheLayer() {
        Path model = SaliencyFiniteDifferencesTest.SHIPPED;
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
            Gradients gradients = new Gradients(w, model);
            float[] x = SaliencyFiniteDifferencesTest.digits(1, 3);
            int cls = Gradients.argmax(gradients.scores(x, 1))[0];
            Gradients.Batch b = gradients.run(x, 1, Target.classScore(cls), "conv4");
            long[] s = b.values().shape();
            int h = (int) s[1];
            int wd = (int) s[2];
            int k = (int) s[3];
            double[] alpha = CamMaps.gradCamWeights(b.gradient().values(), 0, h, wd, k);
            Integer[] order = new Integer[k];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (p, q) -> Double.compare(Math.abs(alpha[q]), Math.abs(alpha[p])));
            double largest = Math.abs(alpha[order[0]]);
            assertTrue(largest > 0, "every alpha is zero");
            float eps = 1e-3f;
            for (int channel : List.of(order[0], order[1], order[2], order[k / 2], order[k - 1])) {
                double plus = scoreWithShift(w, gradients, x, b.values().values(), s, channel, eps, cls);
                double minus = scoreWithShift(w, gradients, x, b.values().values(), s, channel, -eps, cls);
                double fd = (plus - minus) / (2 * eps) / (h * wd);
                System.out.printf("conv4 channel %d: alpha %.6g, difference %.6g%n", channel, alpha[channel], fd);
                assertEquals(
                        alpha[channel], fd, 0.02 * Math.abs(alpha[channel]) + 0.01 * largest, "channel " + channel);
            }
        }
    }

    private static double scoreWithShift(
            SavedModelWalker w, Gradients g, float[] x, float[] acts, long[] shape, int channel, float shift, int cls) {
        float[] a = acts.clone();
        int k = (int) shape[3];
        for (int i = channel; i < a.length; i += k) {
            a[i] += shift;
        }
        Session.Runner r = w.session().runner();
        try (TFloat32 in = Tensors.floats(x, 1, 28, 28, 1);
                TFloat32 fed = Tensors.floats(a, shape)) {
            r.feed(w.tensor(Fetch.tensor(w.inputs().get(0).tensorName())), in)
                    .feed(w.tensor(Fetch.layer("conv4")), fed)
                    .fetch(g.score().tensor());
            try (Result result = r.run()) {
                return Tensors.toFloats(result.get(0))[cls];
            }
        }
    }

    /**
     * A model whose answer is known: 1x1 conv channel 0 = ReLU(x) fires where the input is positive, channel 1 =
     * ReLU(-x) where it is negative; class 1's logit sums channel 0, class 0's sums channel 1. On an image positive in
     * its left half and negative in its right half, class 1's evidence lies wholly in the left half, class 0's in the
     * right.
     */
    @Test
    void handBuiltModelPutsGradCamMassWhereTheClassLooks() {
        Path model = handBuiltModel();
        float[] x = new float[64];
        for (int i = 0; i < 64; i++) {
            x[i] = i % 8 < 4 ? 0.5f + (i % 3) * 0.1f : -0.7f;
        }
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
            Explainer e = new Explainer(new Gradients(w, model));
            assertTrue(e.gradients().score().logits(), e.gradients().score().description());
            for (boolean plusPlus : List.of(false, true)) {
                assertEquals(
                        1.0,
                        leftShare(e.gradCam(x, 1, new int[] {1}, "conv", plusPlus)
                                .get(0)
                                .heat()),
                        1e-6,
                        "class 1");
                assertEquals(
                        0.0,
                        leftShare(e.gradCam(x, 1, new int[] {0}, "conv", plusPlus)
                                .get(0)
                                .heat()),
                        1e-6,
                        "class 0");
            }
            assertEquals("conv", e.defaultCamLayer());
            assertEquals(1.0, leftShare(e.saliency(x, 1, new int[] {1}).get(0).heat()), 1e-6, "saliency of class 1");
            // Grad-CAM's map at the layer is alpha_0 A_0 with alpha_0 = 1 (every position adds 1 to the logit):
            // the input where it is positive.
            float[] heat = e.gradCam(x, 1, new int[] {1}, "conv", false).get(0).heat();
            for (int i = 0; i < 64; i++) {
                assertEquals(Math.max(x[i], 0), heat[i], 1e-6, "pixel " + i);
            }
        }
    }

    private static double leftShare(float[] heat) {
        double left = 0;
        double all = 0;
        for (int i = 0; i < heat.length; i++) {
            left += i % 8 < 4 ? heat[i] : 0;
            all += heat[i];
        }
        assertTrue(all > 0, "the map is zero everywhere");
        return left / all;
    }

    private Path handBuiltModel() {
        Architecture arch = ArchitectureJson.parse(
                """
        {"name": "halves", "input_shape": [8, 8, 1], "layers": [
          {"class_name": "InputLayer", "config": {"name": "input_layer"}},
          {"class_name": "Conv2D", "config": {"name": "conv", "filters": 2, "kernel_size": [1, 1],
              "activation": "relu"}},
          {"class_name": "Flatten", "config": {"name": "flatten"}},
          {"class_name": "Dense", "config": {"name": "out", "units": 2, "activation": "softmax"}}],
         "training": {"dataset": "mnist", "epochs": 1, "batch_size": 8, "learning_rate": 0.001,
                      "preprocessing": {"scale": 1.0}}}""",
                "test");
        Path out = dir.resolve("halves");
        try (TrainingGraph g = new TrainingGraph(arch, 1e-3, 1)) {
            g.initialize(1);
            Map<String, float[]> weights = g.weights();
            for (var e : weights.entrySet()) {
                float[] v = e.getValue();
                Arrays.fill(v, 0);
                if (e.getKey().startsWith("conv") && e.getKey().contains("kernel")) {
                    v[0] = 1;
                    v[1] = -1;
                } else if (e.getKey().startsWith("out") && e.getKey().contains("kernel")) {
                    // Flattened index (row * 8 + col) * 2 + channel; kernel [128, 2] row-major.
                    for (int p = 0; p < 64; p++) {
                        v[(p * 2) * 2 + 1] = 1;
                        v[(p * 2 + 1) * 2] = 1;
                    }
                }
            }
            SavedModelExporter.export(arch, weights, PixelTable.of(arch.training()), "mnist", out);
        }
        return out;
    }

    /** Half-pixel bilinear resize worked by hand: a 2 x 2 map [0 1; 0 1] to 4 columns samples 0, 0.25, 0.75, 1. */
    @Test
    void upsamplingUsesHalfPixelCentresAndClampsAtTheEdges() {
        float[] up = CamMaps.upsample(new float[] {0, 1, 0, 1}, 2, 2, 4, 4);
        for (int r = 0; r < 4; r++) {
            assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1}, Arrays.copyOfRange(up, r * 4, r * 4 + 4), 1e-6f);
        }
        assertArrayEquals(new float[] {2, 2, 2, 2}, CamMaps.upsample(new float[] {2}, 1, 1, 2, 2), 0f);
    }
}
