package dev.kerascope.app;

import dev.kerascope.walker.LayerTensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A model's class scores read as predictions, from {@code SavedModelWalker.classScores()}. Scores that are not a
 * distribution (logits, e.g. a Dense layer without softmax) are turned into one with a softmax, and the report says so.
 */
final class Predictions {
    private Predictions() {}

    /** Row {@code i} of the scores as probabilities; {@code softmaxed[0]} says whether a softmax was applied. */
    public static double[] probabilities(LayerTensor scores, int row, boolean[] softmaxed) {
        int k = (int) scores.shape()[1];
        double[] p = new double[k];
        double sum = 0;
        boolean distribution = true;
        for (int c = 0; c < k; c++) {
            p[c] = scores.values()[row * k + c];
            distribution &= p[c] >= 0 && p[c] <= 1;
            sum += p[c];
        }
        if (distribution && Math.abs(sum - 1) < 1e-3) {
            return p;
        }
        softmaxed[0] = true;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : p) {
            max = Math.max(max, v);
        }
        double z = 0;
        for (int c = 0; c < k; c++) {
            p[c] = Math.exp(p[c] - max);
            z += p[c];
        }
        for (int c = 0; c < k; c++) {
            p[c] /= z;
        }
        return p;
    }

    /** The index of the highest value. */
    public static int argmax(double[] p) {
        int best = 0;
        for (int i = 1; i < p.length; i++) {
            best = p[i] > p[best] ? i : best;
        }
        return best;
    }

    /** "7 (99.9%)" or "Sneaker (99.9%)" for the k most probable classes. */
    public static List<String> top(double[] p, int k, List<String> classNames) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> Double.compare(p[b], p[a]));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.size()); i++) {
            int c = order.get(i);
            String name = classNames != null && c < classNames.size() ? classNames.get(c) : Integer.toString(c);
            out.add(String.format(Locale.ROOT, "%s (%.1f%%)", name, 100 * p[c]));
        }
        return out;
    }
}
