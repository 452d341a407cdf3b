package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tensor references of a Keras functional config, in every form Keras writes them.
 *
 * <p>tf-keras's {@code Node.serialize} writes each tensor of a call's first argument as {@code [layer, node_index,
 * tensor_index, kwargs]} (kwargs may themselves hold references, such as the {@code y} of a {@code TFOpLambda} add),
 * constants as {@code ["_CONSTANT_VALUE", -1, value, kwargs]}, and keeps the first argument's structure (a single
 * reference, a list of references or a dict of them) when the layer preserves it, as {@code TFOpLambda} does. Keras 3
 * writes a call as {@code {"args": [...], "kwargs": {...}}} with {@code {"class_name": "__keras_tensor__", "config":
 * {"keras_history": [layer, node, tensor]}}}. A call's inputs are, as in Keras's {@code Node.keras_inputs}, the first
 * argument's tensors and then those in its kwargs, dicts flattened in sorted-key order as {@code tf.nest.flatten} does.
 */
public final class KerasConfigRefs {
    /** One input of a layer call: the producing layer, which of its calls, which of that call's outputs. */
    public record Ref(String layer, int nodeIndex, int tensorIndex) {
        public String label() {
            return layer + "[" + nodeIndex + "][" + tensorIndex + "]";
        }
    }

    private static final String CONSTANT = "_CONSTANT_VALUE";

    private final Path file;

    public KerasConfigRefs(Path file) {
        this.file = file;
    }

    /** The calls of a layer: one list of inputs per entry of its {@code inbound_nodes}. */
    public List<List<Ref>> calls(JsonNode layer) {
        JsonNode nodes = layer.path("inbound_nodes");
        List<List<Ref>> out = new ArrayList<>();
        if (nodes.isMissingNode() || nodes.isNull()) {
            return out;
        }
        if (!nodes.isArray()) {
            throw bad("inbound_nodes of layer " + layer.path("name").asText("?") + " is not a list");
        }
        for (JsonNode call : nodes) {
            List<Ref> refs = new ArrayList<>();
            List<JsonNode> kwargs = new ArrayList<>();
            if (call.isObject() && (call.has("args") || call.has("kwargs"))) {
                collect(call.path("args"), refs, kwargs);
                collect(call.path("kwargs"), refs, kwargs);
            } else {
                // A list of references, or a single reference or dict kept as the layer's input structure.
                collect(call, refs, kwargs);
            }
            // Tensors in kwargs follow the first argument's tensors, as in Keras's Node.keras_inputs;
            // the same kwargs are repeated on every tensor of the first argument, so read them once.
            if (!kwargs.isEmpty()) {
                collect(kwargs.get(0), refs, new ArrayList<>());
            }
            out.add(refs);
        }
        return out;
    }

    /** The references of {@code input_layers} or {@code output_layers}: a reference, a list or a dict of them. */
    public List<Ref> endpoints(JsonNode node) {
        List<Ref> refs = new ArrayList<>();
        if (node != null && !node.isMissingNode() && !node.isNull()) {
            collect(node, refs, new ArrayList<>());
        }
        return refs;
    }

    /** A reference is a list whose first item is a string: [layer, node_index, tensor_index(, kwargs)]. */
    private static boolean isRef(JsonNode n) {
        return n.isArray()
                && n.size() >= 3
                && n.size() <= 4
                && n.get(0).isTextual()
                && !n.get(1).isArray()
                && !n.get(1).isObject();
    }

    private void collect(JsonNode n, List<Ref> refs, List<JsonNode> kwargs) {
        if (n == null || n.isMissingNode() || n.isNull() || n.isValueNode()) {
            return;
        }
        if (n.isObject()) {
            if ("__keras_tensor__".equals(n.path("class_name").asText())) {
                JsonNode h = n.path("config").path("keras_history");
                if (!isRef(h)) {
                    throw bad("a __keras_tensor__ without a keras_history [layer, node, tensor]: " + n);
                }
                refs.add(ref(h));
                return;
            }
            // A dict of tensors (or of kwargs): values in sorted-key order, as tf.nest.flatten walks them.
            Map<String, JsonNode> sorted = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                sorted.put(e.getKey(), e.getValue());
            }
            sorted.values().forEach(v -> collect(v, refs, kwargs));
            return;
        }
        if (isRef(n)) {
            if (n.size() == 4 && n.get(3).isObject() && n.get(3).size() > 0) {
                kwargs.add(n.get(3));
            }
            if (!n.get(0).asText().equals(CONSTANT)) {
                refs.add(ref(n));
            }
            return;
        }
        for (JsonNode item : n) {
            collect(item, refs, kwargs);
        }
    }

    private Ref ref(JsonNode n) {
        if (!n.get(1).canConvertToInt() || !n.get(2).canConvertToInt()) {
            throw bad("a tensor reference whose node and tensor indices are not integers: " + n);
        }
        return new Ref(n.get(0).asText(), n.get(1).asInt(), n.get(2).asInt());
    }

    public BadInputException bad(String problem) {
        return BadInputException.inFile(file, "holds a Keras model config that cannot be read: " + problem);
    }
}
