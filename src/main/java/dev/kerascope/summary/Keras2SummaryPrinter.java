package dev.kerascope.summary;

import dev.kerascope.summary.ModelSummary.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints a summary as tf.keras 2's {@code print_summary} did, in the family of versions asked for ({@link Keras2Rows}
 * holds the row rules). Common to all: 65 columns for sequential-like models (98 with "Connected to"), a {@code Model:
 * "name"} line, {@code _} and {@code =} rules, an InputLayer's shape as a list ({@code [(None, 28, 28, 1)]}, its
 * {@code output_shape}). Then:
 *
 * <ul>
 *   <li>2.0–2.6: fields cut at the column, a {@code _} rule between layers and {@code =} after the last, the first
 *       connection on the layer's line and each further one on a line of its own, counts with thousands separators.
 *   <li>2.7–2.12: fields wrapped, a blank line after every layer, connections as a Python list, counts with separators.
 *   <li>2.13–2.15: wrapped one character earlier, "Connected to" at 70% instead of 67%, counts without separators and
 *       with memory sizes ("Byte", "KB").
 * </ul>
 */
final class Keras2SummaryPrinter {
    private Keras2SummaryPrinter() {}

    /** The tf.keras 2.13–2.15 layout. */
    public static void print(ModelSummary s, Integer width, Consumer<String> sink) {
        print(s, Layout.KERAS2, width, sink);
    }

    public static void print(ModelSummary s, Layout layout, Integer width, Consumer<String> sink) {
        if (layout == Layout.KERAS3) {
            throw new IllegalArgumentException("Keras 3's layout is Keras3SummaryPrinter's");
        }
        boolean sequential = s.sequentialLike();
        int lineLength = width != null ? width : sequential ? 65 : 98;
        double[] rel = sequential
                ? new double[] {0.45, 0.85, 1.0}
                : layout == Layout.KERAS2 ? new double[] {0.3, 0.6, 0.70, 1.0} : new double[] {0.33, 0.55, 0.67, 1.0};
        int[] positions = Keras2Rows.positions(rel, lineLength);
        List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        if (!sequential) {
            header.add("Connected to");
        }
        sink.accept("Model: \"" + s.modelName() + "\"");
        sink.accept("_".repeat(lineLength));
        printRow(layout, header, positions, sink);
        sink.accept("=".repeat(lineLength));
        List<SummaryRow> rows = s.rows();
        for (int i = 0; i < rows.size(); i++) {
            SummaryRow r = rows.get(i);
            List<String> fields = new ArrayList<>(
                    List.of(r.name() + " (" + r.className() + ")", shapeField(r), Long.toString(r.params())));
            if (layout == Layout.TF_KERAS_2_0) {
                if (!sequential) {
                    fields.add(r.inbound().isEmpty() ? "" : r.inbound().get(0));
                }
                printRow(layout, fields, positions, sink);
                for (int c = 1; !sequential && c < r.inbound().size(); c++) {
                    printRow(layout, List.of("", "", "", r.inbound().get(c)), positions, sink);
                }
                // 2.0–2.6 close every layer with a rule: "_" between layers, "=" after the last.
                sink.accept((i == rows.size() - 1 ? "=" : "_").repeat(lineLength));
            } else {
                if (!sequential) {
                    fields.add(Keras2Rows.pythonList(r.inbound()));
                }
                printRow(layout, fields, positions, sink);
                sink.accept(" ".repeat(lineLength));
            }
        }
        if (layout != Layout.TF_KERAS_2_0) {
            sink.accept("=".repeat(lineLength));
        }
        if (layout == Layout.KERAS2) {
            sink.accept("Total params: " + s.totalParams() + " ("
                    + SummaryUtils.readableMemorySize(s.totalBytes(), true) + ")");
            sink.accept("Trainable params: " + s.trainableParams() + " ("
                    + SummaryUtils.readableMemorySize(s.trainableBytes(), true) + ")");
            sink.accept("Non-trainable params: " + s.nonTrainableParams() + " ("
                    + SummaryUtils.readableMemorySize(s.nonTrainableBytes(), true) + ")");
        } else {
            sink.accept("Total params: " + SummaryUtils.withCommas(s.totalParams()));
            sink.accept("Trainable params: " + SummaryUtils.withCommas(s.trainableParams()));
            sink.accept("Non-trainable params: " + SummaryUtils.withCommas(s.nonTrainableParams()));
        }
        sink.accept("_".repeat(lineLength));
    }

    /** tf.keras 2's {@code output_shape}: an InputLayer's is a list of one shape. */
    private static String shapeField(SummaryRow r) {
        String shape = r.shapeText();
        return r.className().equals("InputLayer") && r.outputShape() != null ? "[" + shape + "]" : shape;
    }

    /** tf.keras 2.13–2.15's {@code print_row} (kept for callers that print single rows). */
    static void printRow(List<String> fields, int[] positions, Consumer<String> sink) {
        printRow(Layout.KERAS2, fields, positions, sink);
    }

    static void printRow(Layout layout, List<String> fields, int[] positions, Consumer<String> sink) {
        if (layout == Layout.TF_KERAS_2_0) {
            sink.accept(Keras2Rows.cut(fields, positions));
        } else {
            Keras2Rows.wrap(fields, positions, layout == Layout.KERAS2).forEach(sink);
        }
    }
}
