package dev.kerascope.summary;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.LayerShape;
import dev.kerascope.arch.ShapeInference;
import java.util.ArrayList;
import java.util.List;

/** The summary of an architecture (built-in, file, or a kerascope export's recorded architecture). */
public final class ArchitectureSummary {
  private ArchitectureSummary() {}

  public static ModelSummary of(Architecture arch) {
    List<SummaryRow> rows = new ArrayList<>();
    long params = 0;
    String previous = null;
    for (LayerShape s : ShapeInference.infer(arch)) {
      List<Integer> shape = new ArrayList<>();
      shape.add(null);
      for (int d : s.outputShape()) {
        shape.add(d);
      }
      rows.add(new SummaryRow(s.layer().name(), s.layer().className(), shape, s.params(), true,
          previous == null ? List.of() : List.of(previous + "[0][0]")));
      params += s.params();
      previous = s.layer().name();
    }
    // Every kerascope weight is float32 and trainable (no BatchNormalization statistics yet).
    List<ReceptiveFields.Row> rf = ReceptiveFields.of(arch);
    List<ReceptiveFields.Window> windows = new ArrayList<>();
    for (ReceptiveFields.Row r : rf.subList(1, rf.size())) {
      windows.add(new ReceptiveFields.Window(r.layer(), r.className(), r.kernel(), r.stride(), "explicit", r.padding()));
    }
    return new ModelSummary(arch.modelName(), rows, params, params * 4, 0, 0, true, null,
        new ReceptiveFields.Chain(arch.layers().get(0).name(), arch.inputShape()[0], windows));
  }
}
