package dev.kerascope.summary;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Layer;
import dev.kerascope.arch.LayerShape;
import dev.kerascope.arch.Padding;
import dev.kerascope.arch.ShapeInference;
import java.util.ArrayList;
import java.util.List;

/**
 * The convolution arithmetic of tutorials 003 and 004, per spatial layer along the rows: output
 * size ((W − K + 2P) / S) + 1, receptive field r, jump j (the input-pixel distance between
 * neighbouring outputs) and start (the input coordinate of the first output's centre):
 * j' = j·S, r' = r + (K − 1)·j, start' = start + ((K − 1)/2 − P)·j.
 */
public final class ReceptiveFields {
  public record Row(String layer, String className, int inputSize, int kernel, int stride, int padding, int outputSize,
      int field, int jump, double start) {}

  private ReceptiveFields() {}

  public static List<Row> of(Architecture arch) {
    List<Row> rows = new ArrayList<>();
    int size = arch.inputShape()[0];
    int field = 1;
    int jump = 1;
    double start = 0.5;
    for (LayerShape s : ShapeInference.infer(arch)) {
      Layer l = s.layer();
      int k;
      int stride;
      Padding p;
      if (l instanceof Layer.Conv2D c) {
        k = c.kernelRows();
        stride = c.strideRows();
        p = c.padding();
      } else if (l instanceof Layer.Pooling2D pool) {
        k = pool.poolRows();
        stride = pool.strideRows();
        p = pool.padding();
      } else {
        if (l instanceof Layer.InputLayer) {
          rows.add(new Row(l.name(), l.className(), size, 1, 1, 0, size, 1, 1, 0.5));
        }
        continue;
      }
      int out = s.outputShape()[0];
      int pad = switch (p.mode()) {
        case VALID -> 0;
        case EXPLICIT -> p.top();
        case SAME -> Math.max((out - 1) * stride + k - size, 0) / 2;
      };
      start = start + ((k - 1) / 2.0 - pad) * jump;
      field = field + (k - 1) * jump;
      jump = jump * stride;
      rows.add(new Row(l.name(), l.className(), size, k, stride, pad, out, field, jump, start));
      size = out;
    }
    return rows;
  }

  /** A table of the rows, drawn like the summary; for a reader who wants to see the field grow. */
  public static void print(List<Row> rows, int width, java.util.function.Consumer<String> sink) {
    int[] w = Keras3SummaryPrinter.columnWidths(new double[] {0.34, 0.60, 0.72, 0.84, 1.0}, width);
    BoxTable t = new BoxTable(w, List.of(false, false, true, true, true));
    t.header(List.of("Layer (type)", "W→out (K, S, P)", "RF", "Jump", "Start"));
    for (Row r : rows) {
      t.row(List.of(r.layer() + " (" + r.className() + ")",
          r.inputSize() + "→" + r.outputSize() + " (" + r.kernel() + ", " + r.stride() + ", " + r.padding() + ")",
          r.field() + "x" + r.field(), Integer.toString(r.jump()), String.format(java.util.Locale.ROOT, "%.1f", r.start())));
    }
    sink.accept("Receptive fields (output size = ((W − K + 2P) / S) + 1; start = centre of the first output's field, in input pixels)");
    t.render().forEach(sink);
  }
}
