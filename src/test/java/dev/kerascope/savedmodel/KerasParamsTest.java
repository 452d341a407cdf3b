package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Weight counts from layer configs, against the sizes Keras's layer documentation gives for each layer's weights
 * (kernel, bias, gamma/beta, moving statistics, ...), worked out by hand.
 */
class KerasParamsTest {
    private static JsonNode c(String json) throws Exception {
        return new ObjectMapper().readTree(json.replace('`', '"'));
    }

    private static long[] of(String cls, String config, Integer... input) throws Exception {
        return KerasParams.of(cls, c(config), input.length == 0 ? List.of() : List.of(Arrays.asList(input)));
    }

    private static long[] w(long trainable, long frozen) {
        return new long[] {trainable, frozen};
    }

    @Test
    void denseIsInputsTimesUnitsPlusOptionalBias() throws Exception {
        assertArrayEquals(w(784 * 10 + 10, 0), of("Dense", "{`units`: 10}", null, 784));
        assertArrayEquals(w(784 * 10, 0), of("Dense", "{`units`: 10, `use_bias`: false}", null, 784));
        assertNull(of("Dense", "{`units`: 10}", null, null));
        assertNull(of("Dense", "{`units`: 10}", (Integer) null), "rank 1: no feature axis");
        assertNull(of("Dense", "{`units`: 10}"));
    }

    @Test
    void convolutionsCountWindowTimesChannelsPerGroupTimesFilters() throws Exception {
        String conv = "{`filters`: 32, `kernel_size`: [3, 3]";
        assertArrayEquals(w(3 * 3 * 16 * 32 + 32, 0), of("Conv2D", conv + "}", null, 28, 28, 16));
        assertArrayEquals(w(3 * 3 * 4 * 32 + 32, 0), of("Conv2D", conv + ", `groups`: 4}", null, 28, 28, 16));
        assertArrayEquals(w(3 * 3 * 16 * 32, 0), of("Conv2D", conv + ", `use_bias`: false}", null, 28, 28, 16));
        assertArrayEquals(
                w(3 * 3 * 16 * 32 + 32, 0),
                of("Conv2D", conv + ", `data_format`: `channels_first`}", null, 16, 28, 28),
                "channels on axis 1");
        assertArrayEquals(w(5 * 8 * 4 + 4, 0), of("Conv1D", "{`filters`: 4, `kernel_size`: 5}", null, 100, 8));
        assertArrayEquals(
                w(2 * 2 * 2 * 3 * 8 + 8, 0),
                of("Conv3D", "{`filters`: 8, `kernel_size`: [2, 2, 2]}", null, 9, 9, 9, 3));
        assertNull(of("Conv2D", conv + "}", null, 28, 28, null));
    }

    @Test
    void transposedSeparableAndDepthwiseConvolutionsCountTheirOwnKernels() throws Exception {
        assertArrayEquals(
                w(2 * 2 * 4 * 2 + 2, 0), of("Conv2DTranspose", "{`filters`: 2, `kernel_size`: [2, 2]}", null, 8, 8, 4));
        assertArrayEquals(
                w(2 * 2 * 4 * 2, 0),
                of("Conv2DTranspose", "{`filters`: 2, `kernel_size`: [2, 2], `use_bias`: false}", null, 8, 8, 4));
        assertNull(of("Conv2DTranspose", "{`filters`: 2, `kernel_size`: [2, 2]}", null, 8, 8, null));
        // depthwise 3·3·8·2, pointwise 8·2·16, bias 16
        String sep = "{`filters`: 16, `kernel_size`: [3, 3], `depth_multiplier`: 2";
        assertArrayEquals(w(3 * 3 * 8 * 2 + 8 * 2 * 16 + 16, 0), of("SeparableConv2D", sep + "}", null, 10, 10, 8));
        assertArrayEquals(
                w(3 * 3 * 8 * 2 + 8 * 2 * 16, 0), of("SeparableConv2D", sep + ", `use_bias`: false}", null, 10, 10, 8));
        assertArrayEquals(
                w(3 * 8 + 8 * 16 + 16, 0), of("SeparableConv1D", "{`filters`: 16, `kernel_size`: 3}", null, 10, 8));
        assertNull(of("SeparableConv2D", sep + "}", null, 10, 10, null));
        String dw = "{`kernel_size`: [3, 3], `depth_multiplier`: 2";
        assertArrayEquals(w(3 * 3 * 16 + 16, 0), of("DepthwiseConv2D", dw + "}", null, 10, 10, 8));
        assertArrayEquals(w(3 * 3 * 16, 0), of("DepthwiseConv2D", dw + ", `use_bias`: false}", null, 10, 10, 8));
        assertArrayEquals(w(3 * 3 * 8 + 8, 0), of("DepthwiseConv2D", "{`kernel_size`: 3}", null, 10, 10, 8));
        assertNull(of("DepthwiseConv2D", dw + "}", null, 10, 10, null));
    }

    @Test
    void batchNormalizationTrainsGammaAndBetaAndKeepsTwoMovingStatistics() throws Exception {
        assertArrayEquals(w(8, 8), of("BatchNormalization", "{`axis`: -1}", null, 8, 8, 4));
        assertArrayEquals(w(8, 8), of("BatchNormalization", "{`axis`: [3]}", null, 8, 8, 4), "Keras 2 writes a list");
        assertArrayEquals(w(8, 8), of("BatchNormalization", "{}", null, 8, 8, 4), "axis defaults to the last");
        assertArrayEquals(w(8, 8), of("BatchNormalization", "{`axis`: []}", null, 8, 8, 4));
        assertArrayEquals(w(4, 8), of("BatchNormalization", "{`scale`: false}", null, 8, 8, 4));
        assertArrayEquals(w(4, 8), of("BatchNormalization", "{`center`: false}", null, 8, 8, 4));
        assertArrayEquals(w(0, 8), of("BatchNormalization", "{`scale`: false, `center`: false}", null, 8, 8, 4));
        assertArrayEquals(w(2 * 6, 2 * 6), of("BatchNormalization", "{`axis`: 1}", null, 6, 8, 4), "channels first");
        assertArrayEquals(
                w(2 * 48, 2 * 48), of("BatchNormalization", "{`axis`: [2, 3]}", null, 5, 6, 8), "two axes: 6·8");
        assertNull(of("BatchNormalization", "{`axis`: 4}", null, 8, 8, 4), "no axis 4 in rank 4");
        assertNull(of("BatchNormalization", "{`axis`: 0}", null, 8, 8, 4), "the batch axis is never normalized");
        assertNull(of("BatchNormalization", "{`axis`: -4}", null, 8, 8, 4));
        assertNull(of("BatchNormalization", "{`axis`: -1}", null, 8, 8, null));
        assertNull(of("BatchNormalization", "{`axis`: -1}"));
    }

    @Test
    void layerNormalizationTrainsGammaAndBetaOnly() throws Exception {
        assertArrayEquals(w(12, 0), of("LayerNormalization", "{`axis`: -1}", null, 10, 6));
        assertArrayEquals(w(6, 0), of("LayerNormalization", "{`axis`: -1, `center`: false}", null, 10, 6));
        assertArrayEquals(w(6, 0), of("LayerNormalization", "{`axis`: -1, `scale`: false}", null, 10, 6));
        assertNull(of("LayerNormalization", "{`axis`: -1}", null, 10, null));
    }

    @Test
    void embeddingPreluAndWeightlessLayers() throws Exception {
        assertArrayEquals(w(1000 * 64, 0), of("Embedding", "{`input_dim`: 1000, `output_dim`: 64}", null, 20));
        assertArrayEquals(w(4 * 4 * 3, 0), of("PReLU", "{}", null, 4, 4, 3));
        assertArrayEquals(
                w(3, 0),
                of("PReLU", "{`shared_axes`: [1, 2]}", null, null, null, 3),
                "alpha shared over rows, columns");
        assertArrayEquals(w(4 * 3, 0), of("PReLU", "{`shared_axes`: [1]}", null, 5, 4, 3));
        assertNull(of("PReLU", "{}", null, 4, null, 3));
        assertNull(of("PReLU", "{}"));
        assertArrayEquals(w(0, 0), of("MaxPooling2D", "{`pool_size`: [2, 2]}", null, 8, 8, 3));
    }
}
