package dev.kerascope.savedmodel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Static shape propagation through a function body, op by op, for the ops a Keras CNN uses at inference. Shapes carry
 * the batch axis as null. An op not known here, or an input whose shape is unknown, gives an unknown (null) shape;
 * nothing throws.
 */
final class GraphShapes {
    private GraphShapes() {}

    /** The shapes of a node's outputs (one entry except for Split), or null when unknown. */
    static List<List<Integer>> outputs(NodeDef n, List<List<Integer>> in, Map<String, NodeDef> consts) {
        try {
            return outputsOf(n, in, consts);
        } catch (IllegalArgumentException malformed) {
            // an attribute the op needs is missing (a damaged file, found by SavedModelFilesFuzzTest): unknown
            return one(null);
        }
    }

    private static List<List<Integer>> outputsOf(NodeDef n, List<List<Integer>> in, Map<String, NodeDef> consts) {
        List<Integer> x = in.isEmpty() ? null : in.get(0);
        switch (n.getOp()) {
            case "BiasAdd",
                    "Relu",
                    "Relu6",
                    "LeakyRelu",
                    "Elu",
                    "Selu",
                    "Sigmoid",
                    "Tanh",
                    "Softmax",
                    "Identity",
                    "Cast",
                    "FusedBatchNormV3",
                    "FusedBatchNorm",
                    "StopGradient",
                    "Softplus",
                    "Gelu",
                    "Erf" -> {
                return one(x);
            }
            case "Mul", "AddV2", "Add", "Sub", "RealDiv", "Maximum", "Minimum" -> {
                List<Integer> broadcast = Broadcast.shapes(in);
                if (broadcast != null) {
                    return one(broadcast);
                }
                // An operand of unknown shape: the first known operand's is the best guess (usually the layer's tensor,
                // beside a scalar or vector made by an op kerascope does not follow).
                return one(in.stream().filter(Objects::nonNull).findFirst().orElse(null));
            }
            case "Conv2D", "DepthwiseConv2dNative" -> {
                List<Integer> k = in.size() > 1 ? in.get(1) : null;
                if (x == null || k == null || x.size() != 4 || k.size() != 4) {
                    return one(null);
                }
                long[] s = ints(n, "strides");
                long[] d = n.containsAttr("dilations") ? ints(n, "dilations") : new long[] {1, 1, 1, 1};
                String pad = n.getAttrOrThrow("padding").getS().toStringUtf8();
                int channels = n.getOp().equals("Conv2D") ? k.get(3) : k.get(2) * k.get(3);
                return one(shape(
                        null,
                        len(x.get(1), k.get(0), (int) s[1], (int) d[1], pad),
                        len(x.get(2), k.get(1), (int) s[2], (int) d[2], pad),
                        channels));
            }
            case "MaxPool", "AvgPool" -> {
                if (x == null || x.size() != 4) {
                    return one(null);
                }
                long[] k = ints(n, "ksize");
                long[] s = ints(n, "strides");
                String pad = n.getAttrOrThrow("padding").getS().toStringUtf8();
                return one(shape(
                        null,
                        len(x.get(1), (int) k[1], (int) s[1], 1, pad),
                        len(x.get(2), (int) k[2], (int) s[2], 1, pad),
                        x.get(3)));
            }
            case "MatMul" -> {
                List<Integer> w = in.size() > 1 ? in.get(1) : null;
                return one(x == null || w == null || w.size() != 2 ? null : shape(null, w.get(1)));
            }
            case "Reshape" -> {
                long[] target = constInts(dataInput(n, 1), consts);
                if (target == null) {
                    return one(null);
                }
                Integer known = product(x, 1);
                List<Integer> out = new ArrayList<>();
                long fixed = 1;
                for (int i = 1; i < target.length; i++) {
                    fixed *= target[i] == -1 ? 1 : target[i];
                }
                out.add(null);
                for (int i = 1; i < target.length; i++) {
                    // Boxed on both branches: an unknown size must stay null, not unbox (NPE). A -1 beside a 0 is
                    // unknown here (TensorFlow refuses that target when it runs).
                    Integer fixedDim = (int) target[i];
                    out.add(
                            target[i] != -1
                                    ? fixedDim
                                    : known == null || fixed == 0 ? null : Integer.valueOf((int) (known / fixed)));
                }
                return one(out);
            }
            case "ConcatV2" -> {
                // the axis is the last data input: control inputs (^name) come after it
                long[] axis = constInts(dataInput(n, dataInputCount(n) - 1), consts);
                if (x == null || axis == null || axis.length != 1) {
                    return one(null);
                }
                int a = (int) (axis[0] < 0 ? x.size() + axis[0] : axis[0]);
                if (a < 0 || a >= x.size()) {
                    return one(null);
                }
                List<Integer> out = new ArrayList<>(x);
                Integer sum = 0;
                for (int i = 0; i < in.size() - 1; i++) {
                    List<Integer> s = in.get(i);
                    sum = s == null || sum == null || s.size() != x.size() || s.get(a) == null ? null : sum + s.get(a);
                }
                out.set(a, sum);
                return one(out);
            }
            case "Mean", "Max", "Sum", "Min" -> {
                long[] axes = constInts(dataInput(n, 1), consts);
                if (x == null || axes == null) {
                    return one(null);
                }
                boolean keep = n.containsAttr("keep_dims")
                        && n.getAttrOrThrow("keep_dims").getB();
                List<Integer> out = new ArrayList<>();
                for (int i = 0; i < x.size(); i++) {
                    final int dim = i;
                    boolean reduced = Arrays.stream(axes).anyMatch(v -> (v < 0 ? x.size() + v : v) == dim);
                    if (!reduced) {
                        out.add(x.get(i));
                    } else if (keep) {
                        out.add(1);
                    }
                }
                return one(out);
            }
            case "Split" -> {
                long[] axis = constInts(dataInput(n, 0), consts);
                List<Integer> v = in.size() > 1 ? in.get(1) : null;
                int parts = (int) n.getAttrOrThrow("num_split").getI();
                List<List<Integer>> outs = new ArrayList<>();
                for (int p = 0; p < parts; p++) {
                    if (v == null || axis == null) {
                        outs.add(null);
                    } else {
                        List<Integer> s = new ArrayList<>(v);
                        int a = (int) (axis[0] < 0 ? v.size() + axis[0] : axis[0]);
                        s.set(a, s.get(a) == null ? null : s.get(a) / parts);
                        outs.add(s);
                    }
                }
                return outs;
            }
            case "Squeeze" -> {
                if (x == null) {
                    return one(null);
                }
                List<Integer> out = new ArrayList<>();
                for (Integer d : x) {
                    if (d == null || d != 1) {
                        out.add(d);
                    }
                }
                return one(out);
            }
            default -> {
                return one(null);
            }
        }
    }

    private static List<List<Integer>> one(List<Integer> s) {
        List<List<Integer>> out = new ArrayList<>();
        out.add(s);
        return out;
    }

    static List<Integer> shape(Integer... dims) {
        return Arrays.asList(dims);
    }

    private static Integer product(List<Integer> s, int from) {
        if (s == null) {
            return null;
        }
        int p = 1;
        for (int i = from; i < s.size(); i++) {
            if (s.get(i) == null) {
                return null;
            }
            p *= s.get(i);
        }
        return p;
    }

    private static Integer len(Integer in, int window, int stride, int dilation, String padding) {
        return KerasShapes.length(in, window, stride, dilation, padding.equals("SAME"));
    }

    private static long[] ints(NodeDef n, String attr) {
        AttrValue v = n.getAttrOrThrow(attr);
        return v.getList().getIList().stream().mapToLong(Long::longValue).toArray();
    }

    /** The node's {@code i}-th data input (control inputs, {@code ^name}, come last and are skipped), or null. */
    static String dataInput(NodeDef n, int i) {
        return i >= 0 && i < dataInputCount(n) ? n.getInput(i) : null;
    }

    static int dataInputCount(NodeDef n) {
        int count = 0;
        while (count < n.getInputCount() && !TensorRef.isControl(n.getInput(count))) {
            count++;
        }
        return count;
    }

    /** The integer values of a Const node that a tensor reference points at. */
    static long[] constInts(String ref, Map<String, NodeDef> consts) {
        if (ref == null) {
            return null;
        }
        NodeDef c = consts.get(TensorRef.nodeOf(ref));
        if (c == null || !c.containsAttr("value")) {
            return null;
        }
        TensorProto t = c.getAttrOrThrow("value").getTensor();
        if (t.getIntValCount() > 0) {
            if (t.getIntValCount() == 1
                    && t.getTensorShape().getDimCount() == 1
                    && t.getTensorShape().getDim(0).getSize() > 1) {
                long[] out = new long[(int) t.getTensorShape().getDim(0).getSize()];
                Arrays.fill(out, t.getIntVal(0));
                return out;
            }
            return t.getIntValList().stream().mapToLong(Integer::longValue).toArray();
        }
        if (t.getInt64ValCount() > 0) {
            return t.getInt64ValList().stream().mapToLong(Long::longValue).toArray();
        }
        if (!t.getTensorContent().isEmpty()) {
            java.nio.ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
            boolean wide = t.getDtype() == org.tensorflow.proto.DataType.DT_INT64;
            long[] out = new long[b.remaining() / (wide ? 8 : 4)];
            for (int i = 0; i < out.length; i++) {
                out[i] = wide ? b.getLong() : b.getInt();
            }
            return out;
        }
        return null;
    }
}
