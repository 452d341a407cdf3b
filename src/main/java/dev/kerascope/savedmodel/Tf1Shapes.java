package dev.kerascope.savedmodel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Output shapes of a TF1 graph's nodes. TF1 exporters usually record {@code _output_shapes} on every node (the shapes
 * TensorFlow inferred when the graph was built, with the real batch size when it was fixed), which is trusted where
 * present; elsewhere shapes are propagated from the signature's input shapes with {@link GraphShapes}. Unknown
 * dimensions are null.
 */
final class Tf1Shapes {
    private static final Set<String> VARIABLES = Set.of("VariableV2", "Variable", "VarHandleOp");

    private Tf1Shapes() {}

    /** Shapes of each node's outputs, for nodes given with producers first. */
    static Map<String, List<List<Integer>>> of(List<NodeDef> path, SignatureDef signature) {
        Map<String, TensorInfo> inputs = new HashMap<>();
        signature.getInputsMap().values().forEach(t -> inputs.put(TensorRef.nodeOf(t.getName()), t));
        Map<String, NodeDef> consts = new HashMap<>();
        path.stream().filter(n -> n.getOp().equals("Const")).forEach(n -> consts.put(n.getName(), n));
        Map<String, List<List<Integer>>> out = new HashMap<>();
        for (NodeDef n : path) {
            List<List<Integer>> s = new ArrayList<>();
            if (n.containsAttr("_output_shapes")) {
                n.getAttrOrThrow("_output_shapes").getList().getShapeList().forEach(p -> s.add(dims(p)));
            } else if (inputs.containsKey(n.getName())) {
                s.add(dims(inputs.get(n.getName()).getTensorShape()));
            } else if (VARIABLES.contains(n.getOp()) && n.containsAttr("shape")) {
                s.add(dims(n.getAttrOrThrow("shape").getShape()));
            } else {
                List<List<Integer>> in = new ArrayList<>();
                n.getInputList().stream().filter(r -> !TensorRef.isControl(r)).forEach(r -> in.add(shapeOf(out, r)));
                s.addAll(
                        n.getOp().equals("Pad") || n.getOp().equals("ReadVariableOp")
                                ? padded(n, in, consts)
                                : GraphShapes.outputs(n, in, consts));
            }
            out.put(n.getName(), s);
        }
        return out;
    }

    /**
     * The shape a graph-level reference ({@code node} or {@code node:1}) points at; unknown for a malformed one or a
     * function-body form ({@code node:output_arg:0}), which a TF1 graph does not have.
     */
    private static List<Integer> shapeOf(Map<String, List<List<Integer>>> out, String ref) {
        TensorRef r;
        try {
            r = TensorRef.parse(ref);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        List<List<Integer>> o = out.get(r.node());
        return o == null || r.outputArg() != null || r.index() >= o.size() ? null : o.get(r.index());
    }

    /** Pad adds its constant paddings to each axis; ReadVariableOp passes the variable's shape on. */
    private static List<List<Integer>> padded(NodeDef n, List<List<Integer>> in, Map<String, NodeDef> consts) {
        List<Integer> x = in.isEmpty() ? null : in.get(0);
        long[] p = n.getOp().equals("Pad") ? GraphShapes.constInts(GraphShapes.dataInput(n, 1), consts) : new long[0];
        List<Integer> s =
                x == null || p == null || (p.length > 0 && p.length != 2 * x.size()) ? null : new ArrayList<>(x);
        for (int i = 0; s != null && p.length > 0 && i < s.size(); i++) {
            s.set(i, s.get(i) == null ? null : (int) (s.get(i) + p[2 * i] + p[2 * i + 1]));
        }
        List<List<Integer>> out = new ArrayList<>();
        out.add(s);
        return out;
    }

    /** Dimensions with null for unknown ones, or null for an unknown rank. */
    static List<Integer> dims(TensorShapeProto p) {
        if (p.getUnknownRank()) {
            return null;
        }
        List<Integer> s = new ArrayList<>();
        p.getDimList().forEach(d -> s.add(d.getSize() < 0 ? null : (int) d.getSize()));
        return s;
    }

    static List<Integer> first(List<List<Integer>> s) {
        return s == null || s.isEmpty() ? null : s.get(0);
    }

    /**
     * A variable node's number of elements, from its {@code shape} attribute or recorded output shape (0 when unknown).
     */
    static long elements(NodeDef variable) {
        AttrValue shape = variable.getAttrOrDefault("shape", null);
        List<Integer> s = shape != null
                ? dims(shape.getShape())
                : variable.containsAttr("_output_shapes")
                        ? dims(variable.getAttrOrThrow("_output_shapes")
                                .getList()
                                .getShape(0))
                        : null;
        return s == null ? 0 : s.stream().mapToLong(d -> d == null ? 0 : d).reduce(1, (a, b) -> a * b);
    }
}
