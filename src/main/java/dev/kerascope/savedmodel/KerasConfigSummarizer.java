package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;

/**
 * The summary of a model given as Keras's JSON config, what {@code model.to_json()} writes in Keras 2 and 3:
 * {@code {"class_name": "Sequential"|"Functional"|"Model", "config": {...}}}. Shapes come from the configs
 * ({@link ModelShapes} with no saved objects to fall back on), parameter counts from Keras's weight formulas
 * ({@link KerasParams}): a config has no weights. Sequential models print no InputLayer row (their {@code layers}
 * property skips it in Keras 2 and 3); functional ones do.
 */
public final class KerasConfigSummarizer {
    private static final Set<String> MODELS = Set.of("Sequential", "Functional", "Model");

    private final ModelShapes shapes;
    private final KerasConfigRefs refs;

    private KerasConfigSummarizer(Path file) {
        this.refs = new KerasConfigRefs(file);
        this.shapes = new ModelShapes(new LayerObjects(SavedObjectGraph.getDefaultInstance(), Map.of()), refs);
    }

    /** Whether a parsed JSON file is a Keras model config rather than a kerascope architecture. */
    public static boolean isKerasModelConfig(JsonNode root) {
        return root.isObject()
                && MODELS.contains(root.path("class_name").asText())
                && root.path("config").isObject();
    }

    public static ModelSummary summarize(JsonNode root, Path file) {
        return new KerasConfigSummarizer(file).summary(root);
    }

    private ModelSummary summary(JsonNode root) {
        JsonNode config = root.get("config");
        if (!config.path("layers").isArray()) {
            throw refs.bad("the model's layers are not a list");
        }
        boolean sequential = "Sequential".equals(root.path("class_name").asText());
        boolean trainable = config.path("trainable").asBoolean(true);
        List<SummaryRow> rows = new ArrayList<>();
        long[] totals = new long[4];
        boolean sequentialLike = sequential;
        if (sequential) {
            List<Integer> shape = null;
            List<List<Integer>> outs = shapes.sequential(config, null, buildShape(root, config));
            int i = 0;
            for (JsonNode layer : config.get("layers")) {
                String cls = layer.path("class_name").asText();
                if (cls.equals("InputLayer")) {
                    shape = KerasShapes.output(cls, layer.path("config"), List.of());
                    continue;
                }
                if (i == 0 && shape == null) {
                    // Keras 2's input_shape= on the first layer, else the shape the model was built with.
                    JsonNode c = layer.path("config");
                    shape = c.has("batch_input_shape") || c.has("batch_shape")
                            ? KerasShapes.output("InputLayer", c, List.of())
                            : buildShape(root, config);
                }
                List<Integer> out = outs.get(i++);
                rows.add(row(
                        layer, out, null, shape == null ? List.of() : List.of(shape), List.of(), trainable, totals));
                shape = out;
            }
        } else {
            Functional f = new Functional(config, shapes, null);
            sequentialLike = f.sequentialLike();
            for (JsonNode layer : f.layers()) {
                String name = Functional.name(layer);
                rows.add(row(
                        layer,
                        f.shapeOf(name),
                        f.shapeLabelOf(name),
                        f.inputsOf(name),
                        f.connections(name),
                        trainable,
                        totals));
            }
        }
        String version =
                root.hasNonNull("keras_version") ? root.get("keras_version").asText() : null;
        return new ModelSummary(
                config.path("name").asText("model"),
                rows,
                totals[0],
                totals[1],
                totals[2],
                totals[3],
                sequentialLike,
                null,
                sequentialLike ? KerasModelSummarizer.spatialChain(config, rows) : null,
                version);
    }

    /**
     * A Sequential without an InputLayer was built from {@code build_config} (Keras 3) or {@code build_input_shape}
     * (Keras 2).
     */
    private static List<Integer> buildShape(JsonNode root, JsonNode config) {
        JsonNode built = root.path("build_config").path("input_shape");
        if (built.isMissingNode() || built.isNull()) {
            built = config.path("build_input_shape");
        }
        List<Integer> shape = built.isMissingNode() || built.isNull() ? null : KerasShapes.ints(built);
        return shape == null || shape.isEmpty() ? null : shape;
    }

    private SummaryRow row(
            JsonNode layer,
            List<Integer> out,
            String label,
            List<List<Integer>> inputs,
            List<String> inbound,
            boolean modelTrainable,
            long[] totals) {
        String cls = layer.path("class_name").asText();
        JsonNode c = layer.path("config");
        boolean trainable = modelTrainable && c.path("trainable").asBoolean(true);
        long[] p = params(cls, c, inputs, trainable);
        int size = bytesPerParam(c.path("dtype"));
        totals[0] += p[0];
        totals[1] += p[0] * size;
        totals[2] += p[1];
        totals[3] += p[1] * size;
        return new SummaryRow(Functional.name(layer), cls, out, p[0] + p[1], trainable, inbound, label);
    }

    /** {trainable, non-trainable} of a layer or a nested model; a frozen layer's weights are all non-trainable. */
    private long[] params(String cls, JsonNode c, List<List<Integer>> inputs, boolean trainable) {
        long[] p;
        if (c.path("layers").isArray()) {
            p = nestedParams(cls, c, inputs);
        } else {
            // An input dimension the config does not determine leaves nothing to count from: 0, as for a layer Keras
            // never built.
            p = KerasParams.of(cls, c, inputs);
            p = p == null ? new long[2] : p;
        }
        return trainable ? p : new long[] {0, p[0] + p[1]};
    }

    private long[] nestedParams(String cls, JsonNode c, List<List<Integer>> inputs) {
        long[] sum = new long[2];
        boolean trainable = c.path("trainable").asBoolean(true);
        if ("Sequential".equals(cls)) {
            List<Integer> shape = inputs.isEmpty() ? null : inputs.get(0);
            for (JsonNode layer : c.path("layers")) {
                String inner = layer.path("class_name").asText();
                if (inner.equals("InputLayer")) {
                    shape = shape != null ? shape : KerasShapes.output(inner, layer.path("config"), List.of());
                    continue;
                }
                List<List<Integer>> in = shape == null ? List.of() : List.of(shape);
                add(
                        sum,
                        params(
                                inner,
                                layer.path("config"),
                                in,
                                trainable
                                        && layer.path("config")
                                                .path("trainable")
                                                .asBoolean(true)));
                shape = shape == null ? null : shapes.output(inner, layer.path("config"), null, in);
            }
            return sum;
        }
        Functional f = new Functional(c, shapes, null);
        f.outputs(inputs);
        for (JsonNode layer : f.layers()) {
            String inner = layer.path("class_name").asText();
            List<List<Integer>> in = f.inputsOf(Functional.name(layer));
            add(
                    sum,
                    params(
                            inner,
                            layer.path("config"),
                            in,
                            trainable && layer.path("config").path("trainable").asBoolean(true)));
        }
        return sum;
    }

    private static void add(long[] sum, long[] p) {
        sum[0] += p[0];
        sum[1] += p[1];
    }

    /**
     * A variable's size by its dtype policy: float64 8 bytes, (b)float16 2, else float32's 4 ("mixed_*" keeps float32
     * variables).
     */
    private static int bytesPerParam(JsonNode dtype) {
        String name = dtype.isObject() ? dtype.path("config").path("name").asText("float32") : dtype.asText("float32");
        return switch (name) {
            case "float64" -> 8;
            case "float16", "bfloat16" -> 2;
            default -> 4;
        };
    }
}
