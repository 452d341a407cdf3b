package dev.kerascope.kerasfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.io.BadInputException;
import dev.kerascope.savedmodel.KerasConfigRefs;
import dev.kerascope.savedmodel.KerasConfigRefs.Ref;
import dev.kerascope.savedmodel.KerasShapes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Keras model config as a graph of layer calls: Functional configs as written ({@code inbound_nodes}, several inputs
 * and outputs, a layer called more than once), a Sequential as the chain it is. Calls are put in an order where every
 * input comes before its use (a cycle is a malformed file), and each call's input and output shapes are computed from
 * the configs ({@link KerasShapes}: null where a dimension or a rule is unknown).
 */
public final class LayerGraph {
    /** One layer of the config. {@code nested} when it is itself a model (its config has layers). */
    public record Layer(String name, String className, JsonNode config, boolean nested, JsonNode json) {}

    /** One call of a layer: its inputs (producing layer, that layer's call, which tensor) and shapes. */
    public record Call(
            Layer layer, int index, List<Ref> inputs, List<List<Integer>> inputShapes, List<Integer> outputShape) {}

    private final Path file;
    private final String modelName;
    private final String modelClass;
    private final Map<String, Layer> layers = new LinkedHashMap<>();
    private final List<Ref> inputs = new ArrayList<>();
    private final List<Ref> outputs = new ArrayList<>();
    private final List<Call> order = new ArrayList<>();
    private final Map<String, List<Call>> callsOf = new LinkedHashMap<>();

    private LayerGraph(String modelName, String modelClass, Path file) {
        this.file = file;
        this.modelName = modelName;
        this.modelClass = modelClass;
    }

    /**
     * The graph of a model config root ({@code {"class_name": ..., "config": {...}}}); {@code file} is named on errors.
     */
    public static LayerGraph of(JsonNode model, Path file) {
        KerasConfigRefs refs = new KerasConfigRefs(file);
        String cls = model.path("class_name").asText("");
        JsonNode config = model.path("config");
        if (!config.path("layers").isArray()) {
            throw refs.bad("the model (" + (cls.isEmpty() ? "no class_name" : cls) + ") has no list of layers");
        }
        LayerGraph g = new LayerGraph(config.path("name").asText("model"), cls, file);
        Map<String, List<List<Ref>>> calls = new LinkedHashMap<>();
        for (JsonNode l : config.get("layers")) {
            String name = l.path("config").path("name").asText(l.path("name").asText(""));
            String lc = l.path("class_name").asText("");
            if (name.isEmpty() || lc.isEmpty()) {
                throw refs.bad("a layer without a name or class_name: " + abbreviate(l));
            }
            if (g.layers.put(
                            name,
                            new Layer(
                                    name,
                                    lc,
                                    l.path("config"),
                                    l.path("config").path("layers").isArray(),
                                    l))
                    != null) {
                throw refs.bad("two layers are named " + name);
            }
            calls.put(name, cls.equals("Sequential") ? new ArrayList<>() : refs.calls(l));
        }
        if (cls.equals("Sequential")) {
            g.chain(calls, model.path("build_config").path("input_shape"), file);
        } else {
            g.inputs.addAll(refs.endpoints(config.get("input_layers")));
            g.outputs.addAll(refs.endpoints(config.get("output_layers")));
        }
        g.order(calls, refs);
        return g;
    }

    /**
     * A Sequential: an InputLayer first (made from the first layer's batch_input_shape when absent), then each layer on
     * the last.
     */
    private void chain(Map<String, List<List<Ref>>> calls, JsonNode built, Path file) {
        if (layers.isEmpty()) {
            throw BadInputException.inFile(file, "holds a Sequential model without layers");
        }
        Layer first = layers.values().iterator().next();
        String previous = first.name();
        if (!first.className().equals("InputLayer")) {
            // tf.keras names the implicit input after the first layer.
            JsonNode shape = first.config().has("batch_input_shape")
                    ? first.config().get("batch_input_shape")
                    : first.config().get("batch_shape");
            if (shape == null && built.isArray()) {
                shape = built; // Keras 3 records a Sequential built without an Input in the model's build_config
            }
            if (shape == null) {
                throw BadInputException.inFile(
                        file, "holds a Sequential model whose input shape is not recorded (not built before saving)");
            }
            Map<String, Layer> withInput = new LinkedHashMap<>();
            previous = first.name() + "_input";
            ObjectNode inputConfig = JsonNodeFactory.instance.objectNode();
            inputConfig.put("name", previous);
            inputConfig.set("batch_input_shape", shape);
            withInput.put(previous, new Layer(previous, "InputLayer", inputConfig, false, inputConfig));
            withInput.putAll(layers);
            layers.clear();
            layers.putAll(withInput);
            calls.put(previous, new ArrayList<>());
        }
        inputs.add(new Ref(previous, 0, 0));
        for (Layer l : layers.values()) {
            if (!l.name().equals(previous) && !l.className().equals("InputLayer")) {
                calls.get(l.name())
                        .add(List.of(new Ref(
                                previous,
                                calls.get(previous).isEmpty()
                                        ? 0
                                        : calls.get(previous).size() - 1,
                                0)));
                previous = l.name();
            }
        }
        outputs.add(new Ref(previous, 0, 0));
    }

    /** Orders the calls depth-first from the outputs, so that inputs come first; a cycle is refused. */
    private void order(Map<String, List<List<Ref>>> calls, KerasConfigRefs refs) {
        Set<String> visiting = new HashSet<>();
        for (Ref r : inputs) {
            if (!layers.containsKey(r.layer())
                    || !layers.get(r.layer()).className().equals("InputLayer")) {
                throw refs.bad("model input " + r.layer() + " is not an InputLayer of the model");
            }
        }
        for (Ref r : outputs) {
            visit(r.layer(), calls, visiting, refs);
        }
    }

    private void visit(String name, Map<String, List<List<Ref>>> calls, Set<String> visiting, KerasConfigRefs refs) {
        if (callsOf.containsKey(name)) {
            return;
        }
        Layer layer = layers.get(name);
        if (layer == null) {
            throw refs.bad("a layer is called on layer " + name + ", which the model does not have");
        }
        if (!visiting.add(name)) {
            throw refs.bad("layer " + name + " is its own input (a cycle in inbound_nodes)");
        }
        List<Call> done = new ArrayList<>();
        if (layer.className().equals("InputLayer")) {
            List<Integer> shape = inputShape(layer);
            if (shape == null || shape.isEmpty()) {
                throw refs.bad("InputLayer " + name + " has no input shape (batch_shape or batch_input_shape)");
            }
            done.add(new Call(layer, 0, List.of(), List.of(), shape));
        }
        for (List<Ref> in : calls.getOrDefault(name, List.of())) {
            List<List<Integer>> shapes = new ArrayList<>();
            for (Ref r : in) {
                visit(r.layer(), calls, visiting, refs);
                shapes.add(shapeOf(r));
            }
            List<Integer> out = shapes.contains(null)
                    ? null
                    : layer.nested()
                            ? nestedOutput(layer)
                            : KerasShapes.output(layer.className(), layer.config(), shapes);
            done.add(new Call(layer, done.size(), List.copyOf(in), shapes, out));
        }
        visiting.remove(name);
        callsOf.put(name, done);
        order.addAll(done);
    }

    /** A nested model's one output shape, from its own config (its InputLayers' shapes); null when it has several. */
    private List<Integer> nestedOutput(Layer layer) {
        LayerGraph inner = of(layer.json(), file);
        return inner.outputs().size() == 1 ? inner.shapeOf(inner.outputs().get(0)) : null;
    }

    private static List<Integer> inputShape(Layer l) {
        return KerasShapes.output("InputLayer", l.config(), List.of());
    }

    /**
     * The shape a reference points at (a nested model built on an Input counts its construction as call 0); output
     * {@code i} of a nested model with several outputs is its own i-th output's shape.
     */
    public List<Integer> shapeOf(Ref r) {
        Call c = callOf(r);
        if (c != null && c.layer().nested()) {
            LayerGraph inner = of(c.layer().json(), file);
            return r.tensorIndex() < inner.outputs().size()
                    ? inner.shapeOf(inner.outputs().get(r.tensorIndex()))
                    : null;
        }
        return c == null || r.tensorIndex() != 0 ? null : c.outputShape();
    }

    /** The call a reference points at, or null. */
    public Call callOf(Ref r) {
        List<Call> calls = callsOf.getOrDefault(r.layer(), List.of());
        int i = r.nodeIndex();
        if (i >= calls.size() && calls.size() > 0) {
            i = calls.size() - 1; // nested models count their own construction; tf-keras skips it
        }
        return i < 0 || i >= calls.size() ? null : calls.get(i);
    }

    public String modelName() {
        return modelName;
    }

    public String modelClass() {
        return modelClass;
    }

    /** Every layer in config order (a Sequential without an InputLayer gets one, named {@code <first>_input}). */
    public List<Layer> layers() {
        return List.copyOf(layers.values());
    }

    /** Every call reachable from the outputs, inputs before their uses. */
    public List<Call> calls() {
        return List.copyOf(order);
    }

    public List<Call> callsOf(String layer) {
        return callsOf.getOrDefault(layer, List.of());
    }

    public List<Ref> inputs() {
        return List.copyOf(inputs);
    }

    public List<Ref> outputs() {
        return List.copyOf(outputs);
    }

    static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
