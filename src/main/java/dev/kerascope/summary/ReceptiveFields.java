package dev.kerascope.summary;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Layer;
import dev.kerascope.arch.LayerShape;
import dev.kerascope.arch.Padding;
import dev.kerascope.arch.ShapeInference;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * The convolution arithmetic of tutorials 003 and 004, per spatial layer along the rows: output size ((W − K + 2P) / S)
 * + 1, receptive field r, jump j (the input-pixel distance between neighbouring outputs) and start (the input
 * coordinate of the first output's centre): j' = j·S, r' = r + (K − 1)·j, start' = start + ((K − 1)/2 − P)·j.
 */
public final class ReceptiveFields {
    public record Row(
            String layer,
            String className,
            int inputSize,
            int kernel,
            int stride,
            int padding,
            int outputSize,
            int field,
            int jump,
            double start) {}

    private ReceptiveFields() {}

    /** A convolution or pooling window along the rows: kernel, stride, and padding "valid", "same" or explicit. */
    public record Window(String layer, String className, int kernel, int stride, String padding, int explicitPad) {}

    /** The spatial windows of a model from its input to its first non-spatial layer. */
    public record Chain(String inputName, int inputSize, List<Window> windows) {
        public List<Row> rows() {
            return chain(inputName, inputSize, windows);
        }
    }

    public static List<Row> of(Architecture arch) {
        return chainOf(arch).rows();
    }

    /** The architecture's spatial windows with their own padding mode (SAME pads unevenly on odd sizes). */
    public static Chain chainOf(Architecture arch) {
        List<Window> windows = new ArrayList<>();
        for (LayerShape s : ShapeInference.infer(arch)) {
            Layer l = s.layer();
            if (l instanceof Layer.Conv2D c) {
                windows.add(new Window(
                        l.name(),
                        l.className(),
                        c.kernelRows(),
                        c.strideRows(),
                        mode(c.padding()),
                        c.padding().top()));
            } else if (l instanceof Layer.Pooling2D p) {
                windows.add(new Window(
                        l.name(),
                        l.className(),
                        p.poolRows(),
                        p.strideRows(),
                        mode(p.padding()),
                        p.padding().top()));
            }
        }
        return new Chain(arch.layers().get(0).name(), arch.inputShape()[0], windows);
    }

    private static String mode(Padding p) {
        return p.mode().name().toLowerCase(Locale.ROOT);
    }

    /** The arithmetic along a chain of windows, starting from an input of {@code size} rows. */
    public static List<Row> chain(String inputName, int size, List<Window> windows) {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row(inputName, "InputLayer", size, 1, 1, 0, size, 1, 1, 0.5));
        int field = 1;
        int jump = 1;
        double start = 0.5;
        for (Window w : windows) {
            int k = w.kernel();
            int stride = w.stride();
            int out;
            int pad;
            switch (w.padding()) {
                case "same" -> {
                    out = (size + stride - 1) / stride;
                    pad = Math.max((out - 1) * stride + k - size, 0) / 2;
                }
                case "explicit" -> {
                    pad = w.explicitPad();
                    out = (size + 2 * pad - k) / stride + 1;
                }
                default -> {
                    pad = 0;
                    out = (size - k) / stride + 1;
                }
            }
            start = start + ((k - 1) / 2.0 - pad) * jump;
            field = field + (k - 1) * jump;
            jump = jump * stride;
            rows.add(new Row(w.layer(), w.className(), size, k, stride, pad, out, field, jump, start));
            size = out;
        }
        return rows;
    }

    /** A table of the rows, drawn like the summary; for a reader who wants to see the field grow. */
    public static void print(List<Row> rows, int width, Consumer<String> sink) {
        int[] w = Keras3SummaryPrinter.columnWidths(new double[] {0.34, 0.60, 0.72, 0.84, 1.0}, width);
        BoxTable t = new BoxTable(w, List.of(false, false, true, true, true));
        t.header(List.of("Layer (type)", "W→out (K, S, P)", "RF", "Jump", "Start"));
        for (Row r : rows) {
            t.row(List.of(
                    r.layer() + " (" + r.className() + ")",
                    r.inputSize() + "→" + r.outputSize() + " (" + r.kernel() + ", " + r.stride() + ", " + r.padding()
                            + ")",
                    r.field() + "x" + r.field(),
                    Integer.toString(r.jump()),
                    String.format(Locale.ROOT, "%.1f", r.start())));
        }
        sink.accept(
                "Receptive fields (output size = ((W − K + 2P) / S) + 1; start = centre of the first output's field, "
                        + "in input pixels)");
        t.render().forEach(sink);
    }
}
