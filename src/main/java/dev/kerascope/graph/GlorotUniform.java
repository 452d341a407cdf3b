package dev.kerascope.graph;

import java.util.SplittableRandom;

/**
 * Keras's {@code glorot_uniform}: uniform in [-limit, limit] with limit = sqrt(6 / (fan_in + fan_out)), where for a
 * (kh, kw, in, out) kernel fan_in = kh*kw*in and fan_out = kh*kw*out. Written here, in Java, because
 * tensorflow-framework 1.0.0's Glorot draws from [0, limit) and counts the input channels twice (see DESIGN.md), and a
 * network initialised with it does not learn. Drawing in Java from a seeded generator also makes the initial weights
 * reproducible.
 */
public final class GlorotUniform {
    private GlorotUniform() {}

    public static double limit(long[] kernelShape) {
        long[] fans = fans(kernelShape);
        return Math.sqrt(6.0 / (fans[0] + fans[1]));
    }

    /** {fan_in, fan_out} as Keras's {@code compute_fans}: the last two axes are in and out. */
    public static long[] fans(long[] shape) {
        if (shape.length == 1) {
            return new long[] {shape[0], shape[0]};
        }
        if (shape.length == 2) {
            return new long[] {shape[0], shape[1]};
        }
        long receptive = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            receptive *= shape[i];
        }
        return new long[] {shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive};
    }

    public static float[] sample(long[] kernelShape, SplittableRandom random) {
        double limit = limit(kernelShape);
        long n = 1;
        for (long d : kernelShape) {
            n *= d;
        }
        float[] out = new float[Math.toIntExact(n)];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return out;
    }
}
