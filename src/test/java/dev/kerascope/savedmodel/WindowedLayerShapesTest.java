package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static dev.kerascope.savedmodel.SyntheticSavedModel.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Output lengths of convolution and pooling windows against an independent oracle: counting, one by one, the window
 * positions that fit the (padded) input, as a convolution visits them; transposed convolutions against Keras's
 * documented "Output shape" formula of Conv2DTranspose, worked by hand.
 */
class WindowedLayerShapesTest {
    private static List<Integer> conv(String cls, String config, Integer... in) throws Exception {
        return ConvShapes.conv(cls, JSON.readTree(config.replace('`', '"')), Arrays.asList(in), ConvShapes.rank(cls));
    }

    private static List<Integer> pool(String cls, String config, Integer... in) throws Exception {
        return ConvShapes.pool(JSON.readTree(config.replace('`', '"')), Arrays.asList(in), ConvShapes.rank(cls));
    }

    /** Window starts 0, stride, 2·stride, … whose dilated window ends inside {@code extra} zeros on each side. */
    private static int positions(int input, int window, int stride, int dilation, int padEachSide) {
        int span = (window - 1) * dilation + 1;
        int count = 0;
        for (int start = 0; start + span <= input + 2 * padEachSide; start += stride) {
            count++;
        }
        return count;
    }

    @Test
    void validSameCausalAndFullWindowsCountTheirPositions() {
        for (int n = 1; n <= 9; n++) {
            for (int k = 1; k <= 4; k++) {
                for (int st = 1; st <= 3; st++) {
                    for (int d = 1; d <= 2; d++) {
                        String at = "n=" + n + " k=" + k + " s=" + st + " d=" + d;
                        int span = (k - 1) * d + 1;
                        assertEquals(positions(n, k, st, d, 0), ConvShapes.length(n, k, st, d, "valid"), at);
                        assertEquals(positions(n, k, st, d, span - 1), ConvShapes.length(n, k, st, d, "full"), at);
                        // same and causal: one output per stride step over the input, ceil(n / s)
                        assertEquals(positions(n, 1, st, 1, 0), ConvShapes.length(n, k, st, d, "same"), at);
                        assertEquals(positions(n, 1, st, 1, 0), ConvShapes.length(n, k, st, d, "causal"), at);
                    }
                }
            }
        }
    }

    @Test
    void aWindowWiderThanItsInputGivesLengthZeroAndNonPositiveSizesAreUnknown() {
        assertEquals(0, ConvShapes.length(2, 5, 1, 1, "valid"));
        assertEquals(0, ConvShapes.length(2, 9, 3, 1, "valid"));
        assertEquals(1, ConvShapes.length(1, 1, 1, 1, "valid"), "the smallest window, stride and dilation are 1");
        assertNull(ConvShapes.length(null, 3, 1, 1, "valid"));
        assertNull(ConvShapes.length(8, 0, 1, 1, "valid"));
        assertNull(ConvShapes.length(8, 3, 0, 1, "valid"));
        assertNull(ConvShapes.length(8, 3, 1, 0, "valid"));
        assertNull(ConvShapes.deconvLength(null, 3, "valid", null, 1, 1));
        assertNull(ConvShapes.deconvLength(4, 0, "valid", null, 1, 1));
        assertNull(ConvShapes.deconvLength(4, 3, "valid", null, 0, 1));
        assertNull(ConvShapes.deconvLength(4, 3, "valid", null, 1, 0));
        assertEquals(4, ConvShapes.deconvLength(4, 1, "valid", null, 1, 1), "a 1×1 transposed window keeps n");
    }

    @Test
    void transposedLengthsFollowKerasDocumentedFormula() {
        // no output padding: same n·s; valid n·s + max(k − s, 0); full n·s − (s + k − 2); k dilated: k + (k − 1)(d − 1)
        assertEquals(12, ConvShapes.deconvLength(4, 3, "same", null, 3, 1));
        assertEquals(12, ConvShapes.deconvLength(4, 2, "valid", null, 3, 1), "k < s adds nothing");
        assertEquals(10, ConvShapes.deconvLength(4, 4, "valid", null, 2, 1), "4·2 + (4 − 2)");
        assertEquals(11, ConvShapes.deconvLength(4, 3, "valid", null, 2, 2), "dilated k = 5: 4·2 + 3");
        assertEquals(5, ConvShapes.deconvLength(4, 3, "full", null, 2, 1), "4·2 − (2 + 3 − 2)");
        // output padding p: (n − 1)·s + k − 2·pad + p, pad = k // 2 (same), k − 1 (full), 0 (valid)
        assertEquals(8, ConvShapes.deconvLength(4, 5, "same", 1, 2, 1), "3·2 + 5 − 4 + 1");
        assertEquals(5, ConvShapes.deconvLength(4, 3, "full", 0, 2, 1), "3·2 + 3 − 4 + 0");
        assertEquals(10, ConvShapes.deconvLength(4, 3, "valid", 1, 2, 1), "3·2 + 3 + 1");
        assertEquals(11, ConvShapes.deconvLength(4, 3, "valid", 0, 2, 2), "dilated k = 5: 3·2 + 5");
    }

    @Test
    void theRankComesFromTheClassName() {
        assertEquals(1, ConvShapes.rank("Conv1D"));
        assertEquals(2, ConvShapes.rank("MaxPooling2D"));
        assertEquals(3, ConvShapes.rank("Conv3DTranspose"));
        assertEquals(0, ConvShapes.rank("Dense"));
    }

    @Test
    void convolutionsOfEveryRankKeepTheBatchAndGiveFiltersOrChannelsTimesMultiplier() throws Exception {
        assertEquals(s(7, 8, 16), conv("Conv1D", "{`filters`: 16, `kernel_size`: 3}", 7, 10, 2));
        assertEquals(
                s(null, 2, 2, 4, 5),
                conv("Conv3D", "{`filters`: 5, `kernel_size`: [3, 2, 1], `strides`: [2, 2, 4]}", null, 5, 5, 13, 1));
        assertEquals(
                s(null, 6, 6, 9),
                conv("DepthwiseConv2D", "{`kernel_size`: 3}", null, 8, 8, 9),
                "depth_multiplier 1 by default");
        assertEquals(s(null, 6, 6, null), conv("DepthwiseConv2D", "{`kernel_size`: 3}", null, 8, 8, null));
        assertEquals(s(null, 6, 6, 0), conv("Conv2D", "{`kernel_size`: 3}", null, 8, 8, 3), "no filters");
        assertNull(conv("Conv2D", "{`filters`: 4, `kernel_size`: 3}", null, 8, 3), "rank 3 into a 2D convolution");
        assertNull(conv("Conv2D", "{`filters`: 4, `kernel_size`: 3}", null, 8, 8, 8, 3));
        assertEquals(s(null, 8, 8, 4), conv("Conv2D", "{`filters`: 4}", null, 8, 8, 3), "no kernel_size: 1");
        assertEquals(
                s(null, 6, 6, 4),
                conv("Conv2D", "{`filters`: 4, `kernel_size`: [3]}", null, 8, 8, 3),
                "a one-item list applies to every axis");
    }

    @Test
    void missingTupleItemsTakeTheDefault() throws Exception {
        assertEquals(s(null, 6, 8, 4), conv("Conv2D", "{`filters`: 4, `kernel_size`: [3, null]}", null, 8, 8, 3));
        assertEquals(s(null, 8, 8, 4), conv("Conv2D", "{`filters`: 4, `kernel_size`: []}", null, 8, 8, 3));
        assertEquals(s(null, 6, 8, 8, 1), conv("Conv3D", "{`filters`: 1, `kernel_size`: [3, 1]}", null, 8, 8, 8, 3));
    }

    @Test
    void deconvolutionClassesAreTransposedAndUseTheirOutputPadding() throws Exception {
        String cfg = "{`filters`: 2, `kernel_size`: 3, `strides`: 2, `padding`: `same`%s}";
        assertEquals(s(1, 8, 8, 2), conv("Deconvolution2D", cfg.formatted(""), 1, 4, 4, 5), "4·2");
        assertEquals(
                s(1, 8, 7, 2),
                conv("Conv2DTranspose", cfg.formatted(", `output_padding`: [1, 0]"), 1, 4, 4, 5),
                "3·2 + 3 − 2 + 1 and + 0");
        assertEquals(s(1, 8, 8, 2), conv("Conv2DTranspose", cfg.formatted(", `output_padding`: null"), 1, 4, 4, 5));
    }

    @Test
    void kerascopesExplicitPaddingAddsZerosOnBothSidesOfEachAxis() throws Exception {
        assertEquals(
                s(null, 8, 4, 6),
                conv("Conv2D", "{`filters`: 6, `kernel_size`: 5, `padding`: [2, 0]}", null, 8, 8, 1),
                "8 + 4 − 5 + 1 and 8 − 5 + 1");
        assertEquals(
                s(null, null, 10, 6),
                conv("Conv2D", "{`filters`: 6, `kernel_size`: 1, `padding`: [1, 1]}", null, null, 8, 1));
        assertEquals(
                s(null, 5, 4, 3), pool("MaxPooling2D", "{`pool_size`: 2, `padding`: [1, 0]}", null, 8, 8, 3), "10 / 2");
    }

    @Test
    void poolingStridesDefaultToThePoolSize() throws Exception {
        assertEquals(s(null, 4, 4, 3), pool("MaxPooling2D", "{}", null, 8, 9, 3), "pool 2, stride 2");
        assertEquals(s(null, 7, 8, 3), pool("MaxPooling2D", "{`strides`: 1}", null, 8, 9, 3));
        assertEquals(s(null, 3, 3, 3), pool("MaxPooling2D", "{`pool_size`: 3, `strides`: null}", null, 9, 9, 3));
        assertEquals(s(2, 5, 3), pool("AveragePooling1D", "{`padding`: `SAME`}", 2, 9, 3), "ceil(9 / 2)");
        assertNull(pool("MaxPooling2D", "{}", null, 8, 3));
        assertNull(pool("MaxPooling1D", "{}", null, 8, 8, 3));
    }
}
