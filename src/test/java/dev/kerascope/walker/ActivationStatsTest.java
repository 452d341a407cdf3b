package dev.kerascope.walker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Statistics against values worked out by hand. */
class ActivationStatsTest {
    @Test
    void minMaxMeanZerosAndTopChannelsOfAHandMadeTensor() {
        // shape (1, 2, 3): two positions, three channels; channel means 1.5, -0.5, 1.5 (a tie: lower index first)
        float[] v = {-1, -0.0f, 3, 4, -1, 0};
        ActivationStats s = ActivationStats.of(new LayerTensor("l", new long[] {1, 2, 3}, v), 2);
        assertEquals(-1f, s.min());
        assertEquals(4f, s.max());
        assertEquals(5.0 / 6, s.mean(), 1e-12);
        assertEquals(2.0 / 6, s.zeroFraction(), 1e-12, "-0.0 counts as zero");
        assertEquals(List.of(0, 2), s.topChannels());
    }

    @Test
    void aScalarAndAnEmptyTensorHaveNoChannels() {
        ActivationStats scalar = ActivationStats.of(new LayerTensor("step", new long[0], new float[] {7}), 3);
        assertEquals(7f, scalar.min());
        assertEquals(7.0, scalar.mean());
        assertEquals(List.of(), scalar.topChannels());
        ActivationStats empty = ActivationStats.of(new LayerTensor("e", new long[] {0, 4}, new float[0]), 3);
        assertEquals(0f, empty.max());
        assertEquals(List.of(), empty.topChannels());
    }

    @Test
    void allNegativeValuesWithTiesAndNegativeZero() {
        // shape (2, 1, 2): channel 0 holds -3, -0.0; channel 1 holds -3 (tie for min), -0.5.
        // By hand: min -3, max 0 (the -0.0, shown as 0), mean (-3 - 0 - 3 - 0.5) / 4 = -1.625, one zero in four;
        // channel sums -3 and -3.5, so channel 0 ranks first.
        float[] v = {-3, -3, -0.0f, -0.5f};
        ActivationStats s = ActivationStats.of(new LayerTensor("neg", new long[] {2, 1, 2}, v), 5);
        assertEquals(-3f, s.min());
        assertEquals(0f, s.max());
        assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(s.max()), "-0.0 is reported as +0.0");
        assertEquals(-1.625, s.mean(), 1e-12);
        assertEquals(0.25, s.zeroFraction(), 1e-12);
        assertEquals(List.of(0, 1), s.topChannels(), "top 5 of 2 channels is both, best first");
        assertEquals("neg", s.layer());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {2, 1, 2}, s.shape());
    }

    @Test
    void aSingleValueIsItsOwnMinimumAndMaximum() {
        ActivationStats s = ActivationStats.of(new LayerTensor("one", new long[] {1, 1}, new float[] {-2.5f}), 1);
        assertEquals(-2.5f, s.min());
        assertEquals(-2.5f, s.max());
        assertEquals(0.0, s.zeroFraction());
        assertEquals(List.of(0), s.topChannels());
    }

    @Test
    void positiveValuesRankChannelsByTheirMeanAndCutAtTop() {
        // shape (1, 4): four channels, values 1, 5, 5, 2 → order 1, 2 (tie broken by index), 3, 0; top 2.
        ActivationStats s = ActivationStats.of(new LayerTensor("p", new long[] {1, 4}, new float[] {1, 5, 5, 2}), 2);
        assertEquals(1f, s.min());
        assertEquals(5f, s.max());
        assertEquals(13.0 / 4, s.mean(), 1e-12);
        assertEquals(0.0, s.zeroFraction());
        assertEquals(List.of(1, 2), s.topChannels());
    }
}
