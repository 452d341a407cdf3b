package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static dev.kerascope.savedmodel.SyntheticSavedModel.layerMeta;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Summaries of synthetic Keras 2 SavedModels of the kinds other people save: residual blocks written as {@code x + y}
 * (TFOpLambda), nested functional blocks, transposed-convolution autoencoders and preprocessing models built with a
 * batch size. Expected shapes follow Keras's documented formulas (same padding: ceil(n / s); valid: ceil((n − k + 1) /
 * s); transposed same: n·s; transposed valid: n·s + max(k − s, 0)) and parameters kh·kw·in·out + out, worked out by
 * hand in the comments.
 */
class Keras2ModelSummaryTest {
    @TempDir
    Path dir;

    static void assertRow(SummaryRow r, String name, String cls, List<Integer> shape, long params) {
        assertEquals(name, r.name());
        assertEquals(cls, r.className(), name);
        assertEquals(shape, r.outputShape(), name);
        assertEquals(params, r.params(), name);
    }

    /** A layer with its weights: the variables as its children and in its own variables list. */
    static int weighted(SyntheticSavedModel m, int model, int index, String meta, String name, long[]... shapes) {
        int layer = m.layer(model, index, meta);
        int[] vars = new int[shapes.length];
        String[] names = shapes.length == 4
                ? new String[] {"gamma", "beta", "moving_mean", "moving_variance"}
                : new String[] {"kernel", "bias"};
        for (int i = 0; i < shapes.length; i++) {
            vars[i] = m.variable(name + "/" + names[i], i < 2, shapes[i]);
            m.child(layer, names[i], vars[i]);
        }
        m.variables(layer, vars);
        return layer;
    }

    static final String RESNET =
            """
      {"class_name": "Functional", "name": "resnet_block", "keras_version": "2.14.0", "config": {"name": "resnet_block",
       "layers": [
        {"class_name": "InputLayer", "name": "input_1", "inbound_nodes": [],
         "config": {"batch_input_shape": {"class_name": "__tuple__", "items": [null, 32, 32, 3]}, "name": "input_1"}},
        {"class_name": "Conv2D", "name": "conv2d", "inbound_nodes": [[["input_1", 0, 0, {}]]],
         "config": {"name": "conv2d", "filters": 16, "kernel_size": {"class_name": "__tuple__", "items": [3, 3]},
                    "strides": {"class_name": "__tuple__", "items": [1, 1]}, "padding": "same",
                      "data_format": "channels_last"}},
        {"class_name": "Conv2D", "name": "conv2d_1", "inbound_nodes": [[["conv2d", 0, 0, {}]]],
         "config": {"name": "conv2d_1", "filters": 16, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same"}},
        {"class_name": "TFOpLambda", "name": "tf.__operators__.add",
         "inbound_nodes": [["conv2d_1", 0, 0, {"y": ["conv2d", 0, 0], "name": null}]],
         "config": {"name": "tf.__operators__.add", "function": "__operators__.add"}},
        {"class_name": "TFOpLambda", "name": "tf.nn.relu", "inbound_nodes": [["tf.__operators__.add", 0, 0,
          {"name": null}]],
         "config": {"name": "tf.nn.relu", "function": "nn.relu"}},
        {"class_name": "Functional", "name": "block", "inbound_nodes": [[["tf.nn.relu", 0, 0, {}]]],
         "config": {"name": "block", "layers": [
           {"class_name": "InputLayer", "name": "input_2", "inbound_nodes": [],
            "config": {"batch_input_shape": [null, 32, 32, 16], "name": "input_2"}},
           {"class_name": "Conv2D", "name": "conv2d_2", "inbound_nodes": [[["input_2", 0, 0, {}]]],
            "config": {"name": "conv2d_2", "filters": 8, "kernel_size": [1, 1], "strides": [2, 2], "padding": "valid"}},
           {"class_name": "BatchNormalization", "name": "batch_normalization", "inbound_nodes": [[["conv2d_2", 0, 0,
             {}]]],
            "config": {"name": "batch_normalization", "axis": [3]}}],
          "input_layers": [["input_2", 0, 0]], "output_layers": [["batch_normalization", 0, 0]]}},
        {"class_name": "TFOpLambda", "name": "tf.concat",
         "inbound_nodes": [[["conv2d", 0, 0, {"axis": -1}], ["conv2d_1", 0, 0, {"axis": -1}]]],
         "config": {"name": "tf.concat", "function": "concat"}},
        {"class_name": "GlobalAveragePooling2D", "name": "global_average_pooling2d", "inbound_nodes": [[["block", 1, 0,
          {}]]],
         "config": {"name": "global_average_pooling2d", "data_format": "channels_last", "keepdims": false}},
        {"class_name": "Dense", "name": "dense", "inbound_nodes": [[["global_average_pooling2d", 0, 0, {}]]],
         "config": {"name": "dense", "units": 3}}],
       "input_layers": [["input_1", 0, 0]], "output_layers": [["dense", 0, 0], ["tf.concat", 0, 0]]}}
      """;

    /** The residual model above as Keras 2.14 saves it, the metadata in keras_metadata.pb. */
    Path resnet() throws Exception {
        SyntheticSavedModel m = new SyntheticSavedModel();
        int root = m.object("_tf_keras_network", "root", RESNET);
        m.layer(root, 0, layerMeta("input_1", "InputLayer"));
        int c0 = weighted(
                m, root, 1, layerMeta("conv2d", "Conv2D"), "conv2d", new long[] {3, 3, 3, 16}, new long[] {16});
        int c1 = weighted(
                m, root, 2, layerMeta("conv2d_1", "Conv2D"), "conv2d_1", new long[] {3, 3, 16, 16}, new long[] {16});
        m.callFunction(m.layer(root, 3, layerMeta("tf.__operators__.add", "TFOpLambda")), -1, 32, 32, 16);
        m.callFunction(m.layer(root, 4, layerMeta("tf.nn.relu", "TFOpLambda")), -1, 32, 32, 16);
        int block = m.layer(root, 5, "{\"name\": \"block\", \"class_name\": \"Functional\"}");
        m.layer(block, 0, layerMeta("input_2", "InputLayer"));
        int c2 = weighted(
                m, block, 1, layerMeta("conv2d_2", "Conv2D"), "conv2d_2", new long[] {1, 1, 16, 8}, new long[] {8});
        int bn = weighted(
                m,
                block,
                2,
                layerMeta("batch_normalization", "BatchNormalization"),
                "batch_normalization",
                new long[] {8},
                new long[] {8},
                new long[] {8},
                new long[] {8});
        m.callFunction(m.layer(root, 6, layerMeta("tf.concat", "TFOpLambda")), -1, 32, 32, 32);
        m.layer(root, 7, layerMeta("global_average_pooling2d", "GlobalAveragePooling2D"));
        int d = weighted(m, root, 8, layerMeta("dense", "Dense"), "dense", new long[] {8, 3}, new long[] {3});
        int[] blockVars = {c2 + 1, c2 + 2, bn + 1, bn + 2, bn + 3, bn + 4};
        m.variables(block, blockVars);
        m.variables(root, c0 + 1, c0 + 2, c1 + 1, c1 + 2, c2 + 1, c2 + 2, bn + 1, bn + 2, bn + 3, bn + 4, d + 1, d + 2);
        return m.write(dir.resolve("resnet"), true);
    }

    @Test
    void residualAddsAndANestedFunctionalBlockShowAsKeras2PrintsThem() throws Exception {
        ModelSummary m = SavedModelSummaries.summarize(resnet(), Set.of("serve"));
        assertFalse(m.sequentialLike(), "the add has two inputs");
        List<SummaryRow> r = m.rows();
        assertEquals(9, r.size(), r.toString());
        assertRow(r.get(0), "input_1", "InputLayer", s(null, 32, 32, 3), 0);
        assertRow(r.get(1), "conv2d", "Conv2D", s(null, 32, 32, 16), 3 * 3 * 3 * 16 + 16);
        assertRow(r.get(2), "conv2d_1", "Conv2D", s(null, 32, 32, 16), 3 * 3 * 16 * 16 + 16);
        assertRow(r.get(3), "tf.__operators__.add", "TFOpLambda", s(null, 32, 32, 16), 0);
        assertEquals(List.of("conv2d_1[0][0]", "conv2d[0][0]"), r.get(3).inbound(), "x, then the y in its kwargs");
        assertRow(r.get(4), "tf.nn.relu", "TFOpLambda", s(null, 32, 32, 16), 0);
        assertEquals(List.of("tf.__operators__.add[0][0]"), r.get(4).inbound());
        // block: 1x1 stride-2 valid conv: ceil((32 - 1 + 1) / 2) = 16; 1*1*16*8 + 8 = 136, BN 4 * 8 = 32.
        assertRow(r.get(5), "block", "Functional", s(null, 16, 16, 8), 136 + 32);
        assertRow(r.get(6), "tf.concat", "TFOpLambda", s(null, 32, 32, 16 + 16), 0);
        assertEquals(List.of("conv2d[0][0]", "conv2d_1[0][0]"), r.get(6).inbound());
        assertRow(r.get(7), "global_average_pooling2d", "GlobalAveragePooling2D", s(null, 8), 0);
        assertEquals(List.of("block[1][0]"), r.get(7).inbound(), "a nested model's first call is its node 1");
        assertRow(r.get(8), "dense", "Dense", s(null, 3), 8 * 3 + 3);
        assertEquals(448 + 2320 + 168 + 27, m.totalParams());
        assertEquals(8 + 8, m.nonTrainableParams(), "the block's moving mean and variance");
        assertEquals("2.14.0", m.kerasVersion());
        assertEquals(ModelSummary.Layout.KERAS2, m.defaultLayout());
    }

    static final String AUTOENCODER =
            """
      {"class_name": "Sequential", "name": "autoencoder", "keras_version": "2.4.0", "config": {"name": "autoencoder",
        "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 16, 16, 1], "name": "input_1"}},
        {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 8, "kernel_size": [3, 3], "strides": [2, 2],
          "padding": "same"}},
        {"class_name": "Conv2D", "config": {"name": "conv2d_1", "filters": 8, "kernel_size": [3, 3], "strides": [2, 2],
          "padding": "same"}},
        {"class_name": "Conv2DTranspose", "config": {"name": "conv2d_transpose", "filters": 8, "kernel_size": [3, 3],
         "strides": [2, 2], "padding": "same", "output_padding": null}},
        {"class_name": "Conv2DTranspose", "config": {"name": "conv2d_transpose_1", "filters": 4, "kernel_size": [4, 4],
         "strides": [2, 2], "padding": "valid", "output_padding": null}},
        {"class_name": "Cropping2D", "config": {"name": "cropping2d", "cropping": [[1, 1], [1, 1]]}},
        {"class_name": "Conv2D", "config": {"name": "conv2d_2", "filters": 1, "kernel_size": [3, 3], "strides": [1, 1],
          "padding": "same"}}
      ]}}
      """;

    @Test
    void aTransposedConvolutionAutoencoderHasEveryShapeFromTf23StyleObjectGraphJson() throws Exception {
        SyntheticSavedModel m = new SyntheticSavedModel();
        int root = m.object("_tf_keras_sequential", "root", AUTOENCODER);
        long[][][] weights = {
            {{3, 3, 1, 8}, {8}},
            {{3, 3, 8, 8}, {8}},
            {{3, 3, 8, 8}, {8}},
            {{4, 4, 4, 8}, {4}},
            null,
            {{3, 3, 4, 1}, {1}}
        };
        String[] names = {"conv2d", "conv2d_1", "conv2d_transpose", "conv2d_transpose_1", "cropping2d", "conv2d_2"};
        String[] classes = {"Conv2D", "Conv2D", "Conv2DTranspose", "Conv2DTranspose", "Cropping2D", "Conv2D"};
        int[] all = new int[10];
        for (int i = 0, v = 0; i < names.length; i++) {
            String meta = layerMeta(names[i], classes[i]);
            if (weights[i] == null) {
                m.layer(root, i, meta);
            } else {
                int layer = weighted(m, root, i, meta, names[i], weights[i]);
                all[v++] = layer + 1;
                all[v++] = layer + 2;
            }
        }
        m.variables(root, all);
        ModelSummary s = SavedModelSummaries.summarize(m.write(dir.resolve("ae"), false), Set.of("serve"));
        assertTrue(s.sequentialLike());
        List<SummaryRow> r = s.rows();
        assertEquals(6, r.size(), "the InputLayer of a Sequential is no row");
        assertRow(r.get(0), "conv2d", "Conv2D", s(null, 8, 8, 8), 3 * 3 * 1 * 8 + 8); // ceil(16 / 2)
        assertRow(r.get(1), "conv2d_1", "Conv2D", s(null, 4, 4, 8), 3 * 3 * 8 * 8 + 8); // ceil(8 / 2)
        assertRow(r.get(2), "conv2d_transpose", "Conv2DTranspose", s(null, 8, 8, 8), 3 * 3 * 8 * 8 + 8); // 4 * 2
        assertRow(
                r.get(3),
                "conv2d_transpose_1",
                "Conv2DTranspose",
                s(null, 18, 18, 4),
                4 * 4 * 8 * 4 + 4); // 8*2 + (4-2)
        assertRow(r.get(4), "cropping2d", "Cropping2D", s(null, 16, 16, 4), 0); // 18 - 1 - 1
        assertRow(r.get(5), "conv2d_2", "Conv2D", s(null, 16, 16, 1), 3 * 3 * 4 * 1 + 1);
        assertEquals(80 + 584 + 584 + 516 + 37, s.totalParams());
        assertEquals("2.4.0", s.kerasVersion());
    }

    static final String PREPROCESSING =
            """
      {"class_name": "Sequential", "name": "sequential_1", "keras_version": "2.14.0",
       "build_input_shape": {"class_name": "TensorShape", "items": [null, 64, 64, 3]},
       "config": {"name": "sequential_1", "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": {"class_name": "__tuple__",
          "items": [null, 64, 64, 3]},
         "name": "sequential_input"}},
        {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 64, 64, 3], "name": "resizing_input"}},
          {"class_name": "Resizing", "config": {"name": "resizing", "height": 32, "width": 32,
            "interpolation": "bilinear"}},
          {"class_name": "Rescaling", "config": {"name": "rescaling", "scale": 0.00392156862745098, "offset": 0.0}}]}},
        {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 4, "kernel_size": [3, 3], "strides": [1, 1],
          "padding": "valid"}},
        {"class_name": "Flatten", "config": {"name": "flatten"}},
        {"class_name": "Dense", "config": {"name": "dense", "units": 2}}]}}
      """;

    /**
     * The potato-disease layout: a nested preprocessing Sequential, the model built with {@code model.build((batch, 64,
     * 64, 3))}.
     */
    ModelSummary preprocessing(Integer batch) throws Exception {
        SyntheticSavedModel m = new SyntheticSavedModel();
        int root = m.object("_tf_keras_sequential", "root", PREPROCESSING);
        int nested = m.layer(root, 0, "{\"name\": \"sequential\", \"class_name\": \"Sequential\"}");
        m.layer(nested, 0, layerMeta("resizing", "Resizing", batch, 64, 64, 3));
        m.layer(nested, 1, layerMeta("rescaling", "Rescaling", batch, 32, 32, 3));
        m.variables(nested);
        int conv = weighted(
                m,
                root,
                1,
                layerMeta("conv2d", "Conv2D", batch, 32, 32, 3),
                "conv2d",
                new long[] {3, 3, 3, 4},
                new long[] {4});
        m.layer(root, 2, layerMeta("flatten", "Flatten", batch, 30, 30, 4));
        int dense = weighted(
                m, root, 3, layerMeta("dense", "Dense", batch, 3600), "dense", new long[] {3600, 2}, new long[] {2});
        m.variables(root, conv + 1, conv + 2, dense + 1, dense + 2);
        return SavedModelSummaries.summarize(m.write(dir.resolve("pre" + batch), true), Set.of("serve"));
    }

    @Test
    void aNestedSequentialIsOneRowAndAModelBuiltWithABatchPrintsIt() throws Exception {
        List<SummaryRow> r = preprocessing(32).rows();
        assertEquals(4, r.size());
        assertRow(r.get(0), "sequential", "Sequential", s(32, 32, 32, 3), 0); // Resizing to 32x32
        assertRow(r.get(1), "conv2d", "Conv2D", s(32, 30, 30, 4), 3 * 3 * 3 * 4 + 4);
        assertRow(r.get(2), "flatten", "Flatten", s(32, 30 * 30 * 4), 0);
        assertRow(r.get(3), "dense", "Dense", s(32, 2), 3600 * 2 + 2);
        assertEquals(112 + 7202, preprocessing(32).totalParams());
        List<SummaryRow> unbatched = preprocessing(null).rows();
        assertEquals(s(null, 32, 32, 3), unbatched.get(0).outputShape(), "built without a batch: None");
        assertEquals(s(null, 2), unbatched.get(3).outputShape());
    }

    @Test
    void aLayerCalledOnDifferentShapesPrintsMultipleAndOneWithTwoOutputsTheirList() throws Exception {
        String model =
                """
        {"class_name": "Functional", "name": "shared", "keras_version": "2.9.0", "config": {"name": "shared",
          "layers": [
          {"class_name": "InputLayer", "name": "a", "config": {"batch_input_shape": [null, 8]}, "inbound_nodes": []},
          {"class_name": "InputLayer", "name": "b", "config": {"batch_input_shape": [null, 2, 8]}, "inbound_nodes": []},
          {"class_name": "Dense", "name": "dense", "config": {"units": 3}, "inbound_nodes": [[["a", 0, 0,
            {}]], [["b", 0, 0, {}]]]},
          {"class_name": "TFOpLambda", "name": "tf.split", "config": {"function": "split"},
           "inbound_nodes": [["a", 0, 0, {"num_or_size_splits": [2, 6], "axis": -1}]]},
          {"class_name": "Flatten", "name": "flatten", "config": {}, "inbound_nodes": [[["tf.split", 0, 1, {}]]]}],
         "input_layers": [["a", 0, 0], ["b", 0, 0]],
        "output_layers": [["dense", 0, 0], ["dense", 1, 0], ["flatten", 0, 0]]}}""";
        SyntheticSavedModel m = new SyntheticSavedModel();
        int root = m.object("_tf_keras_network", "root", model);
        m.layer(root, 0, layerMeta("a", "InputLayer"));
        m.layer(root, 1, layerMeta("b", "InputLayer"));
        int d = weighted(m, root, 2, layerMeta("dense", "Dense"), "dense", new long[] {8, 3}, new long[] {3});
        m.callFunctionReturningTuple(
                m.layer(root, 3, layerMeta("tf.split", "TFOpLambda")), new long[] {-1, 2}, new long[] {-1, 6});
        m.layer(root, 4, layerMeta("flatten", "Flatten"));
        m.variables(root, d + 1, d + 2);
        List<SummaryRow> rows = SavedModelSummaries.summarize(m.write(dir.resolve("shared"), false), Set.of("serve"))
                .rows();
        SummaryRow dense = rows.get(2);
        // Dense keeps every axis but the last: (None, 3) on the first call, (None, 2, 3) on the second.
        assertEquals("multiple", dense.shapeText());
        assertEquals(List.of("a[0][0]", "b[0][0]"), dense.inbound());
        assertEquals(8 * 3 + 3, dense.params());
        // tf.split of 8 features into 2 + 6: Keras 2 prints the list of its output shapes.
        assertEquals("[(None, 2), (None, 6)]", rows.get(3).shapeText());
        assertEquals(s(null, 6), rows.get(4).outputShape(), "flatten reads tf.split's second tensor, [0][1]");
        assertEquals(List.of("tf.split[0][1]"), rows.get(4).inbound());
    }
}
