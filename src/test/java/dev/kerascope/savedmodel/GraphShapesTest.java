package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.GraphNodes.constOf;
import static dev.kerascope.savedmodel.GraphNodes.contentConst;
import static dev.kerascope.savedmodel.GraphNodes.int32Const;
import static dev.kerascope.savedmodel.GraphNodes.ints;
import static dev.kerascope.savedmodel.GraphNodes.node;
import static dev.kerascope.savedmodel.GraphNodes.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * Shape propagation op by op. Expected shapes are worked out by hand from TensorFlow's documented rules: VALID output =
 * ceil((in - (k-1)·d) / s), SAME output = ceil(in / s), MatMul [b,n]x[n,m] = [b,m].
 */
class GraphShapesTest {
    private final Map<String, NodeDef> consts = new HashMap<>();

    private static List<Integer> s(Integer... dims) {
        return Arrays.asList(dims);
    }

    @SafeVarargs
    private List<List<Integer>> out(NodeDef.Builder n, List<Integer>... in) {
        return GraphShapes.outputs(n.build(), Arrays.asList(in), consts);
    }

    private static NodeDef.Builder conv(String op, String padding, long[] strides, long[] dilations) {
        NodeDef.Builder n =
                node("c", op, "x", "k").putAttr("strides", ints(strides)).putAttr("padding", text(padding));
        return dilations == null ? n : n.putAttr("dilations", ints(dilations));
    }

    @Test
    void elementwiseOpsKeepTheirInputShape() {
        for (String op : List.of(
                "BiasAdd",
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
                "Erf")) {
            assertEquals(List.of(s(null, 5, 5, 3)), out(node("n", op, "x"), s(null, 5, 5, 3)), op);
        }
        assertEquals(Arrays.asList((List<Integer>) null), out(node("n", "Relu")), "no input: unknown");
    }

    @Test
    void binaryOpsBroadcastWhateverTheOperandOrder() {
        for (String op : List.of("Mul", "AddV2", "Add", "Sub", "RealDiv", "Maximum", "Minimum")) {
            assertEquals(List.of(s(null, 2, 3)), out(node("n", op, "a", "b"), s(3), s(null, 2, 3)), op);
            assertEquals(List.of(s(null, 2, 3)), out(node("n", op, "a", "b"), s(null, 2, 3), s(3)), op);
            // a constant of equal rank first (mean - x, a per-channel offset added before the tensor)
            assertEquals(
                    List.of(s(null, 224, 224, 3)),
                    out(node("n", op, "a", "b"), s(1, 1, 1, 3), s(null, 224, 224, 3)),
                    op);
            assertEquals(List.of(s(null, 28, 28, 1)), out(node("n", op, "a", "b"), s(), s(null, 28, 28, 1)), op);
        }
        // (1, 3) against (batch, 3): the batch stays unknown on either side, as NumPy's rules say.
        assertEquals(List.of(s(null, 3)), out(node("n", "Mul", "a", "b"), s(null, 3), s(1, 3)));
        assertEquals(List.of(s(null, 3)), out(node("n", "Mul", "a", "b"), s(1, 3), s(null, 3)));
        // A fixed batch of 128 beside a 1 keeps 128 (a TF1 graph with a fixed batch).
        assertEquals(List.of(s(128, 5)), out(node("n", "AddV2", "a", "b"), s(1, 5), s(128, 5)));
    }

    @Test
    void binaryOpWithAnUnknownOperandKeepsTheKnownOne() {
        assertEquals(List.of(s(null, 2, 3)), out(node("n", "Mul", "a", "b"), null, s(null, 2, 3)));
        assertEquals(List.of(s(null, 2, 3)), out(node("n", "Mul", "a", "b"), s(null, 2, 3), null));
        assertEquals(Arrays.asList((List<Integer>) null), out(node("n", "Mul", "a", "b"), null, null), "nothing known");
    }

    @Test
    void validConvolutionShrinksByTheDilatedKernelAndDividesByTheStride() {
        // 28 - (3-1) = 26 with stride 1; 49 - (10-1) = 40 / stride 2 = 20, 10 - (4-1) = 7 / stride 3 = ceil 2.33 = 3.
        assertEquals(
                List.of(s(null, 26, 26, 32)),
                out(conv("Conv2D", "VALID", new long[] {1, 1, 1, 1}, null), s(null, 28, 28, 1), s(3, 3, 1, 32)));
        assertEquals(
                List.of(s(null, 20, 3, 64)),
                out(conv("Conv2D", "VALID", new long[] {1, 2, 3, 1}, null), s(null, 49, 10, 1), s(10, 4, 1, 64)));
        // Dilation 2 on a 3-wide kernel covers 5 rows: 28 - 4 = 24; dilation 3 across columns: 28 - 6 = 22.
        assertEquals(
                List.of(s(null, 24, 22, 8)),
                out(
                        conv("Conv2D", "VALID", new long[] {1, 1, 1, 1}, new long[] {1, 2, 3, 1}),
                        s(null, 28, 28, 1),
                        s(3, 3, 1, 8)));
    }

    @Test
    void sameConvolutionDividesByTheStrideRoundingUp() {
        assertEquals(
                List.of(s(null, 25, 4, 64)),
                out(conv("Conv2D", "SAME", new long[] {1, 2, 3, 1}, null), s(null, 49, 10, 1), s(10, 4, 1, 64)));
        assertEquals(
                List.of(s(null, null, 4, 64)),
                out(conv("Conv2D", "SAME", new long[] {1, 2, 3, 1}, null), s(null, null, 10, 1), s(10, 4, 1, 64)));
    }

    @Test
    void depthwiseConvolutionMultipliesChannelsByTheDepthMultiplier() {
        assertEquals(
                List.of(s(null, 26, 26, 24)),
                out(
                        conv("DepthwiseConv2dNative", "VALID", new long[] {1, 1, 1, 1}, null),
                        s(null, 28, 28, 8),
                        s(3, 3, 8, 3)));
    }

    @Test
    void convolutionWithoutAFourDimensionalInputOrKernelIsUnknown() {
        NodeDef.Builder c = conv("Conv2D", "VALID", new long[] {1, 1, 1, 1}, null);
        List<List<Integer>> unknown = Arrays.asList((List<Integer>) null);
        assertEquals(unknown, out(c, s(null, 28, 28), s(3, 3, 1, 8)));
        assertEquals(unknown, out(c, s(null, 28, 28, 1), s(3, 3, 8)));
        assertEquals(unknown, out(c, null, s(3, 3, 1, 8)));
        assertEquals(unknown, out(c, s(null, 28, 28, 1), null));
        assertEquals(unknown, out(c, s(null, 28, 28, 1)));
    }

    @Test
    void poolingUsesItsWindowAndStridesPerAxisAndKeepsChannels() {
        NodeDef.Builder valid = node("p", "MaxPool", "x")
                .putAttr("ksize", ints(1, 3, 2, 1))
                .putAttr("strides", ints(1, 3, 2, 1))
                .putAttr("padding", text("VALID"));
        // rows: (10 - 2) / 3 = ceil 2.67 = 3; columns: (9 - 1) / 2 = 4.
        assertEquals(List.of(s(null, 3, 4, 5)), out(valid, s(null, 10, 9, 5)));
        NodeDef.Builder same = node("p", "AvgPool", "x")
                .putAttr("ksize", ints(1, 2, 2, 1))
                .putAttr("strides", ints(1, 2, 2, 1))
                .putAttr("padding", text("SAME"));
        assertEquals(List.of(s(null, 4, 4, 5)), out(same, s(null, 7, 7, 5)));
        assertEquals(Arrays.asList((List<Integer>) null), out(same, s(null, 7, 5)));
        assertEquals(Arrays.asList((List<Integer>) null), out(same, (List<Integer>) null));
    }

    @Test
    void matMulGivesTheWeightsColumnsPerBatchRow() {
        assertEquals(List.of(s(null, 10)), out(node("m", "MatMul", "x", "w"), s(null, 784), s(784, 10)));
        List<List<Integer>> unknown = Arrays.asList((List<Integer>) null);
        assertEquals(unknown, out(node("m", "MatMul", "x", "w"), null, s(784, 10)));
        assertEquals(unknown, out(node("m", "MatMul", "x", "w"), s(null, 784), null));
        assertEquals(unknown, out(node("m", "MatMul", "x", "w"), s(null, 784), s(2, 784, 10)));
        assertEquals(unknown, out(node("m", "MatMul", "x"), s(null, 784)));
    }

    @Test
    void reshapeFillsItsMinusOneFromTheElementsPerExample() {
        consts.put("t", int32Const("t", -1, 7, 7, 64));
        assertEquals(List.of(s(null, 7, 7, 64)), out(node("r", "Reshape", "x", "t"), s(null, 3136)));
        // 4·6 = 24 elements per example, 2 fixed → the -1 is 12; a fixed batch of 5 in the target does not count.
        consts.put("t", int32Const("t", 5, 2, -1));
        assertEquals(List.of(s(null, 2, 12)), out(node("r", "Reshape", "x", "t:0"), s(5, 4, 6)));
        assertEquals(List.of(s(null, 2, null)), out(node("r", "Reshape", "x", "t"), s(null, null, 6)));
        assertEquals(List.of(s(null, 2, null)), out(node("r", "Reshape", "x", "t"), (List<Integer>) null));
        assertEquals(Arrays.asList((List<Integer>) null), out(node("r", "Reshape", "x", "missing"), s(null, 3136)));
    }

    @Test
    void concatAddsTheInputsAlongItsAxis() {
        consts.put("axis", int32Const("axis", 3));
        NodeDef.Builder c = node("c", "ConcatV2", "a", "b", "axis");
        assertEquals(List.of(s(null, 4, 4, 8)), out(c, s(null, 4, 4, 3), s(null, 4, 4, 5), s()));
        consts.put("axis", int32Const("axis", -1));
        assertEquals(List.of(s(null, 4, 4, 8)), out(c, s(null, 4, 4, 3), s(null, 4, 4, 5), s()));
        consts.put("axis", int32Const("axis", 1));
        assertEquals(List.of(s(null, 6, 4, 3)), out(c, s(null, 4, 4, 3), s(null, 2, 4, 3), s()));
        assertEquals(List.of(s(null, null, 4, 3)), out(c, s(null, 4, 4, 3), null, s()));
        assertEquals(List.of(s(null, null, 4, 3)), out(c, s(null, 4, 4, 3), s(null, null, 4, 3), s()));
        assertEquals(Arrays.asList((List<Integer>) null), out(c, null, s(null, 4, 4, 3), s()));
        consts.put("axis", int32Const("axis", 0));
        assertEquals(List.of(s(null, 4)), out(c, s(null, 4), s(null, 4), s()), "along the batch: unknown + unknown");
        assertEquals(List.of(s(5, 4)), out(c, s(2, 4), s(3, 4), s()));
        consts.clear();
        assertEquals(Arrays.asList((List<Integer>) null), out(c, s(null, 4, 4, 3), s(null, 4, 4, 3), s()));
    }

    @Test
    void reductionsDropOrKeepTheirAxes() {
        consts.put("axes", int32Const("axes", 1, 2));
        assertEquals(List.of(s(null, 64)), out(node("m", "Mean", "x", "axes"), s(null, 7, 5, 64)));
        assertEquals(
                List.of(s(null, 1, 1, 64)),
                out(
                        node("m", "Max", "x", "axes")
                                .putAttr(
                                        "keep_dims",
                                        AttrValue.newBuilder().setB(true).build()),
                        s(null, 7, 5, 64)));
        assertEquals(
                List.of(s(null, 64)),
                out(
                        node("m", "Sum", "x", "axes")
                                .putAttr(
                                        "keep_dims",
                                        AttrValue.newBuilder().setB(false).build()),
                        s(null, 7, 5, 64)));
        consts.put("axes", int32Const("axes", -3, -2));
        assertEquals(List.of(s(null, 64)), out(node("m", "Min", "x", "axes"), s(null, 7, 5, 64)));
        consts.put("axes", int32Const("axes", 0));
        assertEquals(
                List.of(s(7, 5, 64)), out(node("m", "Sum", "x", "axes"), s(null, 7, 5, 64)), "axis 0 is the batch");
        consts.put("axes", int32Const("axes", 3));
        assertEquals(List.of(s(null, 7, 5)), out(node("m", "Mean", "x", "axes"), s(null, 7, 5, 64)));
        assertEquals(Arrays.asList((List<Integer>) null), out(node("m", "Mean", "x", "axes"), (List<Integer>) null));
        assertEquals(Arrays.asList((List<Integer>) null), out(node("m", "Mean", "x", "none"), s(null, 7, 5, 64)));
    }

    @Test
    void splitDividesItsAxisIntoEqualParts() {
        consts.put("axis", int32Const("axis", 3));
        NodeDef.Builder split = node("s", "Split", "axis", "v")
                .putAttr("num_split", AttrValue.newBuilder().setI(2).build());
        assertEquals(List.of(s(null, 4, 4, 32), s(null, 4, 4, 32)), out(split, s(), s(null, 4, 4, 64)));
        consts.put("axis", int32Const("axis", -3));
        NodeDef.Builder three = node("s", "Split", "axis", "v")
                .putAttr("num_split", AttrValue.newBuilder().setI(3).build());
        assertEquals(
                List.of(s(null, 2, 4, 64), s(null, 2, 4, 64), s(null, 2, 4, 64)), out(three, s(), s(null, 6, 4, 64)));
        assertEquals(List.of(s(null, null, 4), s(null, null, 4), s(null, null, 4)), out(three, s(), s(null, null, 4)));
        consts.put("axis", int32Const("axis", 0));
        assertEquals(List.of(s(4, 6), s(4, 6)), out(split, s(), s(8, 6)));
        assertEquals(Arrays.asList(null, null), out(split, s(), null));
        assertEquals(Arrays.asList(null, null), out(split, s()));
        consts.clear();
        assertEquals(Arrays.asList(null, null), out(split, s(), s(null, 4, 4, 64)));
    }

    @Test
    void squeezeDropsTheOnesButKeepsUnknowns() {
        assertEquals(List.of(s(null, 10)), out(node("q", "Squeeze", "x"), s(null, 1, 1, 10)));
        assertEquals(Arrays.asList((List<Integer>) null), out(node("q", "Squeeze", "x"), (List<Integer>) null));
    }

    @Test
    void anOpNotKnownHereHasAnUnknownShape() {
        assertEquals(Arrays.asList((List<Integer>) null), out(node("n", "Conv3D", "x"), s(null, 2, 2, 2, 1)));
    }

    @Test
    void constantsAreReadFromEachOfTheWaysATensorProtoStoresIntegers() {
        Map<String, NodeDef> c = new HashMap<>();
        c.put("list", int32Const("list", -1, 3136));
        // One int_val with a longer shape is a splat: every element has that value.
        c.put(
                "splat",
                constOf(
                        "splat",
                        TensorProto.newBuilder()
                                .setDtype(DataType.DT_INT32)
                                .setTensorShape(SyntheticSavedModel.shape(3))
                                .addIntVal(7)));
        c.put(
                "one",
                constOf(
                        "one",
                        TensorProto.newBuilder()
                                .setDtype(DataType.DT_INT32)
                                .setTensorShape(SyntheticSavedModel.shape(1))
                                .addIntVal(7)));
        c.put(
                "scalar",
                constOf(
                        "scalar",
                        TensorProto.newBuilder().setDtype(DataType.DT_INT32).addIntVal(-1)));
        c.put(
                "wide",
                constOf(
                        "wide",
                        TensorProto.newBuilder()
                                .setDtype(DataType.DT_INT64)
                                .setTensorShape(SyntheticSavedModel.shape(2))
                                .addInt64Val(5_000_000_000L)
                                .addInt64Val(-1)));
        c.put("content32", contentConst("content32", false, -1, 7, 7, 64));
        c.put("content64", contentConst("content64", true, 5_000_000_000L, -2));
        c.put("empty", constOf("empty", TensorProto.newBuilder().setDtype(DataType.DT_INT32)));
        c.put("novalue", node("novalue", "Const").build());
        assertArrayEquals(new long[] {-1, 3136}, GraphShapes.constInts("list:0", c));
        assertArrayEquals(new long[] {7, 7, 7}, GraphShapes.constInts("splat", c));
        assertArrayEquals(new long[] {7}, GraphShapes.constInts("one", c));
        assertArrayEquals(new long[] {-1}, GraphShapes.constInts("scalar", c));
        assertArrayEquals(new long[] {5_000_000_000L, -1}, GraphShapes.constInts("wide", c));
        assertArrayEquals(new long[] {-1, 7, 7, 64}, GraphShapes.constInts("content32", c));
        assertArrayEquals(new long[] {5_000_000_000L, -2}, GraphShapes.constInts("content64", c));
        assertNull(GraphShapes.constInts("empty", c));
        assertNull(GraphShapes.constInts("novalue", c));
        assertNull(GraphShapes.constInts("absent", c));
    }

    /** Malformed or unusual graphs give unknown shapes, never an exception (found by mutation testing's review). */
    @Test
    void malformedNodesGiveUnknownShapesInsteadOfFailing() {
        consts.put("t", int32Const("t", -1, 0, -1));
        assertEquals(
                Arrays.asList(s(null, 0, null)),
                out(node("r", "Reshape", "x", "t"), s(null, 4, 4)),
                "a -1 beside a 0 divides by zero: unknown (TensorFlow refuses it when it runs)");
        assertEquals(
                Arrays.asList((List<Integer>) null), out(node("r", "Reshape", "x"), s(null, 4)), "no target input");
        consts.put("axis", int32Const("axis", 1));
        consts.put("ctl", int32Const("ctl", 0));
        assertEquals(
                List.of(s(null, 7)),
                out(node("c", "ConcatV2", "a", "b", "axis", "^ctl"), s(null, 3), s(null, 4), s()),
                "the axis is the last data input, not the control input after it");
        consts.put("far", int32Const("far", 5));
        assertEquals(
                Arrays.asList((List<Integer>) null),
                out(node("c", "ConcatV2", "a", "b", "far"), s(null, 3), s(null, 4), s()),
                "an axis beyond the rank");
        consts.put("rank", int32Const("rank", 2));
        assertEquals(
                Arrays.asList((List<Integer>) null),
                out(node("c", "ConcatV2", "a", "b", "rank"), s(null, 3), s(null, 4), s()),
                "axis 2 of a rank-2 tensor");
        consts.put("minus", int32Const("minus", -3));
        assertEquals(
                Arrays.asList((List<Integer>) null),
                out(node("c", "ConcatV2", "a", "b", "minus"), s(null, 3), s(null, 4), s()),
                "axis -3 of a rank-2 tensor");
        assertEquals(
                List.of(s(null, null)),
                out(node("c", "ConcatV2", "a", "b", "axis"), s(null, 3), s(null, 4, 1), s()),
                "operands of different ranks: the joined size is unknown");
    }
}
