package dev.kerascope.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints a summary as tf.keras 2.13–2.15 did ({@code layer_utils.print_summary}): 65 columns for
 * sequential-like models (98 with "Connected to"), {@code _} and {@code =} rules, each field cut
 * at its column and continued on the next line, a blank line after every layer, counts without
 * separators and sizes in "Byte"/"KB". An InputLayer's shape prints as a list, {@code [(None, 28,
 * 28, 1)]}, and connections as a Python list, as tf.keras printed them.
 */
public final class Keras2SummaryPrinter {
  private Keras2SummaryPrinter() {}

  public static void print(ModelSummary s, Integer width, Consumer<String> sink) {
    boolean sequential = s.sequentialLike();
    int lineLength = width != null ? width : sequential ? 65 : 98;
    double[] rel = sequential ? new double[] {0.45, 0.85, 1.0} : new double[] {0.3, 0.6, 0.70, 1.0};
    int[] positions = new int[rel.length];
    for (int i = 0; i < rel.length; i++) {
      positions[i] = (int) (lineLength * rel[i]);
    }
    List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
    if (!sequential) {
      header.add("Connected to");
    }
    sink.accept("Model: \"" + s.modelName() + "\"");
    sink.accept("_".repeat(lineLength));
    printRow(header, positions, sink);
    sink.accept("=".repeat(lineLength));
    for (SummaryRow r : s.rows()) {
      String shape = r.shapeText();
      List<String> fields = new ArrayList<>(List.of(r.name() + " (" + r.className() + ")",
          r.className().equals("InputLayer") ? "[" + shape + "]" : shape, Long.toString(r.params())));
      if (!sequential) {
        fields.add(pythonList(r.inbound()));
      }
      printRow(fields, positions, sink);
      sink.accept(" ".repeat(lineLength));
    }
    sink.accept("=".repeat(lineLength));
    sink.accept("Total params: " + s.totalParams() + " (" + SummaryUtils.readableMemorySize(s.totalBytes(), true) + ")");
    sink.accept("Trainable params: " + s.trainableParams() + " (" + SummaryUtils.readableMemorySize(s.trainableBytes(), true) + ")");
    sink.accept("Non-trainable params: " + s.nonTrainableParams() + " (" + SummaryUtils.readableMemorySize(s.nonTrainableBytes(), true) + ")");
    sink.accept("_".repeat(lineLength));
  }

  private static String pythonList(List<String> items) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < items.size(); i++) {
      sb.append(i > 0 ? ", " : "").append('\'').append(items.get(i)).append('\'');
    }
    return sb.append(']').toString();
  }

  /** tf.keras's {@code print_row}: fields cut at their column, breaking early after "),", "],", "'," or "},". */
  static void printRow(List<String> fields, int[] positions, Consumer<String> sink) {
    String[] left = fields.toArray(new String[0]);
    while (anyLeft(left)) {
      StringBuilder line = new StringBuilder();
      for (int col = 0; col < left.length; col++) {
        int start = col > 0 ? positions[col - 1] : 0;
        int space = col != positions.length - 1 ? 2 : 0;
        int cutoff = positions[col] - start - space;
        if (col != positions.length - 1) {
          cutoff -= 1;
        }
        String fit = left[col].substring(0, Math.min(cutoff, left[col].length()));
        int best = -1;
        for (String brk : new String[] {"),", "},", "],", "',"}) {
          int at = fit.indexOf(brk);
          if (at >= 0 && (best < 0 || at + brk.length() < best)) {
            best = at + brk.length();
          }
        }
        if (best >= 0) {
          cutoff = best;
          fit = fit.substring(0, cutoff);
        }
        if (col == 0) {
          line.append(' ');
        }
        line.append(fit).append(" ".repeat(space));
        left[col] = left[col].substring(Math.min(cutoff, left[col].length()));
        line.append(" ".repeat(Math.max(0, positions[col] - line.length())));
      }
      sink.accept(line.toString());
    }
  }

  private static boolean anyLeft(String[] left) {
    for (String s : left) {
      if (!s.isEmpty()) {
        return true;
      }
    }
    return false;
  }
}
