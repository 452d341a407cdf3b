package dev.kerascope.kerasfile;

import dev.kerascope.io.BadInputException;
import dev.kerascope.kerasfile.WeightSpecs.Spec;
import dev.kerascope.summary.SummaryUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a file's weights against its config before anything runs: every layer's class must be one kerascope knows, and
 * its arrays must be the ones the config implies, in number and shape. The arrays come back named as Keras names them
 * ({@code kernel}, {@code moving_mean}) and marked trainable or not, which the summary's totals need.
 */
final class WeightCheck {
    /** Layers whose computation lives in Python code that a file does not hold. */
    static final Set<String> CODE_LAYERS = Set.of("Lambda", "TFOpLambda", "SlicingOpLambda");

    private WeightCheck() {}

    static KerasFile check(KerasFile raw) {
        Map<String, List<WeightArray>> named = new LinkedHashMap<>();
        checkGraph(LayerGraph.of(raw.model(), raw.source()), "", raw, raw.weights(), named);
        return new KerasFile(raw.source(), raw.format(), raw.kerasVersion(), raw.model(), named);
    }

    /**
     * Checks the layers of one model, {@code prefix} naming the nested model it is ({@code outer/}), and puts their
     * named arrays into {@code named} by layer path.
     */
    private static void checkGraph(
            LayerGraph graph,
            String prefix,
            KerasFile raw,
            Map<String, List<WeightArray>> arrays,
            Map<String, List<WeightArray>> named) {
        Path file = raw.source();
        for (LayerGraph.Layer l : graph.layers()) {
            refuseUnknown(l, file);
            String key = prefix + l.name();
            if (l.nested()) {
                LayerGraph inner = LayerGraph.of(l.json(), file);
                checkGraph(inner, key + "/", raw, withInnerKeys(key, inner, arrays), named);
                continue;
            }
            List<WeightArray> found = arrays.getOrDefault(key, List.of());
            List<LayerGraph.Call> calls = graph.callsOf(l.name());
            List<Integer> input = calls.isEmpty() || calls.get(0).inputShapes().isEmpty()
                    ? null
                    : calls.get(0).inputShapes().get(0);
            List<Spec> specs = new ArrayList<>(WeightSpecs.of(l.className(), l.config(), input));
            if (l.className().equals("Normalization") && found.size() == specs.size() + 1) {
                specs.add(new Spec("count", List.of(), false)); // tf.keras's sample count
            }
            named.put(key, match(l, key, specs, found, raw.format(), file));
        }
    }

    /**
     * tf.keras keeps all of a nested model's weights in its own group, named after the inner layers
     * ({@code conv2d/kernel:0}); they go to {@code outer/conv2d}. Keras 3's are read per layer already.
     */
    private static Map<String, List<WeightArray>> withInnerKeys(
            String outer, LayerGraph inner, Map<String, List<WeightArray>> arrays) {
        List<WeightArray> together = arrays.get(outer);
        if (together == null || together.isEmpty()) {
            return arrays;
        }
        Map<String, List<WeightArray>> out = new LinkedHashMap<>(arrays);
        for (WeightArray a : together) {
            String[] parts = a.name().split("/");
            for (int i = parts.length - 2; i >= 0; i--) {
                String layer = parts[i];
                if (inner.layers().stream().anyMatch(l -> l.name().equals(layer))) {
                    out.computeIfAbsent(outer + "/" + layer, k -> new ArrayList<>())
                            .add(a);
                    break;
                }
            }
        }
        return out;
    }

    private static void refuseUnknown(LayerGraph.Layer l, Path file) {
        String cls = l.className();
        if (CODE_LAYERS.contains(cls)) {
            throw BadInputException.inFile(
                    file,
                    "layer " + l.name() + " is a " + cls + " layer: its Python code is not in the file, "
                            + "so it cannot be rebuilt");
        }
        if (l.nested() || WeightSpecs.known(cls)) {
            return;
        }
        throw BadInputException.inFile(
                file,
                "layer " + l.name() + " has class " + cls + ", which kerascope does not support"
                        + (cls.contains(">") ? " (a custom class: its code is not in the file)" : "") + "; supported: "
                        + String.join(", ", supported()));
    }

    static Set<String> supported() {
        Set<String> all = new TreeSet<>(WeightSpecs.WEIGHTLESS);
        all.addAll(WeightSpecs.WITH_WEIGHTS);
        all.removeAll(Set.of("MaxPool2D", "AvgPool2D", "GlobalAvgPool2D", "GlobalMaxPool2D"));
        return all;
    }

    /** Names the arrays after the specs (by name where the file names them, else in order) and checks their shapes. */
    private static List<WeightArray> match(
            LayerGraph.Layer l,
            String key,
            List<Spec> specs,
            List<WeightArray> arrays,
            KerasFile.Format format,
            Path file) {
        if (arrays.size() != specs.size()) {
            throw BadInputException.inFile(
                    file,
                    "layer " + key + " (" + l.className() + ") has " + arrays.size()
                            + " weight arrays in the file, its config implies " + specs.size()
                            + (specs.isEmpty() ? "" : ": " + describe(specs)));
        }
        List<WeightArray> out = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec s = specs.get(i);
            WeightArray a =
                    format == KerasFile.Format.LEGACY_H5 ? byName(arrays, s.name(), arrays.get(i)) : arrays.get(i);
            if (!fits(a.shape(), s.shape())) {
                throw BadInputException.inFile(
                        file,
                        "layer " + key + " (" + l.className() + "): weight " + s.name() + " has shape "
                                + SummaryUtils.formatShape(a.shape()) + " in the file, but the config implies "
                                + SummaryUtils.formatShape(s.shape()));
            }
            out.add(new WeightArray(s.name(), a.shape(), a.values(), s.trainable()));
        }
        return out;
    }

    /**
     * tf.keras names a weight {@code layer/kernel:0}; a renamed layer keeps its old prefix, so only the last part
     * counts.
     */
    private static WeightArray byName(List<WeightArray> arrays, String name, WeightArray fallback) {
        for (WeightArray a : arrays) {
            String n = a.name();
            n = n.substring(n.lastIndexOf('/') + 1);
            n = n.contains(":") ? n.substring(0, n.indexOf(':')) : n;
            if (n.equals(name) || (name.equals("depthwise_kernel") && n.equals("kernel"))) {
                return a;
            }
        }
        return fallback;
    }

    private static boolean fits(List<Integer> actual, List<Integer> expected) {
        if (actual.size() != expected.size()) {
            return false;
        }
        for (int i = 0; i < actual.size(); i++) {
            if (expected.get(i) != null && !expected.get(i).equals(actual.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static String describe(List<Spec> specs) {
        List<String> parts = new ArrayList<>();
        specs.forEach(s -> parts.add(s.name() + " " + SummaryUtils.formatShape(s.shape())));
        return String.join(", ", parts);
    }
}
