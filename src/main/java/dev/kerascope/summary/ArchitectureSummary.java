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
            rows.add(new SummaryRow(
                    s.layer().name(),
                    s.layer().className(),
                    shape,
                    s.params(),
                    true,
                    previous == null ? List.of() : List.of(previous + "[0][0]")));
            params += s.params();
            previous = s.layer().name();
        }
        // Every kerascope weight is float32 and trainable (no BatchNormalization statistics yet).
        return new ModelSummary(
                arch.modelName(), rows, params, params * 4, 0, 0, true, null, ReceptiveFields.chainOf(arch));
    }
}
