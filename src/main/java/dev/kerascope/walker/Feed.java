package dev.kerascope.walker;

import java.util.Arrays;

/**
 * The values fed to one input for a batch, batch first, C order: {@code floats}, or {@code ints}
 * for integer data that must keep every bit (token ids from an .npy). Exactly one is set.
 */
public record Feed(long[] shape, float[] floats, long[] ints) {
  public Feed {
    shape = shape.clone();
    if ((floats == null) == (ints == null)) {
      throw new IllegalArgumentException("a feed holds floats or ints");
    }
  }

  public static Feed floats(float[] values, long... shape) {
    return new Feed(shape, values, null);
  }

  public static Feed ints(long[] values, long... shape) {
    return new Feed(shape, null, values);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public int batch() {
    return shape.length == 0 ? 1 : (int) shape[0];
  }

  public long length() {
    return floats != null ? floats.length : ints.length;
  }

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
