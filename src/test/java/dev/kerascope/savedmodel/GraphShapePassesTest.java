package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.GraphNodes.int32Const;
import static dev.kerascope.savedmodel.GraphNodes.ints;
import static dev.kerascope.savedmodel.GraphNodes.node;
import static dev.kerascope.savedmodel.GraphNodes.text;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.savedmodel.GraphLayerRecovery.RecoveredLayer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;

/**
 * Shapes propagated through a traced function whatever order its ops are listed in, and what a reference to an output
 * that has no known shape gives; expected shapes are worked out by hand.
 */
class GraphShapePassesTest {
    private static String describe(RecoveredLayer l) {
        return l.name() + " " + l.className() + " " + l.outputNode() + " " + l.outputShape() + " " + l.params() + " "
                + l.trainable() + " " + l.inbound();
    }

    private static Map<String, List<Integer>> shapesByName(TracedFunctionGraph g) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        GraphLayerRecovery.layers(g.meta(), true)
                .orElseThrow()
                .layers()
                .forEach(l -> out.put(l.name(), l.outputShape()));
        return out;
    }

    /** Conv2D → ReLU → MaxPool → Flatten → Dense → Softmax with every op listed after its consumers. */
    @Test
    void opsListedBeforeTheirInputsStillGetTheirShapesHowEverDeepTheChain() {
        String p = "sequential_1/";
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("keras_tensor")
                .input("keras_tensor", -1, 8, 8, 1)
                .variable("c_kernel", "conv2d/kernel", true, 3, 3, 1, 2)
                .variable("d_kernel", "dense/kernel", true, 18, 4)
                .op("Identity", "Identity", p + "dense_1/Softmax:softmax:0")
                .op(p + "dense_1/Softmax", "Softmax", p + "dense_1/MatMul:product:0")
                .op(p + "dense_1/MatMul", "MatMul", p + "flatten_1/Reshape:output:0", p + "dense_1/RVO:value:0")
                .op(p + "dense_1/RVO", "ReadVariableOp", "d_kernel")
                .op(p + "flatten_1/Reshape", "Reshape", p + "max_pooling2d_1/MaxPool2d:output:0", p + "flatten_1/Const")
                .add(int32Const(p + "flatten_1/Const", -1, 18))
                .add(node(p + "max_pooling2d_1/MaxPool2d", "MaxPool", p + "re_lu_1/Relu:activations:0")
                        .putAttr("ksize", ints(1, 2, 2, 1))
                        .putAttr("strides", ints(1, 2, 2, 1))
                        .putAttr("padding", text("VALID"))
                        .build())
                .op(p + "re_lu_1/Relu", "Relu", p + "conv2d_1/convolution:output:0")
                .add(node(p + "conv2d_1/convolution", "Conv2D", "keras_tensor", p + "conv2d_1/RVO:value:0")
                        .putAttr("strides", ints(1, 1, 1, 1))
                        .putAttr("padding", text("VALID"))
                        .build())
                .op(p + "conv2d_1/RVO", "ReadVariableOp", "c_kernel");
        // The kernel read comes after the convolution, so a pass settles one more level of the six:
        // conv 3x3 VALID 8 → 6 with 2 channels (3·3·1·2 = 18 weights), ReLU keeps it, pool 2/2 → 3,
        // flatten 3·3·2 = 18, dense 18 → 4 (18·4 = 72 weights), softmax keeps it. Rows come in listing order.
        assertEquals(
                List.of(
                        "dense Dense " + p + "dense_1/Softmax [null, 4] 72 true [flatten[0][0]]",
                        "flatten Flatten " + p + "flatten_1/Reshape [null, 18] 0 true [max_pooling2d[0][0]]",
                        "max_pooling2d MaxPooling2D " + p + "max_pooling2d_1/MaxPool2d [null, 3, 3, 2] 0 true"
                                + " [re_lu[0][0]]",
                        "re_lu Activation " + p + "re_lu_1/Relu [null, 6, 6, 2] 0 true [conv2d[0][0]]",
                        "conv2d Conv2D " + p + "conv2d_1/convolution [null, 6, 6, 2] 18 true []"),
                GraphLayerRecovery.layers(g.meta(), true).orElseThrow().layers().stream()
                        .map(GraphShapePassesTest::describe)
                        .toList());
    }

    /**
     * A cycle, which only a corrupt file holds: concat = [mul, x] on axis 1 with mul = concat · y grows by x's 5
     * columns each pass, so the passes stop at their bound, one more than the function's 4 ops: 5 passes give 1 + 5·5 =
     * 26.
     */
    @Test
    void aCycleStopsAfterOneMorePassThanTheFunctionHasOps() {
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("x")
                .dataArg("y")
                .input("x", -1, 5)
                .input("y", -1, 1)
                .add(int32Const("model/cyc/axis", 1))
                .op("model/cyc/mul", "Mul", "model/cyc/concat:output:0", "y")
                .op("model/cyc/concat", "ConcatV2", "model/cyc/mul:z:0", "x", "model/cyc/axis:output:0")
                .op("Identity", "Identity", "model/cyc/concat:output:0");
        assertEquals(Map.of("cyc", Arrays.asList(null, 26)), shapesByName(g));
    }

    /** References to a second output, to an index that is no number, to no node and to an op with no outputs. */
    @Test
    void aReferenceReadsItsOutputsShapeAndOneWithNoKnownOutputIsUnknown() {
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("x")
                .input("x", -1, 6)
                .add(int32Const("model/split/split_dim", 1))
                .add(node("model/split/split", "Split", "model/split/split_dim:output:0", "x")
                        .putAttr("num_split", AttrValue.newBuilder().setI(2).build())
                        .build())
                .add(node("model/none/split", "Split", "model/split/split_dim:output:0", "x")
                        .putAttr("num_split", AttrValue.newBuilder().setI(0).build())
                        .build())
                .op("model/idn/IdentityN", "IdentityN", "x", "x")
                .op("model/second/Relu", "Relu", "model/split/split:output:1")
                .op("model/beyond/Relu", "Relu", "model/idn/IdentityN:output:1")
                .op("model/word/Relu", "Relu", "model/split/split:output:x")
                .op("model/gone/Relu", "Relu", "model/nowhere/Relu:activations:0")
                .op("model/empty/Relu", "Relu", "model/none/split:output:0");
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("split", Arrays.asList(null, 3)); // 6 columns split in 2
        expected.put("none", null); // no outputs at all
        expected.put("idn", null); // IdentityN's shapes are not propagated
        expected.put("second", Arrays.asList(null, 3));
        expected.put("beyond", null); // output 1 of an op whose only known output is unknown
        expected.put("word", null);
        expected.put("gone", null);
        expected.put("empty", null);
        assertEquals(expected, shapesByName(g));
    }

    @Test
    void anOpMissingAnAttributeItNeedsHasAnUnknownShapeAndTheRestIsStillRead() {
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("x")
                .input("x", -1, 8, 8, 1)
                .variable("k", "conv2d/kernel", true, 3, 3, 1, 2)
                .op("model/conv2d/RVO", "ReadVariableOp", "k")
                .op("model/conv2d/convolution", "Conv2D", "x", "model/conv2d/RVO:value:0")
                .op("model/re_lu/Relu", "Relu", "x");
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("conv2d", null); // no strides nor padding
        expected.put("re_lu", Arrays.asList(null, 8, 8, 1));
        assertEquals(expected, shapesByName(g));
    }

    @Test
    void aReadVariableOpWithoutItsInputReadsNothingAndTheRestIsStillRead() {
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("x")
                .input("x", -1, 8, 8, 1)
                .variable("k", "conv2d/kernel", true, 3, 3, 1, 2)
                .op("model/conv2d/RVO", "ReadVariableOp")
                .op("model/conv2d/Relu", "Relu", "model/conv2d/RVO:value:0")
                .op("model/re_lu/Relu", "Relu", "x");
        Map<String, List<Integer>> expected = new LinkedHashMap<>();
        expected.put("conv2d", null); // a damaged body: the read has no variable, so no shape
        expected.put("re_lu", Arrays.asList(null, 8, 8, 1));
        assertEquals(expected, shapesByName(g));
    }
}
