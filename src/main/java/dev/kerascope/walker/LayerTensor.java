package dev.kerascope.walker;

/** A fetched float tensor: shape (batch first, NHWC for maps) and values in C order. */
public record LayerTensor(String layer, long[] shape, float[] values) {
  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
