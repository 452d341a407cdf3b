package dev.kerascope.walker;

/**
 * A fetched tensor as floats: shape (batch first, NHWC for maps) and values in C order. The shape is
 * copied in and out (it is small, and two names fetching one tensor must not share it); the values
 * are not, because they can be large.
 */
public record LayerTensor(String layer, long[] shape, float[] values) {
  public LayerTensor {
    shape = shape.clone();
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
