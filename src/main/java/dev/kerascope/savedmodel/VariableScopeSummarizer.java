package dev.kerascope.savedmodel;

import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * A summary for models without Keras metadata (Keras 3 exports, tf.Module, TF1 graphs): one row per variable scope
 * ({@code conv2d_14/kernel} and {@code conv2d_14/bias} make row {@code conv2d_14}), with its parameter count; output
 * shapes are not known from variables alone. Optimizer state is left out: TF2 objects under an {@code optimizer} child,
 * TF1 slot variables.
 */
final class VariableScopeSummarizer {
    static final Pattern TF1_OPTIMIZER = Pattern.compile(
            ".*/(Adam|Adam_\\d+|Momentum|RMSProp|RMSProp_\\d+|Adagrad|Adadelta|Adadelta_\\d+|Ftrl|Ftrl_\\d+)$|.*beta[1"
                    + "2]_power.*|(.*/)?global_step");

    private VariableScopeSummarizer() {}

    public static ModelSummary fromObjectGraph(SavedObjectGraph graph, String modelName, String note) {
        Map<String, long[]> scopes = new LinkedHashMap<>();
        Set<Integer> seenNodes = new HashSet<>();
        Set<String> seenNames = new HashSet<>();
        Deque<Integer> todo = new ArrayDeque<>();
        // A root that lists its variables (Keras 3 exports) is read from that list only: the same
        // variables appear again, as other nodes, under _all_variables and the layers.
        int start = childNamed(graph.getNodes(0), "variables").orElse(0);
        todo.add(start);
        seenNodes.add(start);
        while (!todo.isEmpty()) {
            SavedObject node = graph.getNodes(todo.poll());
            for (ObjectReference c : node.getChildrenList()) {
                String local = c.getLocalName();
                if (local.equals("optimizer") || local.equals("_optimizer") || !seenNodes.add(c.getNodeId())) {
                    continue;
                }
                SavedObject child = graph.getNodes(c.getNodeId());
                if (child.hasVariable()) {
                    SavedVariable v = child.getVariable();
                    String name = v.getName().isEmpty() ? local : v.getName();
                    // A Keras 3 SeedGenerator's state is layer state, not a weight: summary() never counts it.
                    if (!SeedGeneratorLayers.isSeedState(name) && seenNames.add(name)) {
                        add(
                                scopes,
                                name,
                                elements(v.getShape()),
                                v.getTrainable(),
                                KerasModelSummarizer.dtypeSize(v.getDtype()));
                    }
                } else {
                    todo.add(c.getNodeId());
                }
            }
        }
        return build(scopes, modelName, note);
    }

    private static Optional<Integer> childNamed(SavedObject node, String name) {
        return node.getChildrenList().stream()
                .filter(c -> c.getLocalName().equals(name))
                .map(ObjectReference::getNodeId)
                .findFirst();
    }

    public static ModelSummary fromGraphDef(MetaGraphDef meta, String modelName, String note) {
        Map<String, long[]> scopes = new LinkedHashMap<>();
        for (NodeDef n : meta.getGraphDef().getNodeList()) {
            String op = n.getOp();
            if (!(op.equals("VariableV2") || op.equals("Variable") || op.equals("VarHandleOp"))
                    || TF1_OPTIMIZER.matcher(n.getName()).matches()) {
                continue;
            }
            AttrValue shape = n.getAttrOrDefault("shape", null);
            AttrValue dtype = n.getAttrOrDefault("dtype", null);
            if (dtype != null
                    && (dtype.getType() == org.tensorflow.proto.DataType.DT_STRING
                            || dtype.getType() == org.tensorflow.proto.DataType.DT_RESOURCE)) {
                continue; // not parameters (TF Serving's half_plus_two keeps a file name in a variable)
            }
            add(
                    scopes,
                    n.getName(),
                    shape == null ? 0 : elements(shape.getShape()),
                    true,
                    dtype == null ? 4 : KerasModelSummarizer.dtypeSize(dtype.getType()));
        }
        return build(scopes, modelName, note);
    }

    private static long elements(org.tensorflow.proto.TensorShapeProto shape) {
        long n = 1;
        for (var d : shape.getDimList()) {
            n *= Math.max(d.getSize(), 0);
        }
        return n;
    }

    private static void add(Map<String, long[]> scopes, String variableName, long n, boolean trainable, int bytesEach) {
        String name = variableName.replaceAll(":\\d+$", "");
        int slash = name.lastIndexOf('/');
        String scope = slash > 0 ? name.substring(0, slash) : name;
        long[] t = scopes.computeIfAbsent(scope, k -> new long[4]);
        int k = trainable ? 0 : 2;
        t[k] += n;
        t[k + 1] += n * bytesEach;
    }

    private static ModelSummary build(Map<String, long[]> scopes, String modelName, String note) {
        long[] total = new long[4];
        List<SummaryRow> rows = new ArrayList<>();
        scopes.forEach((scope, t) -> {
            rows.add(new SummaryRow(scope, "variables", null, t[0] + t[2], t[2] == 0, List.of()));
            for (int i = 0; i < 4; i++) {
                total[i] += t[i];
            }
        });
        return new ModelSummary(modelName, rows, total[0], total[1], total[2], total[3], true, note);
    }
}
