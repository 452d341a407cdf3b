package dev.kerascope.summary;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Prints a summary exactly as Keras 3's {@code model.summary()} does when its output is not a terminal: Rich's
 * heavy-head box table, 76 columns by default (88 or 108 capped at the fallback terminal width of 80 minus 4). The
 * column widths follow Keras ({@code int(position * width)}) and then Rich's own reduction to fit the table into the
 * width; cells wrap at spaces.
 */
public final class Keras3SummaryPrinter {
    public static final int DEFAULT_WIDTH = 76;

    private Keras3SummaryPrinter() {}

    public static void print(ModelSummary s, int width, Consumer<String> sink) {
        boolean sequential = s.sequentialLike();
        double[] positions = sequential ? new double[] {0.45, 0.80, 1.0} : new double[] {0.3, 0.56, 0.74, 1.0};
        List<String> header = new ArrayList<>(List.of("Layer (type)", "Output Shape", "Param #"));
        List<Boolean> right = new ArrayList<>(List.of(false, false, true));
        if (!sequential) {
            header.add("Connected to");
            right.add(false);
        }
        BoxTable table = new BoxTable(columnWidths(positions, width), right);
        table.header(header);
        for (SummaryRow r : s.rows()) {
            List<String> cells = new ArrayList<>(
                    List.of(r.name() + " (" + r.className() + ")", r.shapeText(), SummaryUtils.withCommas(r.params())));
            if (!sequential) {
                cells.add(r.inbound().isEmpty() ? "-" : String.join(", ", r.inbound()));
            }
            table.row(cells);
        }
        sink.accept("Model: \"" + s.modelName() + "\"");
        table.render().forEach(sink);
        sink.accept(" Total params: " + SummaryUtils.withCommas(s.totalParams()) + " ("
                + SummaryUtils.readableMemorySize(s.totalBytes(), false) + ")");
        sink.accept(" Trainable params: " + SummaryUtils.withCommas(s.trainableParams()) + " ("
                + SummaryUtils.readableMemorySize(s.trainableBytes(), false) + ")");
        sink.accept(" Non-trainable params: " + SummaryUtils.withCommas(s.nonTrainableParams()) + " ("
                + SummaryUtils.readableMemorySize(s.nonTrainableBytes(), false) + ")");
    }

    /**
     * Cell widths (padding included, borders excluded). Keras asks Rich for columns of {@code int(p * width) -
     * previous}; each gets one space of padding on both sides, and as the total then exceeds the table width Rich
     * reduces the columns evenly ({@code ratio_reduce}), with Python's half-to-even rounding.
     */
    static int[] columnWidths(double[] positions, int width) {
        int n = positions.length;
        int[] w = new int[n];
        int current = 0;
        for (int i = 0; i < n; i++) {
            int c = (int) (positions[i] * width) - current;
            if (c < 4) {
                throw new TooNarrowException(width);
            }
            w[i] = c + 2;
            current += c;
        }
        int available = width - (n + 1);
        int total = 0;
        for (int x : w) {
            total += x;
        }
        if (total > available) {
            int excess = total - available;
            int ratioLeft = n;
            for (int i = 0; i < n && excess > 0; i++) {
                int distributed = Math.min(w[i], (int) Math.rint((double) excess / ratioLeft));
                w[i] -= distributed;
                excess -= distributed;
                ratioLeft--;
            }
        }
        for (int x : w) {
            // A cell needs its two spaces of padding and one character of text.
            if (x < 3) {
                throw new TooNarrowException(width);
            }
        }
        return w;
    }
}
