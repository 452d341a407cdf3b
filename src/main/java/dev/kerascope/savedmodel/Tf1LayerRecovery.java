package dev.kerascope.savedmodel;

import dev.kerascope.savedmodel.GraphLayerRecovery.RecoveredLayer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;

/**
 * Layers of a TF1 graph (SavedModelBuilder, Estimator exports: every node in the top-level graph, no functions, no
 * Keras metadata), recovered from the op scopes that tf.layers and Keras 1 write. Only the nodes a signature's outputs
 * depend on count (walked back to its inputs), so training, gradient, summary and initialiser nodes never become
 * layers. Layer scopes are the scopes that own the variables read ({@code resnet_model/conv2d_5/kernel} →
 * {@code resnet_model/conv2d_5}); a node in such a scope belongs to that layer, a node directly in an enclosing scope
 * ({@code resnet_model/Relu_7}, or top-level {@code MatMul}) is a layer of its own named after the node, and a
 * variable-less scope ({@code max_pooling2d/MaxPool}) is one layer. Reads only protos.
 */
public final class Tf1LayerRecovery {
    private static final Set<String> VARIABLES = Set.of("VariableV2", "Variable", "VarHandleOp");
    /** Ops that only forward, name or describe a tensor, or whose output is not an activation. */
    private static final Set<String> PLUMBING = Set.of(
            "Identity",
            "IdentityN",
            "Const",
            "Placeholder",
            "PlaceholderWithDefault",
            "NoOp",
            "Snapshot",
            "StopGradient",
            "ReadVariableOp",
            "Shape",
            "ShapeN",
            "Size",
            "Rank",
            "StridedSlice",
            "Pack",
            "Range",
            "Fill",
            "Cast",
            "ArgMax",
            "ArgMin",
            "TopKV2",
            "ParseExample",
            "ParseExampleV2",
            "Assert",
            "Print",
            "PrintV2");

    private final MetaGraphDef meta;
    private final SignatureDef signature;
    private final Map<String, NodeDef> nodes = new LinkedHashMap<>();
    private final Map<String, Integer> position = new HashMap<>();
    /** The nodes the signature's outputs depend on, inputs included, in an order where producers come first. */
    private final List<String> path = new ArrayList<>();

    private Tf1LayerRecovery(MetaGraphDef meta, SignatureDef signature) {
        this.meta = meta;
        this.signature = signature;
        meta.getGraphDef().getNodeList().forEach(n -> {
            position.put(n.getName(), nodes.size());
            nodes.put(n.getName(), n);
        });
    }

    /** A TF1 graph's signature: every output is an ordinary node of the graph, none a function call. */
    public static boolean isTf1Signature(MetaGraphDef meta, String signatureKey) {
        SignatureDef sig = meta.getSignatureDefMap().get(signatureKey);
        if (sig == null
                || sig.getOutputsCount() == 0
                || meta.getGraphDef().getLibrary().getFunctionCount() > 0) {
            return false;
        }
        Set<String> names = new HashSet<>();
        meta.getGraphDef().getNodeList().forEach(n -> names.add(n.getName()));
        return sig.getOutputsMap().values().stream().allMatch(t -> names.contains(TensorRef.nodeOf(t.getName())));
    }

    /** The layers computing the signature's outputs, in graph order; empty when the model is no TF1 graph. */
    public static List<RecoveredLayer> layers(MetaGraphDef meta, String signatureKey) {
        if (!isTf1Signature(meta, signatureKey)) {
            return List.of();
        }
        return new Tf1LayerRecovery(meta, meta.getSignatureDefOrThrow(signatureKey)).recover();
    }

    private List<RecoveredLayer> recover() {
        walkBack();
        // Layer scopes: the scopes owning the variables that path nodes read; every prefix of one is a container.
        Set<String> layerScopes = new HashSet<>();
        Set<String> containers = new HashSet<>(Set.of(""));
        for (String name : path) {
            NodeDef n = nodes.get(name);
            if (VARIABLES.contains(n.getOp()) && name.contains("/")) {
                String scope = Tf1LayerNaming.parent(name);
                layerScopes.add(scope);
                for (String p = Tf1LayerNaming.parent(scope); ; p = Tf1LayerNaming.parent(p)) {
                    containers.add(p);
                    if (p.isEmpty()) {
                        break;
                    }
                }
            }
        }
        layerScopes.removeAll(containers);
        Map<String, Group> groups = new LinkedHashMap<>();
        Map<String, Group> groupOf = new HashMap<>();
        Map<String, NodeDef> consts = consts();
        for (String name : path) {
            NodeDef n = nodes.get(name);
            if (weightNode(name) != null || isInput(name)) {
                continue;
            }
            String key = Tf1LayerNaming.groupKey(name, layerScopes, containers);
            Group g = key.equals(name) ? foldedBias(n, groupOf) : null;
            if (g == null) {
                g = groups.computeIfAbsent(key, k -> new Group(k, !k.equals(name) ? k : null));
            }
            g.nodes.add(name);
            groupOf.put(name, g);
            if (!PLUMBING.contains(n.getOp())) {
                g.ops.add(n.getOp());
            }
            long[] axes = n.getOp().equals("Mean") ? GraphShapes.constInts(GraphShapes.dataInput(n, 1), consts) : null;
            g.spatialMean |= axes != null && Set.of("[1, 2]", "[2, 3]").contains(Arrays.toString(axes));
            for (int i = 0; i < n.getInputCount(); i++) {
                String ref = n.getInput(i);
                String var = TensorRef.isControl(ref) ? null : weightNode(TensorRef.nodeOf(ref));
                if (var != null && g.variables.add(var)) {
                    g.reads.putIfAbsent(Tf1LayerNaming.role(n, i, var, g.reads.keySet()), TensorRef.nodeOf(ref));
                }
            }
        }
        Map<String, List<List<Integer>>> shapes =
                Tf1Shapes.of(path.stream().map(nodes::get).toList(), signature);
        Set<String> outputs = new HashSet<>();
        signature.getOutputsMap().values().forEach(t -> outputs.add(TensorRef.nodeOf(t.getName())));
        List<Group> kept = groups.values().stream()
                .filter(g -> !g.ops.isEmpty())
                .sorted((a, b) -> position.get(a.nodes.get(0)) - position.get(b.nodes.get(0)))
                .toList();
        Set<String> taken = new HashSet<>();
        Map<Group, String> names = new HashMap<>();
        for (Group g : kept) {
            String name = g.key.substring(g.key.lastIndexOf('/') + 1);
            names.put(
                    g,
                    taken.add(name) ? name : g.key); // a clash (resnet_model/Reshape after Reshape) keeps the full path
            taken.add(g.key);
        }
        // A layer's output is its last computing node that a node outside it consumes, or a signature output.
        Map<Group, String> outputOf = new HashMap<>();
        for (String name : path) {
            for (String ref : nodes.get(name).getInputList()) {
                String from = TensorRef.nodeOf(ref);
                Group g = groupOf.get(from);
                if (!TensorRef.isControl(ref)
                        && g != null
                        && g != groupOf.get(name)
                        && !PLUMBING.contains(nodes.get(from).getOp())) {
                    outputOf.put(g, lastOf(outputOf.get(g), List.of(from)));
                }
            }
            if (outputs.contains(name) && groupOf.containsKey(name)) {
                outputOf.put(groupOf.get(name), lastOf(outputOf.get(groupOf.get(name)), List.of(name)));
            }
        }
        Set<Group> keptSet = new HashSet<>(kept);
        Set<String> trainableSet = Tf1Summary.trainableVariables(meta);
        List<RecoveredLayer> out = new ArrayList<>();
        for (Group g : kept) {
            String output = outputOf.getOrDefault(
                    g,
                    lastOf(
                            null,
                            g.nodes.stream()
                                    .filter(x -> !PLUMBING.contains(nodes.get(x).getOp()))
                                    .toList()));
            Set<String> inbound = new LinkedHashSet<>();
            for (String name : g.nodes) {
                for (String ref : nodes.get(name).getInputList()) {
                    Group from = TensorRef.isControl(ref) ? null : producer(TensorRef.nodeOf(ref), groupOf, keptSet);
                    if (from != null && from != g) {
                        inbound.add(names.get(from) + "[0][0]");
                    }
                }
            }
            List<Integer> shape = Tf1Shapes.first(shapes.get(output));
            long params = g.variables.stream()
                    .mapToLong(v -> Tf1Shapes.elements(nodes.get(v)))
                    .sum();
            boolean trainable = g.variables.isEmpty()
                    || trainableSet == null
                    || g.variables.stream().anyMatch(trainableSet::contains);
            out.add(new RecoveredLayer(
                    names.get(g),
                    Tf1LayerNaming.className(g.ops, !g.variables.isEmpty(), g.spatialMean, shape),
                    output,
                    shape,
                    params,
                    trainable,
                    List.copyOf(inbound),
                    g.reads));
        }
        return out;
    }

    /** Nodes of one layer, in path order, with the variables they read. */
    private static final class Group {
        final String key;
        final String scope;
        final List<String> nodes = new ArrayList<>();
        final Set<String> ops = new LinkedHashSet<>();
        final Set<String> variables = new LinkedHashSet<>();
        final Map<String, String> reads = new LinkedHashMap<>();
        boolean spatialMean;

        Group(String key, String scope) {
            this.key = key;
            this.scope = scope;
        }
    }

    /**
     * Collects the signature's dependencies from its outputs back to its inputs (control edges do not compute values).
     */
    private void walkBack() {
        Set<String> done = new HashSet<>();
        Set<String> seen = new HashSet<>();
        Deque<String> stack = new ArrayDeque<>();
        signature.getOutputsMap().values().forEach(t -> stack.push(TensorRef.nodeOf(t.getName())));
        while (!stack.isEmpty()) {
            String name = stack.peek();
            NodeDef n = nodes.get(name);
            if (n == null || done.contains(name)) {
                stack.pop();
                continue;
            }
            if (seen.add(name) && !isInput(name)) {
                for (String ref : n.getInputList()) {
                    if (!TensorRef.isControl(ref) && !seen.contains(TensorRef.nodeOf(ref))) {
                        stack.push(TensorRef.nodeOf(ref));
                    }
                }
                continue;
            }
            stack.pop();
            if (done.add(name)) {
                path.add(name);
            }
        }
    }

    private boolean isInput(String name) {
        return signature.getInputsMap().values().stream()
                .anyMatch(t -> TensorRef.nodeOf(t.getName()).equals(name));
    }

    /** The variable a node is or reads (VariableV2 itself, its {@code /read} Identity, a ReadVariableOp), else null. */
    private String weightNode(String name) {
        NodeDef n = nodes.get(name);
        if (n == null) {
            return null;
        }
        if (VARIABLES.contains(n.getOp())) {
            return name;
        }
        if ((n.getOp().equals("Identity") || n.getOp().equals("ReadVariableOp")) && n.getInputCount() > 0) {
            NodeDef v = nodes.get(TensorRef.nodeOf(n.getInput(0)));
            return v != null && VARIABLES.contains(v.getOp()) ? v.getName() : null;
        }
        return null;
    }

    /** Unscoped graphs write a Dense layer as MatMul then Add of a variable: the Add is that layer's bias. */
    private Group foldedBias(NodeDef n, Map<String, Group> groupOf) {
        if (!Set.of("Add", "AddV2", "BiasAdd").contains(n.getOp()) || n.getInputCount() != 2) {
            return null;
        }
        for (int i = 0; i < 2; i++) {
            Group g = groupOf.get(TensorRef.nodeOf(n.getInput(i)));
            if (weightNode(TensorRef.nodeOf(n.getInput(1 - i))) != null
                    && g != null
                    && g.scope == null
                    && (g.ops.contains("MatMul")
                            || g.ops.contains("Conv2D")
                            || g.ops.contains("DepthwiseConv2dNative"))) {
                return g;
            }
        }
        return null;
    }

    /**
     * The kept layer producing a tensor, looking through plumbing that belongs to no layer (Identity names such as
     * final_dense).
     */
    private Group producer(String name, Map<String, Group> groupOf, Set<Group> kept) {
        for (int hops = 0; name != null && hops < 64; hops++) {
            Group g = groupOf.get(name);
            if (g != null && kept.contains(g)) {
                return g;
            }
            NodeDef n = nodes.get(name);
            if (n == null || n.getInputCount() == 0 || weightNode(name) != null || isInput(name)) {
                return null;
            }
            name = TensorRef.nodeOf(n.getInput(0));
        }
        return null;
    }

    private String lastOf(String current, List<String> candidates) {
        String best = current;
        for (String c : candidates) {
            if (best == null || position.get(c) > position.get(best)) {
                best = c;
            }
        }
        return best;
    }

    private Map<String, NodeDef> consts() {
        Map<String, NodeDef> consts = new HashMap<>();
        path.stream().map(nodes::get).filter(n -> n.getOp().equals("Const")).forEach(n -> consts.put(n.getName(), n));
        return consts;
    }
}
