package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.GraphNodes.int32Const;
import static dev.kerascope.savedmodel.GraphNodes.ints;
import static dev.kerascope.savedmodel.GraphNodes.node;
import static dev.kerascope.savedmodel.GraphNodes.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.savedmodel.GraphLayerRecovery.Recovered;
import dev.kerascope.savedmodel.GraphLayerRecovery.RecoveredLayer;
import dev.kerascope.summary.ModelSummary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Layers recovered from hand-written traced functions named as Keras 3 {@code export()} and tf.keras 2 name their ops;
 * expected shapes and counts are worked out by hand.
 */
class GraphLayerScopesTest {
    private static String describe(RecoveredLayer l) {
        return l.name() + " " + l.className() + " " + l.outputNode() + " " + l.outputShape() + " " + l.params() + " "
                + l.trainable() + " " + l.inbound();
    }

    private static NodeDef window(String name, String op, String x, String key, long k) {
        return node(name, op, x)
                .putAttr(key, ints(1, k, k, 1))
                .putAttr("strides", ints(1, k, k, 1))
                .putAttr("padding", text("VALID"))
                .build();
    }

    private static NodeDef conv(String name, String op, String x, String kernel) {
        return node(name, op, x, kernel)
                .putAttr("strides", ints(1, 1, 1, 1))
                .putAttr("padding", text("VALID"))
                .build();
    }

    /**
     * Rescaling → Conv2D → BN → ReLU → DepthwiseConv2D → LeakyReLU → AvgPool → MaxPool → Flatten → Dense, Keras 3
     * names.
     */
    static TracedFunctionGraph keras3Chain() {
        String p = "sequential_1/";
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("keras_tensor")
                .input("keras_tensor", -1, 10, 10, 1)
                .variable("c_kernel", "sequential/conv2d/kernel", true, 3, 3, 1, 4)
                .variable("c_bias", "sequential/conv2d/bias", true, 4)
                .variable("g", "batch_normalization/gamma", true, 4)
                .variable("b", "batch_normalization/beta", true, 4)
                .variable("m", "batch_normalization/moving_mean", false, 4)
                .variable("v", "batch_normalization/moving_variance", false, 4)
                .variable("dw", "depthwise_conv2d/kernel", true, 3, 3, 4, 2)
                .variable("d_kernel", "dense/kernel", true, 8, 3)
                .variable("d_bias", "dense/bias", true, 3)
                .add(int32Const(p + "rescaling_1/Cast/x", 1))
                .add(int32Const(p + "rescaling_1/Cast_1/x", 0))
                .op(p + "rescaling_1/mul", "Mul", "keras_tensor", p + "rescaling_1/Cast/x:output:0")
                .op(p + "rescaling_1/add", "AddV2", p + "rescaling_1/mul:z:0", p + "rescaling_1/Cast_1/x:output:0")
                .op(p + "conv2d_1/convolution/ReadVariableOp", "ReadVariableOp", "c_kernel")
                .add(conv(
                        p + "conv2d_1/convolution",
                        "Conv2D",
                        p + "rescaling_1/add:z:0",
                        p + "conv2d_1/convolution/ReadVariableOp:value:0"))
                .op(p + "conv2d_1/Reshape/ReadVariableOp", "ReadVariableOp", "c_bias")
                .add(int32Const(p + "conv2d_1/Reshape/shape", 1, 1, 1, 4))
                .op(
                        p + "conv2d_1/Reshape",
                        "Reshape",
                        p + "conv2d_1/Reshape/ReadVariableOp:value:0",
                        p + "conv2d_1/Reshape/shape:output:0")
                .op(p + "conv2d_1/add", "AddV2", p + "conv2d_1/convolution:output:0", p + "conv2d_1/Reshape:output:0");
        for (String[] r :
                new String[][] {{"g", "gamma"}, {"b", "beta"}, {"m", "moving_mean"}, {"v", "moving_variance"}}) {
            g.op(p + "batch_normalization_1/" + r[1] + "/ReadVariableOp", "ReadVariableOp", r[0]);
        }
        String bn = p + "batch_normalization_1/";
        g.op(
                        bn + "FusedBatchNormV3",
                        "FusedBatchNormV3",
                        p + "conv2d_1/add:z:0",
                        bn + "gamma/ReadVariableOp:value:0",
                        bn + "beta/ReadVariableOp:value:0",
                        bn + "moving_mean/ReadVariableOp:value:0",
                        bn + "moving_variance/ReadVariableOp:value:0")
                .op(p + "re_lu_1/Relu", "Relu", bn + "FusedBatchNormV3:y:0")
                .op(p + "depthwise_conv2d_1/ReadVariableOp", "ReadVariableOp", "dw")
                .add(conv(
                        p + "depthwise_conv2d_1/depthwise",
                        "DepthwiseConv2dNative",
                        p + "re_lu_1/Relu:activations:0",
                        p + "depthwise_conv2d_1/ReadVariableOp:value:0"))
                .op(p + "leaky_re_lu_1/LeakyRelu", "LeakyRelu", p + "depthwise_conv2d_1/depthwise:output:0")
                .add(window(
                        p + "average_pooling2d_1/AvgPool",
                        "AvgPool",
                        p + "leaky_re_lu_1/LeakyRelu:activations:0",
                        "ksize",
                        2))
                .add(window(
                        p + "max_pooling2d_1/MaxPool2d",
                        "MaxPool",
                        p + "average_pooling2d_1/AvgPool:output:0",
                        "ksize",
                        3))
                .add(int32Const(p + "flatten_1/Const", -1, 8))
                .op(
                        p + "flatten_1/Reshape",
                        "Reshape",
                        p + "max_pooling2d_1/MaxPool2d:output:0",
                        p + "flatten_1/Const:output:0")
                .op(p + "dense_1/Cast/ReadVariableOp", "ReadVariableOp", "d_kernel")
                .op(
                        p + "dense_1/MatMul",
                        "MatMul",
                        p + "flatten_1/Reshape:output:0",
                        p + "dense_1/Cast/ReadVariableOp:value:0")
                .op(p + "dense_1/Add/ReadVariableOp", "ReadVariableOp", "d_bias")
                .op(
                        p + "dense_1/Add",
                        "AddV2",
                        p + "dense_1/MatMul:product:0",
                        p + "dense_1/Add/ReadVariableOp:value:0")
                .op(p + "dense_1/Softmax", "Softmax", p + "dense_1/Add:z:0")
                .op("Identity", "Identity", p + "dense_1/Softmax:softmax:0");
        return g;
    }

    @Test
    void eachLayerScopeOfAKeras3ExportBecomesOneLayerWithItsClassShapeAndWeights() {
        Recovered r = GraphLayerRecovery.layers(keras3Chain().meta(), true).orElseThrow();
        // conv 3x3 VALID: 10 → 8, 3·3·1·4 + 4 = 40; depthwise 3x3: 8 → 6, 3·3·4·2 = 72 with 8 channels out;
        // pools 2 then 3: 6 → 3 → 1; flatten 1·1·8; dense 8·3 + 3 = 27.
        String p = "sequential_1/";
        assertEquals(
                List.of(
                        "rescaling Rescaling " + p + "rescaling_1/add [null, 10, 10, 1] 0 true []",
                        "conv2d Conv2D " + p + "conv2d_1/add [null, 8, 8, 4] 40 true [rescaling[0][0]]",
                        "batch_normalization BatchNormalization " + p
                                + "batch_normalization_1/FusedBatchNormV3 [null, 8, 8, 4] 16 false"
                                + " [conv2d[0][0]]",
                        "re_lu Activation " + p + "re_lu_1/Relu [null, 8, 8, 4] 0 true [batch_normalization[0][0]]",
                        "depthwise_conv2d DepthwiseConv2D " + p
                                + "depthwise_conv2d_1/depthwise [null, 6, 6, 8] 72 true [re_lu[0][0]]",
                        "leaky_re_lu LeakyReLU " + p
                                + "leaky_re_lu_1/LeakyRelu [null, 6, 6, 8] 0 true [depthwise_conv2d[0][0]]",
                        "average_pooling2d AveragePooling2D " + p
                                + "average_pooling2d_1/AvgPool [null, 3, 3, 8] 0 true [leaky_re_lu[0][0]]",
                        "max_pooling2d MaxPooling2D " + p
                                + "max_pooling2d_1/MaxPool2d [null, 1, 1, 8] 0 true [average_pooling2d[0][0]]",
                        "flatten Flatten " + p + "flatten_1/Reshape [null, 8] 0 true [max_pooling2d[0][0]]",
                        "dense Dense " + p + "dense_1/Softmax [null, 3] 27 true [flatten[0][0]]"),
                r.layers().stream().map(GraphLayerScopesTest::describe).toList());
        assertEquals("__inference_model_20", r.function());
        assertEquals("sequential_1", r.modelScope());
        assertTrue(r.sequentialLike());
        assertEquals(
                Map.of(
                        "kernel",
                        p + "conv2d_1/convolution/ReadVariableOp",
                        "bias",
                        p + "conv2d_1/Reshape/ReadVariableOp"),
                r.layers().get(1).weightReads());
    }

    @Test
    void theSummaryIsNamedAfterTheModelScopeAndSaysWhereItsLayersCameFrom() {
        ModelSummary m = GraphLayerRecovery.recover(keras3Chain().meta(), new long[] {155, 620, 8, 32})
                .orElseThrow();
        assertEquals("sequential", m.modelName());
        assertEquals(10, m.rows().size());
        assertEquals(
                "layers recovered from the graph of __inference_model_20 (no Keras metadata); layers without "
                        + "inference ops"
                        + " are not visible",
                m.note());
        assertEquals(155, m.trainableParams());
        assertEquals(620, m.trainableBytes());
        assertEquals(8, m.nonTrainableParams());
        assertEquals(32, m.nonTrainableBytes());
    }

    @Test
    void withoutServingDefaultTheFirstOtherSignatureIsReadAndWithoutAnyNothingIs() {
        MetaGraphDef serve = keras3Chain().signatureKey("serve").meta();
        assertEquals(
                10,
                GraphLayerRecovery.layers(serve, true).orElseThrow().layers().size());
        MetaGraphDef none = serve.toBuilder().removeSignatureDef("serve").build();
        assertEquals(Optional.empty(), GraphLayerRecovery.layers(none, true), "only __saved_model_init_op is left");
        assertEquals(
                Optional.empty(),
                GraphLayerRecovery.recover(none.toBuilder().clearSignatureDef().build(), new long[4]));
    }

    @Test
    void aFunctionWhoseArgumentsAreAllBoundVariablesHoldsNoLayers() {
        TracedFunctionGraph g = new TracedFunctionGraph()
                .input("x", -1, 2)
                .variable("k", "dense/kernel", true, 2, 2)
                .op("sequential/dense/ReadVariableOp", "ReadVariableOp", "k")
                .op("sequential/dense/Relu", "Relu", "sequential/dense/ReadVariableOp:value:0");
        assertEquals(Optional.empty(), GraphLayerRecovery.layers(g.meta(), true));
    }

    /** tf.keras 2's nested Functional called on two inputs (shared weights), concatenated, then a Dense head. */
    @Test
    void eachCallOfANestedModelIsItsOwnLayerAndTheBranchesMeetInAConcatenate() {
        String n = "functional_3/functional_1/dense/";
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("test_in1")
                .dataArg("input_2")
                .input("test_in1", -1, 5)
                .input("test_in2", -1, 5)
                .variable("d_kernel", "dense/kernel", true, 5, 3)
                .variable("d_bias", "dense/bias", true, 3)
                .variable("o_kernel", "test_out/kernel", true, 6, 1)
                .op(n + "MatMul/ReadVariableOp", "ReadVariableOp", "d_kernel")
                .op(n + "MatMul", "MatMul", "test_in1", n + "MatMul/ReadVariableOp:value:0")
                .op(n + "BiasAdd/ReadVariableOp", "ReadVariableOp", "d_bias")
                .op(n + "BiasAdd", "BiasAdd", n + "MatMul:product:0", n + "BiasAdd/ReadVariableOp:value:0")
                .op(n + "Relu", "Relu", n + "BiasAdd:output:0")
                .op(n + "MatMul_1/ReadVariableOp", "ReadVariableOp", "d_kernel")
                .op(n + "MatMul_1", "MatMul", "input_2", n + "MatMul_1/ReadVariableOp:value:0")
                .op(n + "BiasAdd_1/ReadVariableOp", "ReadVariableOp", "d_bias")
                .op(n + "BiasAdd_1", "BiasAdd", n + "MatMul_1:product:0", n + "BiasAdd_1/ReadVariableOp:value:0")
                .op(n + "Relu_1", "Relu", n + "BiasAdd_1:output:0")
                .add(int32Const("functional_3/concatenate/concat/axis", 1))
                .op(
                        "functional_3/concatenate/concat",
                        "ConcatV2",
                        n + "Relu:activations:0",
                        n + "Relu_1:activations:0",
                        "functional_3/concatenate/concat/axis:output:0")
                .op("functional_3/test_out/MatMul/ReadVariableOp", "ReadVariableOp", "o_kernel")
                .op(
                        "functional_3/test_out/MatMul",
                        "MatMul",
                        "functional_3/concatenate/concat:output:0",
                        "functional_3/test_out/MatMul/ReadVariableOp:value:0")
                .op("functional_3/test_out/Sigmoid", "Sigmoid", "functional_3/test_out/MatMul:product:0")
                .op("Identity", "Identity", "functional_3/test_out/Sigmoid:y:0");
        Recovered r = GraphLayerRecovery.layers(g.meta(), false).orElseThrow();
        // Both calls read the shared dense/kernel (5·3) and dense/bias (3); the head reads 6·1 after 3 + 3
        // concatenated.
        assertEquals(
                List.of(
                        "functional_1[0]/dense Dense " + n + "Relu [null, 3] 18 true []",
                        "functional_1[1]/dense Dense " + n + "Relu_1 [null, 3] 18 true []",
                        "concatenate Concatenate functional_3/concatenate/concat [null, 6] 0 true"
                                + " [functional_1[0]/dense[0][0], functional_1[1]/dense[0][0]]",
                        "test_out Dense functional_3/test_out/Sigmoid [null, 1] 6 true [concatenate[0][0]]"),
                r.layers().stream().map(GraphLayerScopesTest::describe).toList());
        assertFalse(r.sequentialLike());
        assertEquals("functional_3", r.modelScope());
    }
}
