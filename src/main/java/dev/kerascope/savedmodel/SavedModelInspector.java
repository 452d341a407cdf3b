package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Reads a SavedModel's protos into a {@link SavedModelInfo}, checking what a later session run would trip over:
 * signatures naming tensors the graph lacks, call cycles in the function library, absurd dimensions. Never loads
 * TensorFlow's native library.
 */
public final class SavedModelInspector {
    /** No real tensor has a dimension this large; such a value means a corrupt or hostile file. */
    static final long MAX_DIMENSION = 1L << 31;

    private final Path dir;
    private final MetaGraphDef meta;
    private final Map<String, FunctionDef> functions = new HashMap<>();

    private SavedModelInspector(Path dir, MetaGraphDef meta) {
        this.dir = dir;
        this.meta = meta;
        for (FunctionDef f : meta.getGraphDef().getLibrary().getFunctionList()) {
            functions.put(f.getSignature().getName(), f);
        }
    }

    public static SavedModelInfo inspect(Path dir, Set<String> tags) {
        dir = SavedModelFiles.locate(dir);
        SavedModel model = SavedModelFiles.read(dir);
        MetaGraphDef meta = SavedModelSummaries.metaGraph(model, dir, tags);
        List<List<String>> tagSets = new ArrayList<>();
        model.getMetaGraphsList()
                .forEach(m -> tagSets.add(List.copyOf(m.getMetaInfoDef().getTagsList())));
        return new SavedModelInspector(dir, meta).info(tagSets, tags);
    }

    private SavedModelInfo info(List<List<String>> tagSets, Set<String> tags) {
        Map<String, NodeDef> nodes = new HashMap<>();
        meta.getGraphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
        List<SavedModelInfo.Signature> signatures = new ArrayList<>();
        Set<String> reachable = new LinkedHashSet<>();
        for (var e : new TreeMap<>(meta.getSignatureDefMap()).entrySet()) {
            SignatureDef sig = e.getValue();
            List<SavedModelInfo.TensorSpec> inputs = specs(e.getKey(), sig.getInputsMap(), nodes);
            List<SavedModelInfo.TensorSpec> outputs = specs(e.getKey(), sig.getOutputsMap(), nodes);
            List<SavedModelInfo.Call> calls = new ArrayList<>();
            Set<String> seenRoots = new HashSet<>();
            for (SavedModelInfo.TensorSpec out : outputs) {
                NodeDef n = nodes.get(TensorRef.nodeOf(out.tensorName()));
                String f = n == null ? null : calledFunction(n);
                if (f != null && seenRoots.add(f)) {
                    calls.add(callTree(f, new ArrayList<>(), reachable));
                }
            }
            signatures.add(new SavedModelInfo.Signature(e.getKey(), sig.getMethodName(), inputs, outputs, calls));
        }
        Map<String, Integer> histogram = new TreeMap<>();
        meta.getGraphDef().getNodeList().forEach(n -> histogram.merge(n.getOp(), 1, Integer::sum));
        for (String f : reachable) {
            functions.get(f).getNodeDefList().forEach(n -> histogram.merge(n.getOp(), 1, Integer::sum));
        }
        return new SavedModelInfo(
                tagSets,
                List.copyOf(new TreeSet<>(tags)),
                meta.getMetaInfoDef().getTensorflowVersion(),
                meta.getGraphDef().getVersions().getProducer(),
                kerasVersion(),
                signatures,
                variables(nodes),
                histogram,
                functions.size(),
                kerasLayers());
    }

    private List<SavedModelInfo.TensorSpec> specs(
            String signature, Map<String, TensorInfo> map, Map<String, NodeDef> nodes) {
        List<SavedModelInfo.TensorSpec> out = new ArrayList<>();
        for (var e : new TreeMap<>(map).entrySet()) {
            TensorInfo t = e.getValue();
            String name = t.getName();
            if (!name.isEmpty() && !nodes.containsKey(TensorRef.nodeOf(name))) {
                throw BadInputException.inFile(
                        dir,
                        "signature '" + signature + "' names tensor " + name + " for '" + e.getKey()
                                + "', which is not in the graph");
            }
            out.add(new SavedModelInfo.TensorSpec(
                    e.getKey(),
                    dtypeName(t.getDtype()),
                    dims(t.getTensorShape(), "signature '" + signature + "' " + e.getKey()),
                    name));
        }
        return out;
    }

    /** Dimensions, -1 for unknown; null for unknown rank. Absurd dimensions are refused. */
    private List<Long> dims(TensorShapeProto shape, String what) {
        if (shape.getUnknownRank()) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (var d : shape.getDimList()) {
            if (d.getSize() > MAX_DIMENSION) {
                throw BadInputException.inFile(dir, what + " has an absurd dimension " + d.getSize());
            }
            out.add(d.getSize());
        }
        return out;
    }

    /**
     * The function a node calls: the {@code f} attribute of (Stateful)PartitionedCall, or an op named after a function.
     */
    private String calledFunction(NodeDef n) {
        AttrValue f = n.getAttrOrDefault("f", null);
        if (f != null && f.hasFunc() && functions.containsKey(f.getFunc().getName())) {
            return f.getFunc().getName();
        }
        return functions.containsKey(n.getOp()) ? n.getOp() : null;
    }

    private SavedModelInfo.Call callTree(String function, List<String> path, Set<String> reachable) {
        if (path.contains(function)) {
            throw BadInputException.inFile(
                    dir, "the function library has a call cycle: " + String.join(" -> ", path) + " -> " + function);
        }
        reachable.add(function);
        path.add(function);
        List<SavedModelInfo.Call> callees = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (NodeDef n : functions.get(function).getNodeDefList()) {
            String callee = calledFunction(n);
            if (callee != null && seen.add(callee)) {
                callees.add(callTree(callee, path, reachable));
            }
        }
        path.remove(path.size() - 1);
        return new SavedModelInfo.Call(function, callees);
    }

    private List<SavedModelInfo.Variable> variables(Map<String, NodeDef> nodes) {
        List<SavedModelInfo.Variable> out = new ArrayList<>();
        if (meta.hasObjectGraphDef() && meta.getObjectGraphDef().getNodesCount() > 0) {
            Set<String> seen = new HashSet<>();
            for (var node : meta.getObjectGraphDef().getNodesList()) {
                if (node.hasVariable() && seen.add(node.getVariable().getName())) {
                    var v = node.getVariable();
                    out.add(variable(v.getName(), v.getShape(), v.getDtype(), v.getTrainable()));
                }
            }
            return out;
        }
        // Moving statistics and global_step are in the graph but not in the collection (null: no collection).
        Set<String> trainable = Tf1Summary.trainableVariables(meta);
        for (NodeDef n : meta.getGraphDef().getNodeList()) {
            if (n.getOp().equals("VariableV2")
                    || n.getOp().equals("Variable")
                    || n.getOp().equals("VarHandleOp")) {
                AttrValue shape = n.getAttrOrDefault("shape", AttrValue.getDefaultInstance());
                AttrValue dtype = n.getAttrOrDefault("dtype", AttrValue.getDefaultInstance());
                boolean isTrainable = trainable == null || trainable.contains(n.getName());
                out.add(variable(n.getName(), shape.getShape(), dtype.getType(), isTrainable));
            }
        }
        return out;
    }

    private SavedModelInfo.Variable variable(String name, TensorShapeProto shape, DataType dtype, boolean trainable) {
        List<Long> d = dims(shape, "variable " + name);
        long n = 1;
        for (long x : d == null ? List.<Long>of() : d) {
            n *= Math.max(x, 0);
        }
        return new SavedModelInfo.Variable(
                name, d, dtypeName(dtype), n * KerasModelSummarizer.dtypeSize(dtype), trainable);
    }

    /** "conv2d (Conv2D)" for each layer of the model's Keras config, when the file has one. */
    private List<String> kerasLayers() {
        if (!meta.hasObjectGraphDef() || meta.getObjectGraphDef().getNodesCount() == 0) {
            return List.of();
        }
        return KerasModelSummarizer.summarize(
                        meta.getObjectGraphDef(),
                        KerasMetadata.read(dir, meta.getObjectGraphDef()),
                        KerasMetadata.source(dir))
                .map(s -> s.rows().stream()
                        .map(r -> r.name() + " (" + r.className() + ")")
                        .toList())
                .orElse(List.of());
    }

    private String kerasVersion() {
        if (!meta.hasObjectGraphDef() || meta.getObjectGraphDef().getNodesCount() == 0) {
            return null;
        }
        KerasObject root = KerasMetadata.read(dir, meta.getObjectGraphDef()).get(0);
        JsonNode v = root == null ? null : root.metadata().get("keras_version");
        return v == null ? null : v.asText();
    }

    static String dtypeName(DataType t) {
        return t == DataType.UNRECOGNIZED ? "DT_INVALID" : t.name();
    }
}
