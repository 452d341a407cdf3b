package dev.kerascope.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Output lengths against Keras's documented formulas, written as Keras writes them (real division and ceil), not as the
 * code does (integer arithmetic): odd and even sizes, strides 1 to 3, so a floor where Keras takes the ceiling cannot
 * hide behind even inputs.
 */
class PaddingTest {
    /** keras.src.ops.operation_utils.compute_conv_output_shape: same → ceil(in / s). */
    static int kerasSame(int in, int stride) {
        return (int) Math.ceil(in / (double) stride);
    }

    /** valid → floor((in − k) / s) + 1, nothing when the window does not fit. */
    static int kerasValid(int in, int k, int stride) {
        return in < k ? 0 : (int) Math.floor((in - k) / (double) stride) + 1;
    }

    @Test
    void sameIsTheCeilingOfInputOverStrideForEveryOddAndEvenSize() {
        for (int in = 1; in <= 33; in++) {
            for (int k = 1; k <= 5; k++) {
                for (int s = 1; s <= 3; s++) {
                    assertEquals(
                            kerasSame(in, s),
                            Padding.SAME.outputLength(in, k, s, true),
                            "same in=" + in + " k=" + k + " s=" + s);
                    assertEquals(
                            kerasSame(in, s),
                            Padding.SAME.outputLength(in, k, s, false),
                            "same cols in=" + in + " s=" + s);
                }
            }
        }
        // Hand arithmetic for the cases that matter most: 7 / 2 = 3.5 → 4, 27 / 2 → 14, 5 / 3 → 2.
        assertEquals(4, Padding.SAME.outputLength(7, 3, 2, true));
        assertEquals(14, Padding.SAME.outputLength(27, 3, 2, true));
        assertEquals(2, Padding.SAME.outputLength(5, 2, 3, false));
    }

    @Test
    void validIsTheFloorOfTheSpanOverStridePlusOne() {
        for (int in = 1; in <= 33; in++) {
            for (int k = 1; k <= 5; k++) {
                for (int s = 1; s <= 3; s++) {
                    assertEquals(
                            kerasValid(in, k, s),
                            Padding.VALID.outputLength(in, k, s, true),
                            "valid in=" + in + " k=" + k + " s=" + s);
                }
            }
        }
        assertEquals(3, Padding.VALID.outputLength(7, 3, 2, true), "(7 - 3) / 2 + 1");
        assertEquals(2, Padding.VALID.outputLength(6, 3, 2, true), "(6 - 3) / 2 = 1.5 → 1, + 1");
        assertEquals(0, Padding.VALID.outputLength(2, 3, 1, true), "a 3-wide window does not fit 2");
    }

    @Test
    void explicitPaddingAddsItsOwnSideToEachAxis() {
        // PyTorch's formula: floor((in + before + after − k) / s) + 1, rows and columns padded separately.
        Padding p = new Padding(Padding.Mode.EXPLICIT, 1, 2, 0, 1);
        assertEquals(5, p.outputLength(9, 3, 2, true), "(9 + 1 + 2 - 3) / 2 + 1");
        assertEquals(4, p.outputLength(9, 3, 2, false), "(9 + 0 + 1 - 3) / 2 + 1");
        assertEquals(0, p.outputLength(0, 5, 1, true), "a window larger than the padded input gives nothing");
        for (int in = 1; in <= 21; in++) {
            assertEquals(
                    kerasValid(in + 2, 3, 2),
                    Padding.explicit(1, 1).outputLength(in, 3, 2, true),
                    "explicit 1, in=" + in);
        }
    }

    @Test
    void theConfigValueIsWhatKerasWrites() {
        assertEquals("valid", Padding.VALID.toConfigValue());
        assertEquals("same", Padding.SAME.toConfigValue());
        assertArrayEquals(new int[] {2, 3}, (int[]) Padding.explicit(2, 3).toConfigValue());
        assertEquals(new Padding(Padding.Mode.EXPLICIT, 2, 2, 3, 3), Padding.explicit(2, 3));
    }

    @Test
    void shapeInferenceUsesTheCeilingOnOddInputsWithStrideTwo() {
        List<LayerShape> s = ShapeInference.infer(ArchitectureJson.parse(OddSizes.JSON, "odd"));
        // Worked by hand from the formulas above.
        assertArrayEquals(new int[] {16, 14, 8}, s.get(1).outputShape(), "conv1 same s2: ceil(31/2), ceil(27/2)");
        assertArrayEquals(new int[] {8, 7, 8}, s.get(2).outputShape(), "pool1 same s2: ceil(16/2), ceil(14/2)");
        assertArrayEquals(new int[] {8, 7, 4}, s.get(3).outputShape(), "conv2 same s1 with an even kernel");
        assertArrayEquals(new int[] {3, 3, 4}, s.get(4).outputShape(), "conv3 valid s2: (8-3)/2+1, (7-3)/2+1");
        assertArrayEquals(new int[] {2, 2, 3}, s.get(5).outputShape(), "conv4 padding 1 s2: (3+2-3)/2+1");
        assertArrayEquals(new int[] {1, 1, 3}, s.get(6).outputShape(), "pool2 same s2: ceil(2/2)");
        assertArrayEquals(new int[] {3}, s.get(7).outputShape());
        assertArrayEquals(new int[] {5}, s.get(8).outputShape());
        assertEquals(3 * 3 * 3 * 8 + 8, s.get(1).params());
        assertEquals(2 * 2 * 8 * 4 + 4, s.get(3).params());
        assertEquals(3 * 3 * 4 * 3 + 3, s.get(5).params());
        assertEquals(3 * 5 + 5, s.get(8).params());
    }
}
