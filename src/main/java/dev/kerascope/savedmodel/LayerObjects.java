package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedConcreteFunction;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.Struct.StructuredValue;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * The Keras layer objects of a Keras 2 SavedModel's object graph: which node holds which layer of a model (its
 * {@code layer-N} children), what each layer's metadata says it was built with, and the output shape of the call
 * functions Keras saved for it. Those functions were traced on the real tensors, so their {@code output_signature} is
 * the output shape of layers no config rule covers ({@code TFOpLambda}, {@code Lambda}, custom layers); Keras traces
 * them with the batch relaxed to None, so the batch of a signature says nothing.
 */
final class LayerObjects {
    private final SavedObjectGraph graph;
    private final Map<Integer, KerasObject> objects;

    LayerObjects(SavedObjectGraph graph, Map<Integer, KerasObject> objects) {
        this.graph = graph;
        this.objects = objects;
    }

    /** The layers directly under a model node, by Keras name, in {@code layer-N} order. */
    Map<String, Integer> layersOf(Integer modelNode) {
        Map<String, Integer> out = new LinkedHashMap<>();
        if (modelNode == null || modelNode < 0 || modelNode >= graph.getNodesCount()) {
            return out;
        }
        TreeMap<Integer, Integer> inOrder = new TreeMap<>();
        for (ObjectReference c : graph.getNodes(modelNode).getChildrenList()) {
            // At most nine digits: an int, whatever the file says.
            if (c.getLocalName().matches("layer-\\d{1,9}")) {
                inOrder.put(Integer.parseInt(c.getLocalName().substring(6)), c.getNodeId());
            }
        }
        for (int node : inOrder.values()) {
            KerasObject o = objects.get(node);
            if (o != null && o.name() != null) {
                out.putIfAbsent(o.name(), node);
            }
        }
        return out;
    }

    KerasObject object(Integer node) {
        return node == null ? null : objects.get(node);
    }

    /** The shape the layer's metadata says it was first built with ({@code build_input_shape}), or null. */
    List<Integer> buildInputShape(Integer node) {
        KerasObject o = object(node);
        if (o == null) {
            return null;
        }
        JsonNode shape = o.metadata().path("build_input_shape");
        JsonNode items = shape.isObject() ? shape.path("items") : shape;
        for (JsonNode d : items) {
            if (!d.isNull() && !d.canConvertToInt()) {
                return null; // several inputs: a list of shapes
            }
        }
        List<Integer> dims = KerasShapes.ints(shape);
        return dims == null || dims.isEmpty() ? null : dims;
    }

    /**
     * The output shapes of the tensors the layer's saved call function returns, batch axis included (None), or null
     * when the layer has none or its traces disagree.
     */
    List<List<Integer>> signatureOutputs(Integer node) {
        if (node == null || node < 0 || node >= graph.getNodesCount()) {
            return null;
        }
        List<List<Integer>> found = null;
        for (ObjectReference c : graph.getNodes(node).getChildrenList()) {
            SavedObject fn = graph.getNodes(c.getNodeId());
            if (!c.getLocalName().equals("__call__") || !fn.hasFunction()) {
                continue;
            }
            for (String name : fn.getFunction().getConcreteFunctionsList()) {
                SavedConcreteFunction cf = graph.getConcreteFunctionsMap().get(name);
                List<List<Integer>> tensors = new ArrayList<>();
                if (cf == null || !flatten(cf.getOutputSignature(), tensors) || tensors.isEmpty()) {
                    continue;
                }
                if (found != null && !found.equals(tensors)) {
                    return null;
                }
                found = tensors;
            }
        }
        return found;
    }

    /** The tensors of a structured value in order (lists, tuples, dicts by key); false for anything else. */
    private static boolean flatten(StructuredValue v, List<List<Integer>> out) {
        if (v.hasTensorSpecValue()) {
            out.add(dims(v.getTensorSpecValue().getShape()));
            return true;
        }
        List<StructuredValue> items = v.hasTupleValue()
                ? v.getTupleValue().getValuesList()
                : v.hasListValue()
                        ? v.getListValue().getValuesList()
                        : v.hasDictValue()
                                ? new TreeMap<>(v.getDictValue().getFieldsMap())
                                        .values().stream().toList()
                                : null;
        if (items == null) {
            return false;
        }
        for (StructuredValue item : items) {
            if (!flatten(item, out)) {
                return false;
            }
        }
        return true;
    }

    private static List<Integer> dims(TensorShapeProto shape) {
        if (shape.getUnknownRank()) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        shape.getDimList().forEach(d -> out.add(d.getSize() < 0 ? null : (int) d.getSize()));
        return out;
    }
}
