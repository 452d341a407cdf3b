package dev.kerascope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.ArchitectureJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The training step against a plain-Java oracle: softmax regression, its gradient, and Keras's Adam. */
class TrainingGraphTest {
    static final Architecture SOFTMAX_REGRESSION = ArchitectureJson.parse(
            """
      {"input_shape": [2, 2, 1], "layers": [{"class_name": "Flatten", "config": {"name": "flatten"}},
        {"class_name": "Dense", "config": {"name": "out", "units": 3, "activation": "softmax"}}]}""",
            "test");

    static final float[] X = {
        0.1f, 0.9f, -0.3f, 0.5f, 1.0f, 0.2f, 0.0f, -0.7f, 0.4f, 0.4f, 0.8f, -0.1f, -0.5f, 0.3f, 0.6f, 0.2f, 0.9f, -0.9f,
        0.1f, 0.0f
    };
    static final int[] Y = {2, 0, 1, 1, 0};

    /** Mean cross-entropy of softmax(xW + b) and its gradients, written out by hand. */
    static double lossAndGradients(float[] w, float[] b, double[] gw, double[] gb) {
        int n = Y.length;
        double loss = 0;
        java.util.Arrays.fill(gw, 0);
        java.util.Arrays.fill(gb, 0);
        for (int i = 0; i < n; i++) {
            double[] z = new double[3];
            for (int c = 0; c < 3; c++) {
                z[c] = b[c];
                for (int f = 0; f < 4; f++) {
                    z[c] += X[i * 4 + f] * w[f * 3 + c];
                }
            }
            double max = Math.max(z[0], Math.max(z[1], z[2]));
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(z[c] - max);
            }
            for (int c = 0; c < 3; c++) {
                double p = Math.exp(z[c] - max) / sum;
                double d = (p - (Y[i] == c ? 1 : 0)) / n;
                gb[c] += d;
                for (int f = 0; f < 4; f++) {
                    gw[f * 3 + c] += X[i * 4 + f] * d;
                }
            }
            loss -= (z[Y[i]] - max - Math.log(sum)) / n;
        }
        return loss;
    }

    /** Keras 3's Adam.update_step, learning rate 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7. */
    static void adam(float[] var, double[] m, double[] v, double[] g, int t) {
        double lr = 1e-3 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
        for (int i = 0; i < var.length; i++) {
            m[i] += (g[i] - m[i]) * (1 - 0.9);
            v[i] += (g[i] * g[i] - v[i]) * (1 - 0.999);
            var[i] -= (float) (lr * m[i] / (Math.sqrt(v[i]) + 1e-7));
        }
    }

    @Test
    void threeStepsEqualKerasAdamOnTheHandComputedGradient() {
        try (TrainingGraph graph = new TrainingGraph(SOFTMAX_REGRESSION, 1e-3, 5)) {
            graph.initialize(5);
            Map<String, float[]> start = graph.weights();
            float[] w = start.get("out/kernel").clone();
            float[] b = start.get("out/bias").clone();
            for (float v : b) {
                assertEquals(0f, v, "biases start at zero");
            }
            double[] mw = new double[12], vw = new double[12], mb = new double[3], vb = new double[3];
            double[] gw = new double[12], gb = new double[3];
            for (int t = 1; t <= 3; t++) {
                double expectedLoss = lossAndGradients(w, b, gw, gb);
                StepMetrics m = graph.trainStep(X, Y, Y.length);
                assertEquals(expectedLoss, m.meanLoss(), 1e-6, "loss of step " + t + " is computed before the update");
                adam(w, mw, vw, gw, t);
                adam(b, mb, vb, gb, t);
                Map<String, float[]> after = graph.weights();
                for (int i = 0; i < 12; i++) {
                    assertEquals(w[i], after.get("out/kernel")[i], 1e-6, "kernel[" + i + "] after step " + t);
                }
                for (int i = 0; i < 3; i++) {
                    assertEquals(b[i], after.get("out/bias")[i], 1e-6, "bias[" + i + "] after step " + t);
                }
            }
        }
    }

    @Test
    void accuracyCountsArgmaxHitsOnHandSetWeights() {
        // Kernel = identity on the first three features, bias 0: the predicted class is the argmax of
        // x[0..2]. By hand: rows predict 1, 0, 2, 2, 0 against labels 2, 0, 1, 1, 0 → exactly 2 hits of 5
        // (neither 0 nor n, so an accuracy stuck at either end fails).
        float[] kernel = new float[12];
        kernel[0 * 3 + 0] = 1;
        kernel[1 * 3 + 1] = 1;
        kernel[2 * 3 + 2] = 1;
        try (TrainingGraph graph = new TrainingGraph(SOFTMAX_REGRESSION, 1e-3, 5)) {
            graph.initialize(5);
            graph.setWeights(Map.of("out/kernel", kernel, "out/bias", new float[3]));
            float[] probs = graph.predict(X, Y.length);
            for (int i = 0; i < Y.length; i++) {
                double sum = Math.exp(X[i * 4]) + Math.exp(X[i * 4 + 1]) + Math.exp(X[i * 4 + 2]);
                for (int c = 0; c < 3; c++) {
                    assertEquals(
                            Math.exp(X[i * 4 + c]) / sum,
                            probs[i * 3 + c],
                            1e-6,
                            "softmax of row " + i + " class " + c);
                }
            }
            StepMetrics m = graph.evaluate(X, Y, Y.length);
            assertEquals(2, m.correct());
            assertEquals(5, m.samples());
            assertEquals(0.4f, m.accuracy());
            double loss = 0;
            for (int i = 0; i < Y.length; i++) {
                loss -= Math.log(probs[i * 3 + Y[i]]) / Y.length;
            }
            assertEquals(loss, m.meanLoss(), 1e-6, "mean cross-entropy of the hand-set weights");
        }
    }
}
