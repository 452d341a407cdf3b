package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Output shapes of the layers of a Keras 2 model config, nested models included. A layer's shape comes from its config
 * ({@link KerasShapes}, Keras's {@code compute_output_shape}); where no rule covers its class, from the output
 * signature of the call function Keras saved for that layer object ({@link LayerObjects}), with the batch of its input,
 * since Keras traced those functions with the batch relaxed.
 */
final class ModelShapes {
    private final LayerObjects objects;
    private final KerasConfigRefs refs;

    ModelShapes(LayerObjects objects, KerasConfigRefs refs) {
        this.objects = objects;
        this.refs = refs;
    }

    LayerObjects objects() {
        return objects;
    }

    KerasConfigRefs refs() {
        return refs;
    }

    /** The output of one call of a single-output layer; {@code node} is the layer's object (null when unknown). */
    List<Integer> output(String cls, JsonNode config, Integer node, List<List<Integer>> inputs) {
        List<List<Integer>> tensors = outputs(cls, config, node, inputs);
        return tensors == null || tensors.size() != 1 ? null : tensors.get(0);
    }

    /** The shapes of the tensors one call of a layer returns, or null when unknown. */
    List<List<Integer>> outputs(String cls, JsonNode config, Integer node, List<List<Integer>> inputs) {
        List<Integer> in = inputs.isEmpty() ? null : inputs.get(0);
        if (config.path("layers").isArray()) {
            if ("Sequential".equals(cls)) {
                List<List<Integer>> rows = sequential(config, node, in);
                return one(rows.isEmpty() ? in : rows.get(rows.size() - 1));
            }
            return new Functional(config, this, node).outputs(inputs);
        }
        List<Integer> s = KerasShapes.output(cls, config, inputs);
        if (s != null || node == null) {
            return one(s);
        }
        List<List<Integer>> traced = objects.signatureOutputs(node);
        if (traced == null) {
            return null;
        }
        List<List<Integer>> out = new ArrayList<>();
        for (List<Integer> t : traced) {
            out.add(traced(t, in));
        }
        return out;
    }

    private static List<List<Integer>> one(List<Integer> shape) {
        return shape == null ? null : List.of(shape);
    }

    /**
     * A traced output shape with the batch of the input. Older saves traced every function with all dimensions relaxed:
     * a trace with unknown dimensions where the input's are all known says less than Keras printed, so it is not used.
     */
    private static List<Integer> traced(List<Integer> traced, List<Integer> in) {
        if (traced == null || traced.isEmpty() || in == null || in.isEmpty()) {
            return traced;
        }
        boolean inputKnown = !in.subList(1, in.size()).contains(null);
        if (inputKnown && traced.subList(1, traced.size()).contains(null)) {
            return null;
        }
        List<Integer> out = new ArrayList<>(traced);
        if (out.get(0) == null) {
            out.set(0, in.get(0));
        }
        return out;
    }

    /**
     * The output shape of each layer of a Sequential config but its InputLayer, in order, starting from {@code input}
     * (a nested model's input), else from the model's own input.
     */
    List<List<Integer>> sequential(JsonNode config, Integer modelNode, List<Integer> input) {
        Map<String, Integer> nodes = objects.layersOf(modelNode);
        List<Integer> shape = input != null ? input : sequentialInput(config, modelNode);
        List<List<Integer>> out = new ArrayList<>();
        for (JsonNode layer : config.path("layers")) {
            String cls = layer.path("class_name").asText();
            if (cls.equals("InputLayer")) {
                continue;
            }
            shape = shape == null
                    ? null
                    : output(cls, layer.path("config"), nodes.get(Functional.name(layer)), List.of(shape));
            out.add(shape);
        }
        return out;
    }

    /**
     * A Sequential's input: its InputLayer's or first layer's {@code batch_input_shape}, else the model's
     * {@code build_input_shape}. A model built with a batch size ({@code model.build((32, 256, 256, 3))}) keeps that
     * batch in every layer's output, and Keras prints it; the config's InputLayer may not show it, but the layers'
     * {@code build_input_shape} do, so the batch of the first layer that holds weights or computes (nested models
     * looked into) is taken from there.
     */
    private List<Integer> sequentialInput(JsonNode config, Integer modelNode) {
        JsonNode first = config.path("layers").path(0).path("config");
        List<Integer> shape = first.has("batch_input_shape")
                ? KerasShapes.ints(first.get("batch_input_shape"))
                : first.has("batch_shape") ? KerasShapes.ints(first.get("batch_shape")) : null;
        KerasObject model = objects.object(modelNode);
        if (shape == null && model != null) {
            shape = KerasShapes.ints(model.metadata().get("build_input_shape"));
        }
        List<Integer> built = firstLeafBuildShape(config, modelNode);
        if (shape == null || shape.isEmpty()) {
            return built;
        }
        if (built != null && built.size() == shape.size() && shape.get(0) == null && built.get(0) != null) {
            List<Integer> withBatch = new ArrayList<>(shape);
            withBatch.set(0, built.get(0));
            return withBatch;
        }
        return shape;
    }

    private List<Integer> firstLeafBuildShape(JsonNode config, Integer modelNode) {
        Map<String, Integer> nodes = objects.layersOf(modelNode);
        for (JsonNode layer : config.path("layers")) {
            if (layer.path("class_name").asText().equals("InputLayer")) {
                continue;
            }
            Integer node = nodes.get(Functional.name(layer));
            if (layer.path("config").path("layers").isArray()) {
                return "Sequential".equals(layer.path("class_name").asText())
                        ? firstLeafBuildShape(layer.path("config"), node)
                        : objects.buildInputShape(node);
            }
            return objects.buildInputShape(node);
        }
        return null;
    }
}
