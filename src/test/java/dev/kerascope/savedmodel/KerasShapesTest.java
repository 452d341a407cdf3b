package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static dev.kerascope.savedmodel.SyntheticSavedModel.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Output shapes from layer configs against Keras's documented formulas: convolution valid ceil((n − k + 1) / s), same
 * ceil(n / s); transposed convolution same n·s, valid n·s + max(k − s, 0), with output padding (n − 1)·s + k − 2·pad +
 * output_padding; the batch axis passes through.
 */
class KerasShapesTest {
    static List<Integer> out(String cls, String config, List<Integer> in) throws Exception {
        return KerasShapes.output(cls, JSON.readTree(config), List.of(in));
    }

    @Test
    void transposedConvolutions() throws Exception {
        String base = "{\"filters\": 8, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"%s\", "
                + "\"output_padding\": %s}";
        assertEquals(s(null, 8, 8, 8), out("Conv2DTranspose", base.formatted("same", "null"), s(null, 4, 4, 16)));
        assertEquals(
                s(null, 9, 9, 8),
                out("Conv2DTranspose", base.formatted("valid", "null"), s(null, 4, 4, 16))); // 4*2 + 1
        // (4 - 1) * 2 + 3 - 2 * 1 + 1 = 8 with same padding (pad = 3 // 2) and output padding 1
        assertEquals(s(null, 8, 8, 8), out("Conv2DTranspose", base.formatted("same", "[1, 1]"), s(null, 4, 4, 16)));
        assertEquals(
                s(5, 7, 9, 8),
                out("Conv2DTranspose", base.formatted("valid", "[0, 0]"), s(5, 3, 4, 16))); // (n-1)*2 + 3
    }

    @Test
    void separableDepthwiseAndDilatedConvolutions() throws Exception {
        assertEquals(
                s(null, 24, 5, 64),
                out(
                        "DepthwiseConv2D",
                        "{\"kernel_size\": [3, 3], \"strides\": [1, 1], \"padding\": \"same\", \"depth_multiplier\": "
                                + "1}",
                        s(null, 24, 5, 64)));
        assertEquals(
                s(null, 10, 10, 6),
                out(
                        "DepthwiseConv2D",
                        "{\"kernel_size\": [3, 3], \"strides\": 1, \"padding\": \"valid\", \"depth_multiplier\": 2}",
                        s(null, 12, 12, 3)));
        assertEquals(
                s(null, 6, 6, 32),
                out(
                        "SeparableConv2D",
                        "{\"filters\": 32, \"kernel_size\": [3, 3], \"strides\": [2, 2], \"padding\": \"valid\"}",
                        s(null, 13, 13, 3))); // ceil(11/2)
        assertEquals(
                s(null, 8, 8, 4),
                out(
                        "Conv2D",
                        "{\"filters\": 4, \"kernel_size\": [3, 3], \"dilation_rate\": [2, 2], \"padding\": \"valid\"}",
                        s(null, 12, 12, 1))); // 12 - 5 + 1
    }

    @Test
    void resamplingPaddingAndCropping() throws Exception {
        assertEquals(s(null, 14, 21, 3), out("UpSampling2D", "{\"size\": [2, 3]}", s(null, 7, 7, 3)));
        assertEquals(s(32, 128, 96, 3), out("Resizing", "{\"height\": 128, \"width\": 96}", s(32, 256, 256, 3)));
        assertEquals(s(null, 30, 34, 3), out("ZeroPadding2D", "{\"padding\": [[1, 1], [2, 2]]}", s(null, 28, 30, 3)));
        assertEquals(s(null, 30, 30, 3), out("ZeroPadding2D", "{\"padding\": 1}", s(null, 28, 28, 3)));
        assertEquals(s(null, 25, 28, 3), out("Cropping2D", "{\"cropping\": [[2, 1], [0, 0]]}", s(null, 28, 28, 3)));
    }

    @Test
    void poolingAndGlobalPooling() throws Exception {
        assertEquals(
                s(null, 7, 7, 64),
                out(
                        "MaxPooling2D",
                        "{\"pool_size\": [2, 2], \"strides\": null, \"padding\": \"same\"}",
                        s(null, 13, 13, 64)));
        assertEquals(s(null, 64), out("GlobalMaxPooling2D", "{\"keepdims\": false}", s(null, 7, 7, 64)));
        assertEquals(s(null, 1, 1, 64), out("GlobalAveragePooling2D", "{\"keepdims\": true}", s(null, 7, 7, 64)));
    }

    @Test
    void mergeReshapeAndPermute() throws Exception {
        var cfg = JSON.readTree("{\"axis\": -1}");
        assertEquals(
                s(null, 8, 8, 48),
                KerasShapes.output("Concatenate", cfg, List.of(s(null, 8, 8, 16), s(null, 8, 8, 32))));
        assertEquals(s(null, 8, 8, 16), KerasShapes.output("Add", cfg, List.of(s(null, 8, 8, 16), s(null, 8, 8, 16))));
        assertEquals(
                s(null, 8, 8, 16),
                KerasShapes.output("Multiply", cfg, List.of(s(null, 8, 8, 16), s(null, 1, 1, 16))),
                "broadcast");
        assertEquals(s(null, 7, 4, 2), out("Reshape", "{\"target_shape\": [7, -1, 2]}", s(null, 56)));
        assertEquals(s(null, 3, 28, 28), out("Permute", "{\"dims\": [3, 1, 2]}", s(null, 28, 28, 3)));
        for (String same : List.of(
                "Rescaling",
                "Normalization",
                "RandomFlip",
                "RandomRotation",
                "Activation",
                "ReLU",
                "LeakyReLU",
                "Softmax",
                "BatchNormalization",
                "Dropout",
                "SpatialDropout2D")) {
            assertEquals(s(32, 5, 5, 3), out(same, "{}", s(32, 5, 5, 3)), same);
        }
        assertNull(out("Lambda", "{}", s(null, 4)), "no rule: the caller asks the saved call function");
    }
}
