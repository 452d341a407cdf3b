package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.ReceptiveFields;
import dev.kerascope.summary.SummaryRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * The Keras summary of a Keras 2 SavedModel: layers and connections from the model's config in the Keras metadata,
 * output shapes computed from the configs ({@link KerasShapes}), and parameters counted from the variables each layer
 * object owns in the object graph (trainable as saved; BatchNormalization's moving statistics are not). Optimizer slots
 * belong to the optimizer object and are never counted.
 */
final class KerasModelSummarizer {
    /** 2^50 values (4 PB of float32): more than any model, small enough that totals never overflow. */
    static final long MAX_VARIABLE_VALUES = 1L << 50;

    private final SavedObjectGraph graph;
    private final Map<Integer, KerasObject> objects;
    private final ModelShapes shapes;

    private KerasModelSummarizer(SavedObjectGraph graph, Map<Integer, KerasObject> objects, Path source) {
        this.graph = graph;
        this.objects = objects;
        this.shapes = new ModelShapes(new LayerObjects(graph, objects), new KerasConfigRefs(source));
    }

    /**
     * The summary of the model at the object graph's root, or empty when the root carries no Keras model config;
     * {@code source} is the file the config came from, named when it is malformed.
     */
    public static Optional<ModelSummary> summarize(
            SavedObjectGraph graph, Map<Integer, KerasObject> objects, Path source) {
        KerasObject root = objects.get(0);
        if (root == null
                || !root.metadata().has("config")
                || !root.metadata().path("config").has("layers")) {
            return Optional.empty();
        }
        return Optional.of(new KerasModelSummarizer(graph, objects, source).summary(root));
    }

    private ModelSummary summary(KerasObject root) {
        JsonNode config = root.metadata().get("config");
        if (!config.path("layers").isArray()) {
            throw shapes.refs().bad("the model's layers are not a list");
        }
        boolean sequential = "Sequential".equals(root.className());
        Map<String, long[]> paramsByLayer = paramsByLayerName();
        List<SummaryRow> rows = new ArrayList<>();
        boolean sequentialLike = sequential;
        if (sequential) {
            List<List<Integer>> outs = shapes.sequential(config, 0, null);
            int i = 0;
            for (JsonNode layer : config.get("layers")) {
                String cls = layer.path("class_name").asText();
                if (cls.equals("InputLayer")) {
                    continue;
                }
                String name = Functional.name(layer);
                long[] p = paramsByLayer.getOrDefault(name, new long[2]);
                rows.add(new SummaryRow(name, cls, outs.get(i++), p[0] + p[1], p[1] == 0, List.of()));
            }
        } else {
            Functional f = new Functional(config, shapes, 0);
            sequentialLike = f.sequentialLike();
            for (JsonNode layer : f.layers()) {
                String name = Functional.name(layer);
                long[] p = paramsByLayer.getOrDefault(name, new long[2]);
                rows.add(new SummaryRow(
                        name,
                        layer.path("class_name").asText(),
                        f.shapeOf(name),
                        p[0] + p[1],
                        p[1] == 0,
                        f.connections(name),
                        f.shapeLabelOf(name)));
            }
        }
        long[] totals = variableTotals(variablesOf(0));
        return new ModelSummary(
                root.name(),
                rows,
                totals[0],
                totals[1],
                totals[2],
                totals[3],
                sequentialLike,
                null,
                sequentialLike ? spatialChain(config, rows) : null,
                kerasVersion(root));
    }

    /** The Keras version the model was saved with: the root's {@code keras_version}, else any object's. */
    private String kerasVersion(KerasObject root) {
        if (root.metadata().hasNonNull("keras_version")) {
            return root.metadata().get("keras_version").asText();
        }
        return objects.values().stream()
                .filter(o -> o.metadata().hasNonNull("keras_version"))
                .map(o -> o.metadata().get("keras_version").asText())
                .findFirst()
                .orElse(null);
    }

    /**
     * The convolution and pooling windows in layer order up to the first layer that is not spatial, for {@code --rf};
     * null when the input is not an image or a window cannot be read.
     */
    static ReceptiveFields.Chain spatialChain(JsonNode config, List<SummaryRow> rows) {
        List<ReceptiveFields.Window> windows = new ArrayList<>();
        Integer inputSize = null;
        String inputName = "input";
        for (JsonNode layer : config.get("layers")) {
            String cls = layer.path("class_name").asText();
            JsonNode c = layer.path("config");
            if (inputSize == null) {
                List<Integer> shape = cls.equals("InputLayer")
                        ? KerasShapes.output(cls, c, List.of())
                        : KerasShapes.ints(c.get("batch_input_shape"));
                if (shape == null || shape.size() != 4 || shape.get(1) == null) {
                    return null;
                }
                inputSize = shape.get(1);
                inputName = c.path("name").asText(inputName);
                if (cls.equals("InputLayer")) {
                    continue;
                }
            }
            boolean conv = cls.equals("Conv2D");
            boolean pool = cls.equals("MaxPooling2D") || cls.equals("AveragePooling2D");
            if (conv || pool) {
                List<Integer> k = KerasShapes.ints(c.get(conv ? "kernel_size" : "pool_size"));
                // Keras's default stride: 1 for a convolution, the pool size for a pooling.
                List<Integer> s = c.hasNonNull("strides") ? KerasShapes.ints(c.get("strides")) : conv ? List.of(1) : k;
                if (k == null
                        || k.isEmpty()
                        || s == null
                        || s.isEmpty()
                        || k.get(0) == null
                        || s.get(0) == null
                        || k.get(0) < 1
                        || s.get(0) < 1) {
                    return null;
                }
                windows.add(new ReceptiveFields.Window(
                        c.path("name").asText(),
                        cls,
                        k.get(0),
                        s.get(0),
                        c.path("padding").asText("valid").toLowerCase(Locale.ROOT),
                        0));
            } else if (!KerasShapes.SAME_SHAPE.contains(cls)) {
                break;
            }
        }
        return inputSize == null ? null : new ReceptiveFields.Chain(inputName, inputSize, windows);
    }

    /** Trainable and non-trainable parameter counts of each layer object directly under the model. */
    private Map<String, long[]> paramsByLayerName() {
        Map<String, long[]> out = new HashMap<>();
        shapes.objects().layersOf(0).forEach((name, node) -> {
            long[] t = variableTotals(variablesOf(node));
            out.put(name, new long[] {t[0], t[2]});
        });
        return out;
    }

    /** The variable nodes an object owns: its {@code variables} list, else its direct variable children. */
    private Set<Integer> variablesOf(int nodeId) {
        Set<Integer> vars = new LinkedHashSet<>();
        SavedObject node = graph.getNodes(nodeId);
        for (ObjectReference c : node.getChildrenList()) {
            if (c.getLocalName().equals("variables")) {
                for (ObjectReference v : graph.getNodes(c.getNodeId()).getChildrenList()) {
                    if (graph.getNodes(v.getNodeId()).hasVariable()) {
                        vars.add(v.getNodeId());
                    }
                }
                return vars;
            }
        }
        for (ObjectReference c : node.getChildrenList()) {
            if (graph.getNodes(c.getNodeId()).hasVariable()) {
                vars.add(c.getNodeId());
            }
        }
        return vars;
    }

    /** {trainable count, trainable bytes, non-trainable count, non-trainable bytes}. */
    private long[] variableTotals(Set<Integer> variableNodes) {
        long[] t = new long[4];
        for (int id : variableNodes) {
            SavedVariable v = graph.getNodes(id).getVariable();
            long n = 1;
            for (var d : v.getShape().getDimList()) {
                long size = Math.max(d.getSize(), 0);
                // Bounded so that a corrupt shape cannot wrap the totals around to a plausible count.
                if (size > 0 && n > MAX_VARIABLE_VALUES / size) {
                    throw shapes.refs()
                            .bad("variable " + v.getName() + " has shape "
                                    + v.getShape().getDimList().stream()
                                            .map(x -> Long.toString(x.getSize()))
                                            .toList() + ", over 2^50 values");
                }
                n *= size;
            }
            int k = v.getTrainable() ? 0 : 2;
            t[k] += n;
            t[k + 1] += n * dtypeSize(v.getDtype());
            if (t[k] > MAX_VARIABLE_VALUES) {
                throw shapes.refs().bad("its variables hold over 2^50 values");
            }
        }
        return t;
    }

    static int dtypeSize(DataType t) {
        return switch (t) {
            case DT_DOUBLE, DT_INT64, DT_UINT64, DT_COMPLEX64 -> 8;
            case DT_HALF, DT_BFLOAT16, DT_INT16, DT_UINT16 -> 2;
            case DT_INT8, DT_UINT8, DT_BOOL, DT_QINT8, DT_QUINT8 -> 1;
            case DT_COMPLEX128 -> 16;
            default -> 4;
        };
    }
}
