package dev.kerascope.app;

import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A model's class scores read as predictions. The source is the serving signature's own output (the
 * model's answer, not a guess about its last layer): the first float output of shape (batch, k ≥ 2),
 * preferring one named like probabilities. Scores that are not a distribution (logits, e.g. a Dense
 * layer without softmax) are turned into one with a softmax, and the report says so.
 */
final class Predictions {
  private Predictions() {}

  /** The signature output that holds class scores, if the model has one. */
  public static Optional<Fetch.SignatureOutput> source(SavedModelWalker w) {
    String best = null;
    for (String key : w.signatureOutputKeys()) {
      long[] shape = w.signatureOutputShape(key);
      if (shape == null || shape.length != 2 || !(shape[1] >= 2 || shape[1] < 0) || !w.signatureOutputIsFloat(key)) {
        continue;
      }
      String k = key.toLowerCase(Locale.ROOT);
      if (best == null || k.contains("prob") || k.contains("softmax")) {
        best = key;
      }
    }
    return Optional.ofNullable(best).map(Fetch.SignatureOutput::new);
  }

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
