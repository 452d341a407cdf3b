package dev.kerascope.savedmodel;

import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedConcreteFunction;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Recovers Keras layers from the graph of a SavedModel that carries no Keras metadata (Keras 3 {@code export()},
 * {@code tf.saved_model.save} of a Keras model). The serving function that holds the layers is found through the
 * signature's calls; its nodes are grouped by their layer scope ({@code sequential_1/conv2d_1/convolution} → scope
 * {@code conv2d_1}); each group's class comes from its ops, its name from the variables it reads (captured inputs map
 * to object-graph variables through the function's bound inputs) or else from its scope without Keras's {@code _1}
 * suffix, and output shapes are propagated from the signature's input shape ({@link GraphShapes}).
 */
public final class GraphLayerRecovery {
    /** A layer found in a function body: its Keras name, class, the node holding its output, and more. */
    public record RecoveredLayer(
            String name,
            String className,
            String outputNode,
            List<Integer> outputShape,
            long params,
            boolean trainable,
            List<String> inbound,
            Map<String, String> weightReads) {
        public RecoveredLayer {
            weightReads = Map.copyOf(weightReads);
        }
    }

    /** The layers of the function that holds them, in graph order. */
    public record Recovered(String function, String modelScope, List<RecoveredLayer> layers, boolean sequentialLike) {}

    private final MetaGraphDef meta;
    private final SavedObjectGraph objects;
    private boolean stripSuffixes = true;
    private final Map<String, FunctionDef> functions = new HashMap<>();

    private GraphLayerRecovery(MetaGraphDef meta) {
        this.meta = meta;
        this.objects = meta.getObjectGraphDef();
        meta.getGraphDef()
                .getLibrary()
                .getFunctionList()
                .forEach(f -> functions.put(f.getSignature().getName(), f));
    }

    static Optional<ModelSummary> recover(MetaGraphDef meta, long[] totals) {
        GraphLayerRecovery g = new GraphLayerRecovery(meta);
        return g.find().map(r -> g.summary(r, totals));
    }

    /**
     * The layers of a TF2 SavedModel's serving function. Keras 3 traces twice and suffixes every scope with "_N"
     * ({@code stripScopeSuffixes}); Keras 2 scopes are the layer names as they are.
     */
    public static Optional<Recovered> layers(MetaGraphDef meta, boolean stripScopeSuffixes) {
        GraphLayerRecovery g = new GraphLayerRecovery(meta);
        g.stripSuffixes = stripScopeSuffixes;
        return g.find();
    }

    private ModelSummary summary(Recovered r, long[] totals) {
        List<SummaryRow> rows = new ArrayList<>();
        for (RecoveredLayer l : r.layers()) {
            rows.add(new SummaryRow(l.name(), l.className(), l.outputShape(), l.params(), l.trainable(), l.inbound()));
        }
        SeedGeneratorLayers.Placed placed = SeedGeneratorLayers.place(rows, modelVariableNames());
        String note = "layers recovered from the graph of " + r.function()
                + " (no Keras metadata); layers without inference ops are"
                + " not visible"
                + (placed.rows().size() > rows.size() ? ", except Dropouts placed from their seed generators" : "")
                + (placed.note() == null ? "" : "; " + placed.note());
        return new ModelSummary(
                r.modelScope() == null ? "model" : GraphLayerNaming.stripSuffix(r.modelScope()),
                placed.rows(),
                totals[0],
                totals[1],
                totals[2],
                totals[3],
                r.sequentialLike(),
                note);
    }

    /** The names of the variables the root lists ({@code variables}), in Keras's layer order. */
    private List<String> modelVariableNames() {
        List<String> names = new ArrayList<>();
        objects.getNodes(0).getChildrenList().stream()
                .filter(c -> c.getLocalName().equals("variables"))
                .findFirst()
                .ifPresent(list -> objects.getNodes(list.getNodeId())
                        .getChildrenList()
                        .forEach(v -> {
                            if (objects.getNodes(v.getNodeId()).hasVariable()) {
                                names.add(variable(v.getNodeId()).getName());
                            }
                        }));
        return names;
    }

    private Optional<Recovered> find() {
        String key = meta.getSignatureDefMap().containsKey("serving_default")
                ? "serving_default"
                : meta.getSignatureDefMap().keySet().stream()
                        .filter(k -> !k.startsWith("__"))
                        .sorted()
                        .findFirst()
                        .orElse(null);
        if (key == null) {
            return Optional.empty();
        }
        SignatureDef sig = meta.getSignatureDefOrThrow(key);
        Set<String> reached = new LinkedHashSet<>();
        for (TensorInfo out : sig.getOutputsMap().values()) {
            meta.getGraphDef().getNodeList().stream()
                    .filter(n -> n.getName().equals(TensorRef.nodeOf(out.getName())))
                    .findFirst()
                    .ifPresent(n -> collect(n, reached));
        }
        FunctionDef body = reached.stream()
                .map(functions::get)
                .max((a, b) -> a.getNodeDefCount() - b.getNodeDefCount())
                .orElse(null);
        SavedConcreteFunction concrete = body == null
                ? null
                : objects.getConcreteFunctionsMap().get(body.getSignature().getName());
        if (body == null || concrete == null) {
            return Optional.empty();
        }
        return layers(body, concrete, sig);
    }

    private void collect(NodeDef n, Set<String> reached) {
        String f = n.containsAttr("f") && n.getAttrOrThrow("f").hasFunc()
                ? n.getAttrOrThrow("f").getFunc().getName()
                : null;
        if (f != null && functions.containsKey(f) && reached.add(f)) {
            functions.get(f).getNodeDefList().forEach(x -> collect(x, reached));
        }
    }

    private Optional<Recovered> layers(FunctionDef body, SavedConcreteFunction concrete, SignatureDef sig) {
        var args = body.getSignature().getInputArgList();
        int bound = concrete.getBoundInputsCount();
        int data = args.size() - bound;
        if (data < 1) {
            return Optional.empty();
        }
        List<TensorInfo> inputs = new ArrayList<>(new TreeMap<>(sig.getInputsMap()).values());
        Map<String, List<List<Integer>>> shapes = new HashMap<>();
        Map<String, Integer> variableOfArg = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String name = args.get(i).getName();
            if (i < data) {
                TensorInfo t = sig.getInputsMap().getOrDefault(name, i < inputs.size() ? inputs.get(i) : null);
                List<Integer> s = new ArrayList<>();
                if (t != null) {
                    t.getTensorShape().getDimList().forEach(d -> s.add(d.getSize() < 0 ? null : (int) d.getSize()));
                }
                shapes.put(name, single(t == null ? null : s));
            } else {
                variableOfArg.put(name, concrete.getBoundInputs(i - data));
            }
        }
        Map<String, NodeDef> consts = new HashMap<>();
        body.getNodeDefList().stream().filter(n -> n.getOp().equals("Const")).forEach(n -> consts.put(n.getName(), n));
        // Which variable each ReadVariableOp reads depends only on its input, not on shapes: found once.
        Map<String, Integer> variableOfNode = new HashMap<>();
        for (NodeDef n : body.getNodeDefList()) {
            if (n.getOp().equals("ReadVariableOp")
                    && n.getInputCount() > 0
                    && variableOfArg.containsKey(n.getInput(0))) {
                variableOfNode.put(n.getName(), variableOfArg.get(n.getInput(0)));
            }
        }
        // Ops may come before their inputs, and each pass settles at least one more of them: pass until nothing
        // changes, at most ops + 1 times (only a corrupt file holds a cycle, whose shapes could change forever).
        boolean changed = true;
        for (int pass = 0; changed && pass < body.getNodeDefCount() + 1; pass++) {
            changed = false;
            for (NodeDef n : body.getNodeDefList()) {
                List<List<Integer>> out = shapesOf(n, shapes, variableOfNode, consts);
                changed |= !out.equals(shapes.put(n.getName(), out));
            }
        }
        return Optional.of(rows(body, shapes, variableOfNode));
    }

    private List<List<Integer>> shapesOf(
            NodeDef n,
            Map<String, List<List<Integer>>> shapes,
            Map<String, Integer> variableOfNode,
            Map<String, NodeDef> consts) {
        Integer v = variableOfNode.get(n.getName());
        if (v != null) {
            List<Integer> s = new ArrayList<>();
            variable(v).getShape().getDimList().forEach(d -> s.add((int) d.getSize()));
            return single(s);
        }
        List<List<Integer>> in = new ArrayList<>();
        for (String ref : n.getInputList()) {
            if (!TensorRef.isControl(ref)) {
                in.add(lookup(shapes, ref));
            }
        }
        return GraphShapes.outputs(n, in, consts);
    }

    private SavedVariable variable(int node) {
        return objects.getNodes(node).getVariable();
    }

    private static List<List<Integer>> single(List<Integer> s) {
        List<List<Integer>> out = new ArrayList<>();
        out.add(s);
        return out;
    }

    /**
     * The shape of a tensor a function body refers to ({@code node:output_arg:index}); a plain {@code node}, or one
     * written {@code node:1} (never in a body TensorFlow wrote), reads its first output. Unknown (null) for a malformed
     * reference or a node without shapes.
     */
    private static List<Integer> lookup(Map<String, List<List<Integer>>> shapes, String ref) {
        TensorRef r;
        try {
            r = TensorRef.parse(ref);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        List<List<Integer>> outs = shapes.get(r.node());
        if (outs == null || outs.isEmpty()) {
            return null;
        }
        int idx = r.outputArg() == null ? 0 : r.index();
        return idx < outs.size() ? outs.get(idx) : outs.get(0);
    }

    private static final class Scope {
        final String scope;
        final Set<String> ops = new LinkedHashSet<>();
        final Set<Integer> variables = new LinkedHashSet<>();
        /** Variable short name (kernel, bias, ...) → the ReadVariableOp node that reads it. */
        final Map<String, String> reads = new LinkedHashMap<>();

        final Set<String> inbound = new LinkedHashSet<>();
        String lastNode;

        Scope(String scope) {
            this.scope = scope;
        }
    }

    private Recovered rows(
            FunctionDef body, Map<String, List<List<Integer>>> shapes, Map<String, Integer> variableOfNode) {
        String model = null;
        Map<String, Scope> scopes = new LinkedHashMap<>();
        Map<String, String> scopeOfNode = new HashMap<>();
        Set<String> nested = nestedModelScopes(body, variableOfNode);
        Map<String, Set<String>> opBases = new HashMap<>();
        for (NodeDef n : body.getNodeDefList()) {
            String[] seg = n.getName().split("/");
            if (seg.length >= 4 && nested.contains(seg[1])) {
                opBases.computeIfAbsent(seg[1] + "/" + seg[2], k -> new HashSet<>())
                        .add(seg[3]);
            }
        }
        for (NodeDef n : body.getNodeDefList()) {
            String[] seg = n.getName().split("/");
            if (seg.length < 3) {
                continue;
            }
            model = model == null ? seg[0] : model;
            String key = seg[1];
            if (nested.contains(seg[1]) && seg.length >= 4) {
                // A nested model's layer, one group per call: ops of the k-th call carry the suffix "_k".
                key = seg[1] + "[" + GraphLayerNaming.callIndex(seg[3], opBases.get(seg[1] + "/" + seg[2])) + "]/"
                        + seg[2];
            }
            Scope s = scopes.computeIfAbsent(key, Scope::new);
            scopeOfNode.put(n.getName(), key);
            if (!n.getOp().equals("Const") && !n.getOp().equals("NoOp")) {
                s.ops.add(n.getOp());
            }
            if (variableOfNode.containsKey(n.getName())) {
                int v = variableOfNode.get(n.getName());
                s.variables.add(v);
                String varName = variable(v).getName();
                s.reads.putIfAbsent(varName.substring(varName.lastIndexOf('/') + 1), n.getName());
            }
        }
        // A layer's output is its last node that feeds another scope or the function's result.
        for (NodeDef n : body.getNodeDefList()) {
            String own = scopeOfNode.get(n.getName());
            for (String ref : n.getInputList()) {
                String producer = TensorRef.nodeOf(ref);
                String from = scopeOfNode.get(producer);
                if (from != null && !from.equals(own) && !TensorRef.isControl(ref)) {
                    scopes.get(from).lastNode = producer;
                    if (own != null) {
                        scopes.get(own).inbound.add(from);
                    }
                }
            }
        }
        List<RecoveredLayer> rows = new ArrayList<>();
        Map<String, String> displayName = new HashMap<>();
        boolean sequentialLike = true;
        Map<String, Integer> consumers = new HashMap<>();
        scopes.values().forEach(s -> s.inbound.forEach(i -> consumers.merge(i, 1, Integer::sum)));
        for (Scope s : scopes.values()) {
            if (s.ops.isEmpty() || s.ops.equals(Set.of("ReadVariableOp"))) {
                continue;
            }
            String name = s.scope.contains("[")
                    ? s.scope
                    : s.variables.isEmpty()
                            ? scopeName(s.scope)
                            : GraphLayerNaming.layerOfVariable(
                                    variable(s.variables.iterator().next()).getName(), s.scope);
            displayName.put(s.scope, name);
            long params = 0;
            boolean trainable = true;
            for (int v : s.variables) {
                SavedVariable var = variable(v);
                long n = 1;
                for (var d : var.getShape().getDimList()) {
                    n *= d.getSize();
                }
                params += n;
                trainable &= var.getTrainable();
            }
            String output = s.lastNode != null ? s.lastNode : GraphLayerNaming.lastNode(body, s.scope, scopeOfNode);
            List<Integer> shape = output == null ? null : lookup(shapes, output);
            List<String> inbound = new ArrayList<>();
            s.inbound.forEach(i -> inbound.add(displayName.getOrDefault(i, scopeName(i)) + "[0][0]"));
            sequentialLike &= s.inbound.size() <= 1 && consumers.getOrDefault(s.scope, 0) <= 1;
            rows.add(new RecoveredLayer(
                    name,
                    GraphLayerNaming.className(s.ops, shape),
                    output,
                    shape,
                    params,
                    trainable,
                    inbound,
                    s.reads));
        }
        return new Recovered(body.getSignature().getName(), model, rows, sequentialLike);
    }

    /**
     * Scopes that are models nested in the model: their ops sit one level deeper, under their own layers' scopes, and
     * the variables they read belong to those inner layers ({@code functional_3/functional_1/dense/MatMul} reads
     * {@code dense/kernel}), whereas a layer with sub-scopes ({@code batch_normalization_1/batchnorm/mul}) reads its
     * own.
     */
    private Set<String> nestedModelScopes(FunctionDef body, Map<String, Integer> variableOfNode) {
        Set<String> nested = new LinkedHashSet<>();
        Set<String> direct = new HashSet<>();
        for (NodeDef n : body.getNodeDefList()) {
            String[] seg = n.getName().split("/");
            if (seg.length == 3 && !n.getOp().equals("Const")) {
                direct.add(seg[1]);
            }
            Integer v = variableOfNode.get(n.getName());
            if (seg.length >= 4 && v != null) {
                String[] var = variable(v).getName().split("/");
                String owner = var.length >= 2 ? var[var.length - 2] : "";
                if (owner.equals(seg[2]) && !owner.equals(seg[1])) {
                    nested.add(seg[1]);
                }
            }
        }
        nested.removeAll(direct);
        return nested;
    }

    private String scopeName(String scope) {
        return stripSuffixes ? GraphLayerNaming.stripSuffix(scope) : scope;
    }
}
