package dev.kerascope.walker;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.arch.Layer;
import dev.kerascope.io.BadInputException;
import dev.kerascope.record.KerascopeRecord;
import dev.kerascope.savedmodel.GraphLayerRecovery;
import dev.kerascope.savedmodel.TensorRef;
import dev.kerascope.savedmodel.Tf1LayerRecovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.proto.MetaGraphDef;

/**
 * The Keras layers of an opened model, each with the tensor that holds its output in the loaded graph. Where the layers
 * come from, first found wins: kerascope's own record (its exports and converted Keras files name every layer's
 * output), the op scopes of a TF1 graph, or {@link GraphLayerRecovery} on the function that holds the layers, whose
 * copy {@link FunctionInliner} made.
 */
final class LayerIndex {
    /** The model as the user named it, for messages. */
    private final Path shown;

    private final Graph graph;
    private final FunctionInliner inliner;
    private final Map<String, GraphLayer> layers = new LinkedHashMap<>();
    private final Map<String, Output<?>> outputs = new LinkedHashMap<>();
    /** The function whose inlined copy holds the layers; null where they are nodes of the graph itself. */
    private final String layerFunction;
    /** Copied ops by function and node name, indexed once: the copy does not change after opening. */
    private Map<String, GraphOperation> inlinedOps;

    LayerIndex(Path dir, Path shown, Graph graph, MetaGraphDef meta, String signatureKey, FunctionInliner inliner) {
        this.shown = shown;
        this.graph = graph;
        this.inliner = inliner;
        Optional<KerascopeRecord> record = KerascopeRecord.read(dir);
        if (record.isPresent()) {
            kerascopeLayers(record.get());
            layerFunction = null;
            return;
        }
        // TF1 graphs (no functions): layers recovered from their op scopes, fetched straight from the loaded graph.
        List<GraphLayerRecovery.RecoveredLayer> tf1 = Tf1LayerRecovery.layers(meta, signatureKey);
        if (!tf1.isEmpty()) {
            tf1.forEach(l -> add(of(l), graph.operation(l.outputNode())));
            layerFunction = null;
            return;
        }
        boolean keras2 = Files.isRegularFile(dir.resolve("keras_metadata.pb")) || hasKerasUserObjects(meta);
        var recovered = GraphLayerRecovery.layers(meta, !keras2);
        layerFunction = recovered.map(GraphLayerRecovery.Recovered::function).orElse(null);
        recovered.ifPresent(r -> {
            for (GraphLayerRecovery.RecoveredLayer l : r.layers()) {
                GraphOperation op = inlinedOp(r.function(), l.outputNode());
                if (op != null) {
                    add(of(l), op);
                }
            }
        });
    }

    private static GraphLayer of(GraphLayerRecovery.RecoveredLayer l) {
        return new GraphLayer(l.name(), l.className(), l.outputNode(), l.params(), l.weightReads());
    }

    private void add(GraphLayer layer, GraphOperation output) {
        layers.put(layer.name(), layer);
        outputs.put(layer.name(), output.output(0));
    }

    /** kerascope's own exports name every layer's output in their record ({@code conv1/output:0}). */
    private void kerascopeLayers(KerascopeRecord record) {
        if (record.isConverted()) {
            convertedLayers(record.converted().path("layers"));
            return;
        }
        for (Layer l : record.architecture().layers()) {
            String node = TensorRef.nodeOf(record.layerOutputs().get(l.name()));
            GraphOperation op = graph.operation(node);
            if (op != null && !(l instanceof Layer.InputLayer)) {
                Map<String, String> reads = new LinkedHashMap<>();
                for (String role : List.of("kernel", "bias")) {
                    if (graph.operation(l.name() + "/" + role) != null) {
                        reads.put(role, l.name() + "/" + role);
                    }
                }
                add(new GraphLayer(l.name(), l.className(), node, 0, reads), op);
            }
        }
    }

    /** A converted Keras file's sidecar lists each layer with its class, output tensor and weight nodes. */
    private void convertedLayers(JsonNode list) {
        for (JsonNode l : list) {
            String name = l.path("name").asText();
            GraphOperation op =
                    graph.operation(TensorRef.nodeOf(l.path("output").asText()));
            if (op == null) {
                continue;
            }
            Map<String, String> reads = new LinkedHashMap<>();
            l.path("weights")
                    .fields()
                    .forEachRemaining(w -> reads.put(w.getKey(), w.getValue().asText()));
            add(new GraphLayer(name, l.path("class_name").asText(), op.name(), 0, reads), op);
        }
    }

    private static boolean hasKerasUserObjects(MetaGraphDef meta) {
        return meta.getObjectGraphDef().getNodesList().stream()
                .anyMatch(n ->
                        n.hasUserObject() && n.getUserObject().getIdentifier().startsWith("_tf_keras"));
    }

    /** Layer names in graph order. */
    List<String> names() {
        return List.copyOf(layers.keySet());
    }

    /** A layer by name, refused with the list of names when the model has none such. */
    GraphLayer layer(String name) {
        GraphLayer l = layers.get(name);
        if (l == null) {
            throw new BadInputException(
                    "no layer '" + name + "' in " + shown + " (layers: " + String.join(", ", names()) + ")");
        }
        return l;
    }

    /** The tensor holding a layer's output. */
    Output<?> output(String name) {
        return outputs.get(layer(name).name());
    }

    /** The op that reads one of the layer's weights, in the graph or in the inlined copy. */
    GraphOperation weightOp(GraphLayer layer, String weight) {
        String node = layer.weightNodes().get(weight);
        return layerFunction == null ? graph.operation(node) : inlinedOp(layerFunction, node);
    }

    /** The op that node {@code name} of {@code function} became in the graph. */
    private GraphOperation inlinedOp(String function, String name) {
        if (inlinedOps == null) {
            inlinedOps = new HashMap<>();
            inliner.nodes().values().stream()
                    .filter(n -> n.op() != null)
                    .forEach(n -> inlinedOps.putIfAbsent(
                            n.function() + "\u0000" + n.def().getName(), n.op()));
        }
        return inlinedOps.get(function + "\u0000" + name);
    }

    /** The ops of the layer-holding function as copied into the graph, by their name in the function. */
    Map<String, GraphOperation> functionOps() {
        Map<String, GraphOperation> out = new LinkedHashMap<>();
        inliner.nodes().values().stream()
                .filter(n -> n.function().equals(layerFunction) && n.op() != null)
                .forEach(n -> out.put(n.def().getName(), n.op()));
        return out;
    }
}
