package dev.kerascope.walker;

/**
 * A fetched tensor as floats: shape (batch first, NHWC for maps) and values in C order. The shape is copied in and out
 * (it is small, and two names fetching one tensor must not share it); the values are not, because they can be large.
 */
public record LayerTensor(String layer, long[] shape, float[] values) {
    /**
     * A fetched tensor.
     *
     * @param layer what was fetched: a layer name, or a {@link Fetch#label()}
     * @param shape the shape, batch first (copied)
     * @param values the values, C order (not copied)
     */
    public LayerTensor {
        shape = shape.clone();
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
     * The number of values the shape holds.
     *
     * @return the product of the dimensions
     */
    public long size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }
}
