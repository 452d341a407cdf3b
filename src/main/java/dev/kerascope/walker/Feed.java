package dev.kerascope.walker;

import java.util.Arrays;

/**
 * The values fed to one input for a batch, batch first, C order: {@code floats}, or {@code ints} for integer data that
 * must keep every bit (token ids from an .npy). Exactly one is set.
 */
public record Feed(long[] shape, float[] floats, long[] ints) {
    /**
     * A feed of floats or of integers.
     *
     * @param shape the fed tensor's shape, batch first (copied)
     * @param floats the values as floats, or null
     * @param ints the values as integers, or null
     * @throws IllegalArgumentException unless exactly one of {@code floats} and {@code ints} is given
     */
    public Feed {
        shape = shape.clone();
        if ((floats == null) == (ints == null)) {
            throw new IllegalArgumentException("a feed holds floats or ints");
        }
    }

    /**
     * Float values, fed as the input's dtype.
     *
     * @param values the values, C order
     * @param shape the shape, batch first
     * @return the feed
     */
    public static Feed floats(float[] values, long... shape) {
        return new Feed(shape, values, null);
    }

    /**
     * Integer values, fed as the input's integer dtype without passing through float.
     *
     * @param values the values, C order
     * @param shape the shape, batch first
     * @return the feed
     */
    public static Feed ints(long[] values, long... shape) {
        return new Feed(shape, null, values);
    }

    /**
     * The shape, batch first.
     *
     * @return a copy of the shape
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The number of rows fed.
     *
     * @return the first dimension, 1 for a scalar
     */
    public int batch() {
        return shape.length == 0 ? 1 : (int) shape[0];
    }

    /**
     * The number of values held.
     *
     * @return the length of the float or integer array
     */
    public long length() {
        return floats != null ? floats.length : ints.length;
    }

    /**
     * The number of values a shape holds.
     *
     * @param shape a shape without free dimensions
     * @return the product of the dimensions
     * @throws ArithmeticException when the product overflows a long
     */
    public static long count(long[] shape) {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Rows {@code from..from+rows} of the batch, zero-padded to {@code size} rows (a fixed-batch model's chunk). */
    Feed chunk(int from, int rows, int size) {
        long per = count(shape) / Math.max(1, shape[0]);
        long[] s = shape.clone();
        s[0] = size;
        int start = Math.toIntExact(from * per);
        int end = Math.toIntExact((from + rows) * per);
        int total = Math.toIntExact(size * per);
        if (floats != null) {
            float[] v = Arrays.copyOf(Arrays.copyOfRange(floats, start, end), total);
            return new Feed(s, v, null);
        }
        long[] v = Arrays.copyOf(Arrays.copyOfRange(ints, start, end), total);
        return new Feed(s, null, v);
    }
}
