package dev.kerascope.app;

import dev.kerascope.io.BadInputException;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A summary row the walker has no tensor of its own for: a model nested in the model ({@code sequential_1
 * (Sequential)}). Its output is its last layer's output; a nested model that leaves no op in the inference graph
 * (random augmentation layers pass their input through at inference) outputs its input.
 */
final class NestedModels {
    private static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");

    /** The layer to fetch for the nested model, and a note saying so. */
    record Resolved(String layer, String note) {}

    private NestedModels() {}

    /**
     * The layer whose output is nested model {@code name}'s output; empty when {@code name} is not a nested model (the
     * walker then refuses it, listing its layers).
     */
    static Optional<Resolved> resolve(SavedModelWalker w, Path model, Set<String> tags, String name) {
        List<String> known = w.layerNames();
        // Its layers as the walker names them: per call (sequential_1[0]/dense) or by path (sequential_1/dense).
        List<String> inner = known.stream()
                .filter(n -> n.startsWith(name + "[0]/") || n.startsWith(name + "/"))
                .toList();
        if (!inner.isEmpty()) {
            String last = inner.get(inner.size() - 1);
            return Optional.of(
                    new Resolved(last, name + " is a nested model: its output is its last layer's, shown as " + last));
        }
        ModelSummary summary;
        try {
            summary = ModelSource.resolve(model.toString(), tags).summary();
        } catch (BadInputException unreadable) {
            return Optional.empty(); // no summary to look the name up in: the walker's refusal stands
        }
        List<SummaryRow> rows = summary.rows();
        for (int i = 0; i < rows.size(); i++) {
            SummaryRow row = rows.get(i);
            if (!row.name().equals(name) || !MODEL_CLASSES.contains(row.className())) {
                continue;
            }
            String input = !row.inbound().isEmpty()
                    ? row.inbound().get(0).replaceAll("\\[\\d+]\\[\\d+]$", "")
                    : summary.sequentialLike() && i > 0 ? rows.get(i - 1).name() : null;
            if (input != null && known.contains(input)) {
                return Optional.of(new Resolved(
                        input,
                        name + " (" + row.className() + ") leaves no op in the inference graph (its layers pass"
                                + " their input through): shown as its input, the output of " + input));
            }
            throw new BadInputException("no layer '" + name + "' in " + model + ": it is a nested "
                    + row.className() + " model that leaves no op in the inference graph (layers: "
                    + String.join(", ", known) + ")");
        }
        return Optional.empty();
    }
}
