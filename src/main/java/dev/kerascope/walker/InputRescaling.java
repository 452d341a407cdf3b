package dev.kerascope.walker;

import dev.kerascope.savedmodel.TensorRef;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;

/**
 * Finds whether a model rescales its own input: a Keras {@code Rescaling} layer ({@code x * scale + offset}), a
 * {@code Normalization} layer ({@code (x - mean) / sqrt(var)}), or {@code x / 255} written in the graph, before any
 * layer with weights. Such a model wants raw pixels (0–255).
 *
 * <p>It walks the loaded graph (inlined functions included, so Keras 2, Keras 3 and TF1 graphs alike) from the input
 * placeholder through ops that only move or resize data, and looks at the first arithmetic op on each path: arithmetic
 * with a constant operand, or a subtraction/division of the input by anything, is preprocessing; a multiplication by a
 * computed value (BatchNormalization as Keras 3 writes it) or any layer op ends the path.
 */
public final class InputRescaling {
    /** Ops that carry the input on unchanged in value (casts, reshapes, resizing, cropping). */
    private static final Set<String> PASS = Set.of(
            "Identity",
            "Cast",
            "Reshape",
            "ExpandDims",
            "Squeeze",
            "Transpose",
            "ResizeBilinear",
            "ResizeNearestNeighbor",
            "ResizeBicubic",
            "ResizeArea",
            "ScaleAndTranslate",
            "StridedSlice",
            "Slice",
            "CropAndResize",
            "EnsureShape",
            "CheckNumerics");

    private static final Set<String> ARITHMETIC = Set.of("Mul", "RealDiv", "Div", "Sub", "AddV2", "Add", "TruncateDiv");
    private static final int MAX_STEPS = 10_000;

    private InputRescaling() {}

    /** The rescaling behind a walked signature's single input, named as in the model (not the inlined copy). */
    static Optional<String> ofSignature(Graph graph, SignatureBinding signature, FunctionInliner inliner) {
        InputSpec in = signature.singleInput();
        Map<GraphOperation, String> original = new HashMap<>();
        inliner.nodes().values().stream()
                .filter(n -> n.op() != null)
                .forEach(n -> original.putIfAbsent(n.op(), n.def().getName()));
        return find(graph.operation(TensorRef.nodeOf(in.tensorName())), op -> original.getOrDefault(op, op.name()));
    }

    /**
     * The rescaling on the path from the input op into the model, if any.
     *
     * @param input the op that is fed (null: none)
     * @param nameOf the name an op had in the model (inlined copies are renamed)
     * @return what the model does to its input, such as {@code x * 0.00392157 (rescaling/mul)}
     */
    public static Optional<String> find(GraphOperation input, Function<GraphOperation, String> nameOf) {
        if (input == null) {
            return Optional.empty();
        }
        Deque<GraphOperation> queue = new ArrayDeque<>();
        Set<GraphOperation> seen = new HashSet<>();
        queue.add(input);
        int steps = 0;
        while (!queue.isEmpty() && steps++ < MAX_STEPS) {
            GraphOperation op = queue.poll();
            for (GraphOperation c : op.consumers()) {
                if (!seen.add(c)) {
                    continue;
                }
                if (PASS.contains(c.type())) {
                    queue.add(c);
                } else if (ARITHMETIC.contains(c.type()) && c.numInputs() == 2) {
                    Optional<String> found = arithmetic(c, op, nameOf.apply(c));
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> arithmetic(GraphOperation c, GraphOperation from, String where) {
        int mine = c.input(0).op().equals(from) ? 0 : 1;
        GraphOperation other = (GraphOperation) c.input(1 - mine).op();
        Optional<Float> constant = constant(other);
        if (constant.isPresent()) {
            return Optional.of(String.format(Locale.ROOT, "%s by %.6g at %s", verb(c.type()), constant.get(), where));
        }
        if (isConstant(other)) {
            return Optional.of(verb(c.type()) + " by constants at " + where);
        }
        if (mine == 0 && (c.type().equals("Sub") || c.type().endsWith("Div"))) {
            return Optional.of("normalisation (" + verb(c.type()) + " by a stored statistic) at " + where);
        }
        return Optional.empty();
    }

    private static String verb(String type) {
        return switch (type) {
            case "Mul" -> "multiplied";
            case "Sub" -> "subtracted";
            case "AddV2", "Add" -> "offset";
            default -> "divided";
        };
    }

    /** Whether the value is a constant, seen through identities and casts. */
    private static boolean isConstant(GraphOperation op) {
        return source(op).type().equals("Const");
    }

    private static GraphOperation source(GraphOperation op) {
        int depth = 0;
        while ((op.type().equals("Identity") || op.type().equals("Cast")) && op.numInputs() == 1 && depth++ < 16) {
            op = (GraphOperation) op.input(0).op();
        }
        return op;
    }

    /** The value of a scalar float constant, if it is one. */
    private static Optional<Float> constant(GraphOperation op) {
        GraphOperation c = source(op);
        if (!c.type().equals("Const")) {
            return Optional.empty();
        }
        AttrValue v = c.attributes().getAttrValueProto("value");
        TensorProto t = v.getTensor();
        boolean scalar = t.getTensorShape().getDimCount() == 0;
        if (scalar && t.getFloatValCount() == 1) {
            return Optional.of(t.getFloatVal(0));
        }
        if (scalar && t.getDoubleValCount() == 1) {
            return Optional.of((float) t.getDoubleVal(0));
        }
        if (scalar && t.getTensorContent().size() == 4 && t.getDtype() == DataType.DT_FLOAT) {
            return Optional.of(t.getTensorContent()
                    .asReadOnlyByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .getFloat());
        }
        return Optional.empty();
    }
}
