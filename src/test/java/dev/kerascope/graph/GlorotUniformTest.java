package dev.kerascope.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GlorotUniformTest {
    @Test
    void fansFollowKerasForConvAndDenseKernels() {
        assertArrayEquals(new long[] {3 * 3 * 32, 3 * 3 * 64}, GlorotUniform.fans(new long[] {3, 3, 32, 64}));
        assertArrayEquals(new long[] {128, 10}, GlorotUniform.fans(new long[] {128, 10}));
        assertEquals(Math.sqrt(6.0 / (288 + 576)), GlorotUniform.limit(new long[] {3, 3, 32, 64}), 1e-12);
    }

    @Test
    void samplesAreSymmetricInTheLimitWithUniformVariance() {
        long[] shape = {3, 3, 64, 128};
        double limit = GlorotUniform.limit(shape);
        float[] w = GlorotUniform.sample(shape, new SplittableRandom(7));
        double sum = 0;
        double sq = 0;
        int negative = 0;
        for (float v : w) {
            assertTrue(v >= -limit && v <= limit, "outside [-limit, limit]: " + v);
            sum += v;
            sq += v * v;
            negative += v < 0 ? 1 : 0;
        }
        double mean = sum / w.length;
        double variance = sq / w.length - mean * mean;
        // U(-L, L): mean 0, variance L^2 / 3 = 2 / (fan_in + fan_out); 73,728 samples keep both within 2%.
        assertEquals(0, mean, limit * 0.02);
        assertEquals(limit * limit / 3, variance, limit * limit / 3 * 0.02);
        assertEquals(0.5, (double) negative / w.length, 0.01, "half the weights must be negative");
    }

    @Test
    void theSameSeedGivesTheSameWeights() {
        long[] shape = {3, 3, 1, 8};
        assertArrayEquals(
                GlorotUniform.sample(shape, new SplittableRandom(1)),
                GlorotUniform.sample(shape, new SplittableRandom(1)));
    }
}
