package dev.kerascope.savedmodel;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Prints {@link SavedModelInfo} in {@code saved_model_cli show --all}'s words, then what it does not show. */
public final class InspectPrinter {
    private InspectPrinter() {}

    /** A tag set as inspect and every error print it: {@code {train, serve}}, in the order given. */
    public static String tagSet(Collection<String> tags) {
        return "{" + String.join(", ", tags) + "}";
    }

    public static void print(SavedModelInfo info, Consumer<String> out) {
        out.accept("Tag sets: "
                + info.tagSets().stream().map(InspectPrinter::tagSet).collect(Collectors.joining(" ")));
        out.accept(
                "TensorFlow " + (info.tensorflowVersion().isEmpty() ? "version not recorded" : info.tensorflowVersion())
                        + ", graph producer " + info.graphProducer()
                        + (info.kerasVersion() != null ? ", Keras " + info.kerasVersion() : ""));
        out.accept("");
        out.accept("MetaGraphDef with tag-set: '" + String.join(", ", info.selectedTags())
                + "' contains the following SignatureDefs:");
        for (SavedModelInfo.Signature s : info.signatures()) {
            out.accept("");
            out.accept("signature_def['" + s.key() + "']:");
            out.accept("  The given SavedModel SignatureDef contains the following input(s):");
            s.inputs().forEach(t -> tensor("inputs", t, out));
            out.accept("  The given SavedModel SignatureDef contains the following output(s):");
            s.outputs().forEach(t -> tensor("outputs", t, out));
            out.accept("  Method name is: " + s.methodName());
            if (!s.calls().isEmpty()) {
                out.accept("  Function call tree:");
                s.calls().forEach(c -> call(c, "    ", out));
            }
        }
        if (!info.kerasLayers().isEmpty()) {
            out.accept("");
            out.accept("Keras layers (" + info.kerasLayers().size() + "): " + String.join(", ", info.kerasLayers()));
        }
        out.accept("");
        long total = info.variables().stream()
                .mapToLong(SavedModelInfo.Variable::bytes)
                .sum();
        out.accept("Variables (" + info.variables().size() + ", " + total + " bytes):");
        // The name column fits the longest name (at least 48), so the shapes stay in one column.
        int width = Math.max(
                48,
                info.variables().stream().mapToInt(v -> v.name().length()).max().orElse(0));
        for (SavedModelInfo.Variable v : info.variables()) {
            out.accept(String.format(
                    Locale.ROOT,
                    "  %-" + width + "s %-18s %-10s %10d B%s",
                    v.name(),
                    shape(v.shape()),
                    v.dtype(),
                    v.bytes(),
                    v.trainable() ? "" : "  non-trainable"));
        }
        out.accept("");
        out.accept("Ops in the graph and the functions the signatures reach (" + info.functionCount()
                + " functions in the library):");
        info.opHistogram().entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue() != 0
                        ? b.getValue() - a.getValue()
                        : a.getKey().compareTo(b.getKey()))
                .forEach(e -> out.accept(String.format(Locale.ROOT, "  %6d  %s", e.getValue(), e.getKey())));
    }

    private static void tensor(String kind, SavedModelInfo.TensorSpec t, Consumer<String> out) {
        out.accept("    " + kind + "['" + t.key() + "'] tensor_info:");
        out.accept("        dtype: " + t.dtype());
        out.accept("        shape: " + shape(t.shape()));
        out.accept("        name: " + t.tensorName());
    }

    /** saved_model_cli's shape text: (-1, 28, 28, 1), (-1) and () as it prints them, unknown_rank. */
    static String shape(List<Long> dims) {
        if (dims == null) {
            return "unknown_rank";
        }
        String inner = dims.stream().map(String::valueOf).collect(Collectors.joining(", "));
        return "(" + inner + ")";
    }

    private static void call(SavedModelInfo.Call c, String indent, Consumer<String> out) {
        out.accept(indent + c.function());
        c.callees().forEach(x -> call(x, indent + "  ", out));
    }
}
