package dev.kerascope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Adam where epsilon decides the answer. Adam's first step is lr·sign(g) whatever epsilon is, and with gradients around
 * 1e-3 epsilon changes an update by one part in 1e4; here the kernel's gradients are around 1e-8 to 1e-7 (inputs scaled
 * by ~1e-7) and change sign and size every step, so sqrt(v) and epsilon are of the same order and 1e-8 instead of
 * Keras's 1e-7 changes each update by tens of percent. The oracle is Keras 3's {@code Adam.update_step} written out in
 * doubles on a hand-computed gradient.
 */
class AdamNearEpsilonTest {
    static final int N = 5;
    static final float[] BASE = TrainingGraphTest.X;
    /** Per-step input scales: changing size and sign keeps m and v from settling. */
    static final double[] SCALE = {3e-7, -1e-7, 2e-7, 5e-8, -4e-7, 1.5e-7, -2.5e-7};

    static final int[][] LABELS = {
        {2, 0, 1, 1, 0},
        {0, 1, 2, 2, 1},
        {1, 1, 0, 2, 2},
        {2, 2, 2, 0, 1},
        {0, 0, 1, 2, 1},
        {1, 2, 0, 0, 2},
        {2, 1, 1, 0, 0}
    };

    /** Mean cross-entropy of softmax(xW + b) and its gradients, in doubles. */
    static double lossAndGradients(float[] x, int[] y, float[] w, float[] b, double[] gw, double[] gb) {
        Arrays.fill(gw, 0);
        Arrays.fill(gb, 0);
        double loss = 0;
        for (int i = 0; i < N; i++) {
            double[] z = new double[3];
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < 3; c++) {
                z[c] = b[c];
                for (int f = 0; f < 4; f++) {
                    z[c] += (double) x[i * 4 + f] * w[f * 3 + c];
                }
                max = Math.max(max, z[c]);
            }
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(z[c] - max);
            }
            for (int c = 0; c < 3; c++) {
                double d = (Math.exp(z[c] - max) / sum - (y[i] == c ? 1 : 0)) / N;
                gb[c] += d;
                for (int f = 0; f < 4; f++) {
                    gw[f * 3 + c] += x[i * 4 + f] * d;
                }
            }
            loss -= (z[y[i]] - max - Math.log(sum)) / N;
        }
        return loss;
    }

    /** Keras 3 Adam.update_step; returns the update subtracted from each variable. */
    static double[] kerasAdam(double[] m, double[] v, double[] g, int t) {
        double alpha = 1e-3 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
        double[] update = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            m[i] += (g[i] - m[i]) * (1 - 0.9);
            v[i] += (g[i] * g[i] - v[i]) * (1 - 0.999);
            update[i] = alpha * m[i] / (Math.sqrt(v[i]) + 1e-7);
        }
        return update;
    }

    @Test
    void sevenStepsWithGradientsNearEpsilonFollowKerasAdam() {
        // Small weights keep float32's spacing (~1e-9) far below the updates (~1e-4).
        float[] w = {0.01f, -0.02f, 0.03f, 0.015f, -0.01f, 0.005f, -0.025f, 0.02f, 0.01f, 0.0f, 0.012f, -0.018f};
        float[] b = {0f, 0f, 0f};
        double[] mw = new double[12], vw = new double[12], mb = new double[3], vb = new double[3];
        double[] gw = new double[12], gb = new double[3];
        double smallest = Double.MAX_VALUE;
        double largest = 0;
        try (TrainingGraph graph = new TrainingGraph(TrainingGraphTest.SOFTMAX_REGRESSION, 1e-3, 1)) {
            graph.initialize(1);
            graph.setWeights(Map.of("out/kernel", w, "out/bias", b));
            for (int t = 1; t <= SCALE.length; t++) {
                float[] x = new float[BASE.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) (BASE[i] * SCALE[t - 1] * (1 + 0.3 * Math.sin(i + t)));
                }
                int[] y = LABELS[t - 1];
                double loss = lossAndGradients(x, y, w, b, gw, gb);
                for (double g : gw) {
                    if (g != 0) {
                        smallest = Math.min(smallest, Math.abs(g));
                        largest = Math.max(largest, Math.abs(g));
                    }
                }
                StepMetrics metrics = graph.trainStep(x, y, N);
                assertEquals(loss, metrics.meanLoss(), 1e-6 * loss, "loss of step " + t);
                double[] uw = kerasAdam(mw, vw, gw, t);
                double[] ub = kerasAdam(mb, vb, gb, t);
                Map<String, float[]> after = graph.weights();
                w = check("out/kernel", w, uw, after.get("out/kernel"), t);
                b = check("out/bias", b, ub, after.get("out/bias"), t);
            }
        }
        assertTrue(
                largest < 1e-6 && smallest > 1e-10,
                "the kernel's gradients are near epsilon: " + smallest + " .. " + largest);
    }

    /** The update TensorFlow applied equals Keras's within 0.1% of its size (plus float32 rounding of the weight). */
    static float[] check(String name, float[] before, double[] update, float[] after, int t) {
        for (int i = 0; i < before.length; i++) {
            double applied = (double) before[i] - after[i];
            double tolerance = 1e-3 * Math.abs(update[i]) + 2 * Math.ulp(before[i]);
            assertEquals(update[i], applied, tolerance, name + "[" + i + "] update of step " + t);
        }
        return after.clone();
    }
}
