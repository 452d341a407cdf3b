package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.savedmodel.KerasConfigRefs.Ref;
import dev.kerascope.summary.SummaryUtils;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras functional model config walked call by call: each entry of a layer's {@code inbound_nodes} is one call
 * ({@link KerasConfigRefs} reads every form Keras writes). A nested model built on an Input has its construction as
 * node 0, which the config leaves out, so its calls are numbered from 1 (tf-keras's {@code _should_skip_first_node}).
 * Layers are evaluated on demand, so a config that lists a layer before the layers feeding it still works; a reference
 * to a layer the config lacks, or a cycle, is a malformed file.
 */
final class Functional {
    private final JsonNode config;
    private final ModelShapes shapes;
    private final KerasConfigRefs refs;
    private final Map<String, JsonNode> layers = new LinkedHashMap<>();
    private final Map<String, Integer> nodes;
    private final Map<String, List<List<Ref>>> callsOf = new HashMap<>();
    private final Map<String, List<List<List<Integer>>>> outputs = new HashMap<>();
    private final Set<String> visiting = new HashSet<>();
    private List<List<Integer>> given = List.of();

    Functional(JsonNode config, ModelShapes shapes, Integer modelNode) {
        this.config = config;
        this.shapes = shapes;
        this.refs = shapes.refs();
        if (!config.path("layers").isArray()) {
            throw refs.bad("model " + config.path("name").asText("?") + " has no list of layers");
        }
        for (JsonNode l : config.get("layers")) {
            if (!l.isObject()) {
                throw refs.bad("a layer of model " + config.path("name").asText("?") + " is not an object");
            }
            layers.put(name(l), l);
            callsOf.put(name(l), refs.calls(l));
        }
        for (Map.Entry<String, List<List<Ref>>> e : callsOf.entrySet()) {
            for (List<Ref> call : e.getValue()) {
                for (Ref r : call) {
                    if (!layers.containsKey(r.layer())) {
                        throw refs.bad("layer " + e.getKey() + " is called on layer " + r.layer()
                                + ", which the model does not have");
                    }
                }
            }
        }
        for (String key : List.of("input_layers", "output_layers")) {
            for (Ref r : refs.endpoints(config.get(key))) {
                if (!layers.containsKey(r.layer())) {
                    throw refs.bad(key + " of model " + config.path("name").asText("?") + " names layer " + r.layer()
                            + ", which it does not have");
                }
            }
        }
        this.nodes = shapes.objects().layersOf(modelNode);
    }

    static String name(JsonNode layer) {
        return layer.path("name").asText(layer.path("config").path("name").asText(""));
    }

    /** The layers of the config, in its order. */
    Iterable<JsonNode> layers() {
        return layers.values();
    }

    /** Nested models built on an Input have their construction as node 0, absent from the config. */
    private static boolean skipsFirstNode(JsonNode layer) {
        JsonNode inner = layer.path("config").path("layers");
        if (!inner.isArray()) {
            return false;
        }
        return !"Sequential".equals(layer.path("class_name").asText())
                || "InputLayer".equals(inner.path(0).path("class_name").asText());
    }

    /** Evaluates the model on the given input shapes (its own InputLayers' shapes when empty). */
    List<List<Integer>> outputs(List<List<Integer>> inputs) {
        given = inputs;
        outputs.clear();
        List<List<Integer>> result = new ArrayList<>();
        for (Ref r : refs.endpoints(config.get("output_layers"))) {
            result.add(lookup(r));
        }
        return result;
    }

    /** Each call's output tensors (null: unknown), in call order. */
    private List<List<List<Integer>>> callOutputs(String layer) {
        List<List<List<Integer>>> done = outputs.get(layer);
        if (done != null) {
            return done;
        }
        if (!visiting.add(layer)) {
            throw refs.bad("layer " + layer + " is its own input (a cycle in inbound_nodes)");
        }
        JsonNode l = layers.get(layer);
        String cls = l.path("class_name").asText();
        List<List<List<Integer>>> outs = new ArrayList<>();
        if (cls.equals("InputLayer")) {
            List<Ref> inputNames = refs.endpoints(config.get("input_layers"));
            int idx = -1;
            for (int i = 0; i < inputNames.size(); i++) {
                idx = inputNames.get(i).layer().equals(layer) ? i : idx;
            }
            List<Integer> shape = idx >= 0 && idx < given.size() && given.get(idx) != null
                    ? given.get(idx)
                    : KerasShapes.output(cls, l.path("config"), List.of());
            outs.add(shape == null ? null : List.of(shape));
        } else {
            for (List<Ref> call : callsOf.get(layer)) {
                List<List<Integer>> in = new ArrayList<>();
                for (Ref r : call) {
                    in.add(lookup(r));
                }
                outs.add(in.contains(null) ? null : shapes.outputs(cls, l.path("config"), nodes.get(layer), in));
            }
        }
        visiting.remove(layer);
        outputs.put(layer, outs);
        return outs;
    }

    private List<Integer> lookup(Ref r) {
        List<List<List<Integer>>> outs = callOutputs(r.layer());
        int i = skipsFirstNode(layers.get(r.layer())) ? r.nodeIndex() - 1 : r.nodeIndex();
        List<List<Integer>> call = i >= 0 && i < outs.size() ? outs.get(i) : outs.isEmpty() ? null : outs.get(0);
        return call == null || r.tensorIndex() < 0 || r.tensorIndex() >= call.size() ? null : call.get(r.tensorIndex());
    }

    /**
     * What tf-keras prints instead of a shape: "multiple" when the layer's calls gave different shapes
     * ({@code layer.output_shape} raises and the summary catches it), the list of shapes when a call returns several
     * tensors ({@code [(None, 3), (None, 4)]}); null when a shape is printed.
     */
    String shapeLabelOf(String layer) {
        List<List<List<Integer>>> outs = callOutputs(layer);
        if (outs.isEmpty() || outs.contains(null)) {
            return null;
        }
        for (List<List<Integer>> o : outs) {
            if (!o.equals(outs.get(0))) {
                return "multiple";
            }
        }
        List<List<Integer>> tensors = outs.get(0);
        if (tensors.size() == 1 || tensors.contains(null)) {
            return null;
        }
        List<String> shapes = new ArrayList<>();
        tensors.forEach(t -> shapes.add(SummaryUtils.formatShape(t)));
        return "[" + String.join(", ", shapes) + "]";
    }

    /** The layer's output shape: its one tensor, the same on every call; null otherwise (see {@link #shapeLabelOf}). */
    List<Integer> shapeOf(String layer) {
        if (outputs.isEmpty()) {
            outputs(List.of());
        }
        List<List<List<Integer>>> outs = callOutputs(layer);
        if (outs.isEmpty()) {
            return null;
        }
        for (List<List<Integer>> o : outs) {
            if (o == null || o.size() != 1 || o.get(0) == null || !o.equals(outs.get(0))) {
                return null;
            }
        }
        return outs.get(0).get(0);
    }

    /** The shapes of the tensors a layer's first call takes (null where unknown), for its parameter count. */
    List<List<Integer>> inputsOf(String layer) {
        if (outputs.isEmpty()) {
            outputs(List.of());
        }
        List<List<Ref>> calls = callsOf.getOrDefault(layer, List.of());
        List<List<Integer>> in = new ArrayList<>();
        if (!calls.isEmpty()) {
            calls.get(0).forEach(r -> in.add(lookup(r)));
        }
        return in;
    }

    /** "conv1[0][0]" for each input of each call, as the Connected to column shows them. */
    List<String> connections(String layer) {
        List<String> out = new ArrayList<>();
        for (List<Ref> call : callsOf.getOrDefault(layer, List.of())) {
            call.forEach(r -> out.add(r.label()));
        }
        return out;
    }

    /** Keras's test: one input, no layer called twice and no call with several inputs. */
    boolean sequentialLike() {
        for (List<List<Ref>> calls : callsOf.values()) {
            if (calls.size() > 1 || (calls.size() == 1 && calls.get(0).size() > 1)) {
                return false;
            }
        }
        return refs.endpoints(config.get("input_layers")).size() <= 1;
    }
}
