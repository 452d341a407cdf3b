package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.savedmodel.GraphLayerRecovery.RecoveredLayer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.OpDef;

/**
 * Layers of hand-written TF1 graphs, named as tf.layers and tf.Estimator name their ops. Every expected layer, shape
 * and parameter count is worked out by hand from the graph written here.
 */
class Tf1LayerScopesTest {
    private static List<RecoveredLayer> layers(Tf1Graph g) {
        return Tf1LayerRecovery.layers(g.meta(), "predict");
    }

    private static List<Integer> s(Integer... dims) {
        return Arrays.asList(dims);
    }

    /** name, class, output node, shape, params, inbound: one line per layer, to compare a graph at a glance. */
    private static String describe(RecoveredLayer l) {
        return l.name() + " " + l.className() + " " + l.outputNode() + " " + l.outputShape() + " " + l.params() + " "
                + l.inbound();
    }

    @Test
    void aTfLayersCnnIsOneLayerPerVariableScopeWithoutItsTrainingNodes() {
        Tf1Graph g = new Tf1Graph()
                .input("images", "x", -1, 28, 28, 1)
                .variable("conv2d/kernel", 3, 3, 1, 8)
                .variable("conv2d/bias", 8)
                .conv("conv2d/Conv2D", "Conv2D", "x", "conv2d/kernel/read", "VALID")
                .op("conv2d/BiasAdd", "BiasAdd", "conv2d/Conv2D", "conv2d/bias/read")
                .op("conv2d/Relu", "Relu", "conv2d/BiasAdd")
                .pool("max_pooling2d/MaxPool", "MaxPool", "conv2d/Relu")
                .constInts("flatten/Reshape/shape", -1, 1352)
                .op("flatten/Reshape", "Reshape", "max_pooling2d/MaxPool", "flatten/Reshape/shape")
                .variable("dense/kernel", 1352, 10)
                .variable("dense/bias", 10)
                .op("dense/MatMul", "MatMul", "flatten/Reshape", "dense/kernel/read")
                .op("dense/BiasAdd", "BiasAdd", "dense/MatMul", "dense/bias/read")
                .op("init", "NoOp")
                .op("probabilities", "Softmax", "dense/BiasAdd", "^init")
                .constInts("dimension", 1)
                .op("classes", "ArgMax", "dense/BiasAdd", "dimension")
                // Training: a loss and a gradient that read the outputs but that no output reads.
                .variable("global_step")
                .op("loss", "Neg", "probabilities")
                .op("gradients/loss_grad", "Neg", "loss")
                .output("probabilities", "probabilities:0")
                .output("classes", "classes:0");
        List<RecoveredLayer> layers = layers(g);
        // 26 = 28 - 2 (3x3 VALID), 13 = 26 / 2, 1352 = 13·13·8; params 3·3·1·8 + 8 = 80 and 1352·10 + 10 = 13530.
        assertEquals(
                List.of(
                        "conv2d Conv2D conv2d/Relu [null, 26, 26, 8] 80 []",
                        "max_pooling2d MaxPooling2D max_pooling2d/MaxPool [null, 13, 13, 8] 0 [conv2d[0][0]]",
                        "flatten Flatten flatten/Reshape [null, 1352] 0 [max_pooling2d[0][0]]",
                        "dense Dense dense/BiasAdd [null, 10] 13530 [flatten[0][0]]",
                        "probabilities Activation probabilities [null, 10] 0 [dense[0][0]]"),
                layers.stream().map(l -> describe(l)).toList());
        assertEquals(
                Map.of("kernel", "conv2d/kernel/read", "bias", "conv2d/bias/read"),
                layers.get(0).weightReads());
        assertTrue(
                layers.stream().allMatch(RecoveredLayer::trainable),
                "no trainable_variables collection: all trainable");
    }

    @Test
    void eachKindOfOpScopeGetsItsKerasClass() {
        Tf1Graph g = new Tf1Graph()
                .input("x", "x", -1, 8, 8, 3)
                .constInts("zero_padding2d/Pad/paddings", 0, 0, 1, 1, 1, 1, 0, 0)
                .op("zero_padding2d/Pad", "Pad", "x", "zero_padding2d/Pad/paddings")
                .variable("conv2d/kernel", 3, 3, 3, 4)
                .variable("conv2d/bias", 4)
                .conv("conv2d/Conv2D", "Conv2D", "zero_padding2d/Pad", "conv2d/kernel/read", "VALID")
                .op("conv2d/BiasAdd", "BiasAdd", "conv2d/Conv2D", "conv2d/bias/read")
                .variable("batch_normalization/gamma", 4)
                .variable("batch_normalization/beta", 4)
                .variable("batch_normalization/moving_mean", 4)
                .variable("batch_normalization/moving_variance", 4)
                .op(
                        "batch_normalization/FusedBatchNorm",
                        "FusedBatchNorm",
                        "conv2d/BiasAdd",
                        "batch_normalization/gamma/read",
                        "batch_normalization/beta/read",
                        "batch_normalization/moving_mean/read",
                        "batch_normalization/moving_variance/read")
                .op("re_lu/Relu6", "Relu6", "batch_normalization/FusedBatchNorm")
                .op("leaky_re_lu/LeakyRelu", "LeakyRelu", "re_lu/Relu6")
                .variable("depthwise_conv2d/depthwise_kernel", 3, 3, 4, 1)
                .conv(
                        "depthwise_conv2d/depthwise",
                        "DepthwiseConv2dNative",
                        "leaky_re_lu/LeakyRelu",
                        "depthwise_conv2d/depthwise_kernel/read",
                        "VALID")
                .pool("average_pooling2d/AvgPool", "AvgPool", "depthwise_conv2d/depthwise")
                .constInts("dropout/Shape", 4)
                .constInts("dropout/rate", 0)
                .op("dropout/random_uniform", "RandomUniform", "dropout/Shape")
                .op("dropout/GreaterEqual", "GreaterEqual", "dropout/random_uniform", "dropout/rate")
                .op("dropout/mul", "Mul", "average_pooling2d/AvgPool", "dropout/GreaterEqual")
                .constInts("concatenate/concat/axis", 3)
                .op(
                        "concatenate/concat",
                        "ConcatV2",
                        "dropout/mul",
                        "average_pooling2d/AvgPool",
                        "concatenate/concat/axis")
                .constInts("global_average_pooling2d/Mean/reduction_indices", 1, 2)
                .op(
                        "global_average_pooling2d/Mean",
                        "Mean",
                        "concatenate/concat",
                        "global_average_pooling2d/Mean/reduction_indices")
                .op("activation/Tanh", "Tanh", "global_average_pooling2d/Mean")
                .constInts("reshape/Reshape/shape", -1, 2, 4)
                .op("reshape/Reshape", "Reshape", "activation/Tanh", "reshape/Reshape/shape")
                .op("lambda/Square", "Square", "reshape/Reshape")
                .op("lambda_1/Square", "Square", "lambda/Square")
                .op("lambda_1/Sqrt", "Sqrt", "lambda_1/Square")
                .output("y", "lambda_1/Sqrt:0");
        // Pad: 8 + 1 + 1 = 10; conv 3x3 VALID: 8, params 3·3·3·4 + 4 = 112; depthwise 3x3 VALID: 6, 3·3·4·1 = 36; pool:
        // 3.
        assertEquals(
                List.of(
                        "zero_padding2d ZeroPadding2D zero_padding2d/Pad [null, 10, 10, 3] 0 []",
                        "conv2d Conv2D conv2d/BiasAdd [null, 8, 8, 4] 112 [zero_padding2d[0][0]]",
                        "batch_normalization BatchNormalization batch_normalization/FusedBatchNorm [null, 8, 8, 4] 16 "
                                + "[conv2d[0][0]]",
                        "re_lu ReLU re_lu/Relu6 [null, 8, 8, 4] 0 [batch_normalization[0][0]]",
                        "leaky_re_lu LeakyReLU leaky_re_lu/LeakyRelu [null, 8, 8, 4] 0 [re_lu[0][0]]",
                        "depthwise_conv2d DepthwiseConv2D depthwise_conv2d/depthwise [null, 6, 6, 4] 36 "
                                + "[leaky_re_lu[0][0]]",
                        "average_pooling2d AveragePooling2D average_pooling2d/AvgPool [null, 3, 3, 4] 0 "
                                + "[depthwise_conv2d[0][0]]",
                        "dropout Dropout dropout/mul [null, 3, 3, 4] 0 [average_pooling2d[0][0]]",
                        "concatenate Concatenate concatenate/concat [null, 3, 3, 8] 0 [dropout[0][0], "
                                + "average_pooling2d[0][0]]",
                        "global_average_pooling2d GlobalAveragePooling2D global_average_pooling2d/Mean [null, 8] 0 "
                                + "[concatenate[0][0]]",
                        "activation Activation activation/Tanh [null, 8] 0 [global_average_pooling2d[0][0]]",
                        "reshape Reshape reshape/Reshape [null, 2, 4] 0 [activation[0][0]]",
                        "lambda Square lambda/Square null 0 [reshape[0][0]]",
                        "lambda_1 Layer lambda_1/Sqrt null 0 [lambda[0][0]]"),
                layers(g).stream().map(l -> describe(l)).toList());
        assertEquals(
                Map.of(
                        "gamma",
                        "batch_normalization/gamma/read",
                        "beta",
                        "batch_normalization/beta/read",
                        "moving_mean",
                        "batch_normalization/moving_mean/read",
                        "moving_variance",
                        "batch_normalization/moving_variance/read"),
                layers(g).get(2).weightReads());
        assertEquals(
                Map.of("depthwise_kernel", "depthwise_conv2d/depthwise_kernel/read"),
                layers(g).get(5).weightReads());
    }

    @Test
    void unscopedVariablesTakeTheirKerasRoleFromTheOpThatReadsThem() {
        Tf1Graph g = new Tf1Graph()
                .input("x", "x", -1, 4)
                .variable("weights", 4, 3)
                .variable("biases", 3)
                .op("MatMul", "MatMul", "x", "weights/read")
                .op("add", "Add", "biases/read", "MatMul")
                .variable("bn/scale", 3)
                .variable("bn/offset", 3)
                .variable("bn/mean", 3)
                .variable("bn/variance", 3)
                .op(
                        "bn/FusedBatchNormV3",
                        "FusedBatchNormV3",
                        "add",
                        "bn/scale/read",
                        "bn/offset/read",
                        "bn/mean/read",
                        "bn/variance/read")
                .op("Relu", "Relu", "bn/FusedBatchNormV3")
                .op("Add_1", "Add", "Relu", "add")
                .variable("pair/w1", 3, 3)
                .variable("pair/w2", 3, 3)
                .op("pair/MatMul", "MatMul", "Add_1", "pair/w1/read")
                .op("pair/MatMul_1", "MatMul", "pair/MatMul", "pair/w2/read")
                .trainable("weights")
                .trainable("biases")
                .trainable("pair/w1")
                .output("y", "pair/MatMul_1:0");
        List<RecoveredLayer> layers = layers(g);
        // The bias Add (its variable first) folds into the MatMul's layer: 4·3 + 3 = 15 parameters.
        assertEquals(
                List.of(
                        "MatMul Dense add [null, 3] 15 []",
                        "bn BatchNormalization bn/FusedBatchNormV3 [null, 3] 12 [MatMul[0][0]]",
                        "Relu ReLU Relu [null, 3] 0 [bn[0][0]]",
                        "Add_1 Add Add_1 [null, 3] 0 [Relu[0][0], MatMul[0][0]]",
                        "pair Dense pair/MatMul_1 [null, 3] 18 [Add_1[0][0]]"),
                layers.stream().map(l -> describe(l)).toList());
        assertEquals(
                Map.of("kernel", "weights/read", "bias", "biases/read"),
                layers.get(0).weightReads());
        assertEquals(
                Map.of(
                        "gamma",
                        "bn/scale/read",
                        "beta",
                        "bn/offset/read",
                        "moving_mean",
                        "bn/mean/read",
                        "moving_variance",
                        "bn/variance/read"),
                layers.get(1).weightReads());
        assertEquals(
                Map.of("kernel", "pair/w1/read", "pair/w2", "pair/w2/read"),
                layers.get(4).weightReads(),
                "a second kernel in one layer keeps its variable name");
        assertEquals(
                List.of(true, false, true, true, true),
                layers.stream().map(RecoveredLayer::trainable).toList(),
                "trainable when any of its variables is in trainable_variables, or it has none");
    }

    @Test
    void aModelScopeHoldsLayerScopesAndOpsOfItsOwnAndAClashingNameKeepsItsPath() {
        Tf1Graph g = new Tf1Graph()
                .input("x", "x", -1, 16)
                .constInts("Reshape/shape", -1, 4, 4, 1)
                .op("Reshape", "Reshape", "x", "Reshape/shape")
                .variable("resnet_model/conv2d/kernel", 1, 1, 1, 2)
                .conv("resnet_model/conv2d/Conv2D", "Conv2D", "Reshape", "resnet_model/conv2d/kernel/read", "VALID")
                .op("resnet_model/Relu_7", "Relu", "resnet_model/conv2d/Conv2D")
                .pool("resnet_model/max_pooling2d/MaxPool", "MaxPool", "resnet_model/Relu_7")
                .constInts("resnet_model/Reshape/shape", -1, 8)
                .op(
                        "resnet_model/Reshape",
                        "Reshape",
                        "resnet_model/max_pooling2d/MaxPool",
                        "resnet_model/Reshape/shape")
                .op("final_dense", "Identity", "resnet_model/Reshape")
                .op("softmax_tensor", "Softmax", "final_dense")
                .output("probabilities", "softmax_tensor:0");
        assertEquals(
                List.of(
                        "Reshape Reshape Reshape [null, 4, 4, 1] 0 []",
                        "conv2d Conv2D resnet_model/conv2d/Conv2D [null, 4, 4, 2] 2 [Reshape[0][0]]",
                        "Relu_7 ReLU resnet_model/Relu_7 [null, 4, 4, 2] 0 [conv2d[0][0]]",
                        "max_pooling2d MaxPooling2D resnet_model/max_pooling2d/MaxPool [null, 2, 2, 2] 0 "
                                + "[Relu_7[0][0]]",
                        "resnet_model/Reshape Flatten resnet_model/Reshape [null, 8] 0 [max_pooling2d[0][0]]",
                        "softmax_tensor Activation softmax_tensor [null, 8] 0 [resnet_model/Reshape[0][0]]"),
                layers(g).stream().map(l -> describe(l)).toList());
    }

    @Test
    void unscopedConvolutionsFoldTheirBiasAndLessCommonOpsKeepTheirOwnClass() {
        Tf1Graph g = new Tf1Graph()
                .op("raw", "Placeholder")
                .constInts("scale", 2)
                .op("normalized", "Mul", "raw", "scale")
                .feeds("x", "normalized", -1, 8, 8, 1);
        g.add(GraphNodes.node("W", "VariableV2")
                        .putAttr("shape", GraphNodes.shapeAttr(3, 3, 1, 4))
                        .build())
                .conv("Conv2D", "Conv2D", "normalized", "W", "SAME") // a ref edge straight from the variable, no /read
                .variable("b", 4)
                .op("add", "Add", "Conv2D", "b/read")
                .variable("dw", 3, 3, 4, 1)
                .conv("depthwise", "DepthwiseConv2dNative", "add", "dw/read", "SAME")
                .variable("db", 4)
                .op("BiasAdd", "BiasAdd", "depthwise", "db/read")
                .variable("bn/moving_variance", 4)
                .constInts("bn/batchnorm/add/y", 0)
                .op("bn/batchnorm/add", "AddV2", "bn/moving_variance/read", "bn/batchnorm/add/y")
                .op("bn/batchnorm/Rsqrt", "Rsqrt", "bn/batchnorm/add")
                .op("bn/batchnorm/mul", "Mul", "BiasAdd", "bn/batchnorm/Rsqrt")
                .variable("shift/b", 4)
                .op("shift/AddV2", "AddV2", "bn/batchnorm/mul", "shift/b/read")
                .op("shift/Identity", "Identity", "shift/AddV2")
                .variable("block/kernel", 1, 1, 4, 4)
                .conv("block/Conv2D", "Conv2D", "shift/Identity", "block/kernel/read", "VALID")
                .op("block/Relu", "Relu", "block/Conv2D")
                .op(
                        "sum",
                        "Add",
                        "block/Relu",
                        "block/Conv2D") // the pre-activation skips ahead: block's output is still Relu
                .variable("up/kernel", 2, 2, 2, 4)
                .constInts("up/output_shape", 1, 16, 16, 2)
                .op("up/conv2d_transpose", "Conv2DBackpropInput", "up/output_shape", "up/kernel/read", "sum")
                .op("norm/Rsqrt", "Rsqrt", "up/conv2d_transpose")
                .op("final/Relu", "Relu", "norm/Rsqrt")
                .op("final/output", "Identity", "final/Relu")
                .output("y", "final/output:0");
        List<RecoveredLayer> layers = layers(g);
        // 3·3·1·4 + 4 = 40; depthwise 3·3·4·1 + 4 = 40; block 1·1·4·4 = 16; up 2·2·2·4 = 32. The signature's input is
        // the
        // Mul node: what computes it (raw · scale) is no layer. The transpose's shape is not propagated (null from
        // there
        // on).
        assertEquals(
                List.of(
                        "Conv2D Conv2D add [null, 8, 8, 4] 40 []",
                        "depthwise DepthwiseConv2D BiasAdd [null, 8, 8, 4] 40 [Conv2D[0][0]]",
                        "bn BatchNormalization bn/batchnorm/mul [null, 8, 8, 4] 4 [depthwise[0][0]]",
                        "shift AddV2 shift/AddV2 [null, 8, 8, 4] 4 [bn[0][0]]",
                        "block Conv2D block/Relu [null, 8, 8, 4] 16 [shift[0][0]]",
                        "sum Add sum [null, 8, 8, 4] 0 [block[0][0]]",
                        "up Conv2DTranspose up/conv2d_transpose null 32 [sum[0][0]]",
                        "norm Rsqrt norm/Rsqrt null 0 [up[0][0]]",
                        "final ReLU final/output null 0 [norm[0][0]]"),
                layers.stream().map(l -> describe(l)).toList());
        assertEquals(Map.of("kernel", "W", "bias", "b/read"), layers.get(0).weightReads());
        assertEquals(
                Map.of("depthwise_kernel", "dw/read", "bias", "db/read"),
                layers.get(1).weightReads());
        assertEquals(Map.of("kernel", "up/kernel/read"), layers.get(6).weightReads());
    }

    @Test
    void onlyASignatureWhoseOutputsAreGraphNodesOfAFunctionlessGraphIsTf1() {
        MetaGraphDef tf1 = new Tf1Graph()
                .input("x", "x", -1, 2)
                .op("y", "Relu", "x")
                .output("y", "y:0")
                .meta();
        assertTrue(Tf1LayerRecovery.isTf1Signature(tf1, "predict"));
        assertEquals(
                List.of("y ReLU y [null, 2] 0 []"),
                Tf1LayerRecovery.layers(tf1, "predict").stream()
                        .map(l -> describe(l))
                        .toList());
        assertFalse(Tf1LayerRecovery.isTf1Signature(tf1, "serving_default"), "no such signature");
        assertEquals(List.of(), Tf1LayerRecovery.layers(tf1, "serving_default"));
        MetaGraphDef noOutputs =
                new Tf1Graph().input("x", "x", -1, 2).op("y", "Relu", "x").meta();
        assertFalse(Tf1LayerRecovery.isTf1Signature(noOutputs, "predict"));
        MetaGraphDef elsewhere = new Tf1Graph()
                .input("x", "x", -1, 2)
                .output("y", "StatefulPartitionedCall:0")
                .meta();
        assertFalse(Tf1LayerRecovery.isTf1Signature(elsewhere, "predict"));
        MetaGraphDef.Builder withFunctions = tf1.toBuilder();
        withFunctions
                .getGraphDefBuilder()
                .getLibraryBuilder()
                .addFunction(
                        FunctionDef.newBuilder().setSignature(OpDef.newBuilder().setName("__inference_f_1")));
        assertFalse(Tf1LayerRecovery.isTf1Signature(withFunctions.build(), "predict"), "TF2 graphs call functions");
        assertEquals(List.of(), Tf1LayerRecovery.layers(withFunctions.build(), "predict"));
    }
}
