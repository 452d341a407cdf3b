package dev.kerascope.walker;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorInfo;

/**
 * One input of a signature as the model declares it: its key, the graph tensor fed, its dtype and
 * shape ({@code -1} for a free dimension; the batch is fixed when the first dimension is not -1,
 * as in TF1 Estimator exports that say 128).
 */
public record InputSpec(String key, String tensorName, DataType dtype, long[] shape) {
  public InputSpec {
    shape = shape.clone();
  }

  static InputSpec of(String key, TensorInfo info) {
    long[] dims = info.getTensorShape().getUnknownRank() ? null
        : info.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize() < 0 ? -1 : d.getSize()).toArray();
    return new InputSpec(key, info.getName(), info.getDtype(), dims == null ? new long[0] : dims);
  }

  @Override
  public long[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  /** The batch size the model insists on, or 0 when any batch is accepted. */
  public int fixedBatch() {
    return shape.length > 0 && shape[0] > 0 ? (int) Math.min(shape[0], Integer.MAX_VALUE) : 0;
  }

  /** Images this input takes, if it takes images: NHWC, NHW (one channel) or a flat square (784 = 28 x 28). */
  public Optional<ImageGeometry> image() {
    if (shape.length == 4 && shape[3] >= 1 && shape[3] <= 4) {
      return Optional.of(new ImageGeometry((int) shape[1], (int) shape[2], (int) shape[3], false));
    }
    if (shape.length == 3) {
      return Optional.of(new ImageGeometry((int) shape[1], (int) shape[2], 1, false));
    }
    if (shape.length == 2 && shape[1] > 1) {
      long side = Math.round(Math.sqrt(shape[1]));
      if (side * side == shape[1]) {
        return Optional.of(new ImageGeometry((int) side, (int) side, 1, true));
      }
    }
    return Optional.empty();
  }

  /** "'conv2d_input' float32 (-1, 28, 28, 1)". */
  public String describe() {
    return "'" + key + "' " + typeName(dtype) + " " + shapeText(shape);
  }

  /** NumPy's name for a TensorFlow dtype. */
  public static String typeName(DataType t) {
    return switch (t) {
      case DT_FLOAT -> "float32";
      case DT_DOUBLE -> "float64";
      case DT_HALF -> "float16";
      default -> t.name().startsWith("DT_") ? t.name().substring(3).toLowerCase(Locale.ROOT) : t.name();
    };
  }

  public static String shapeText(long[] shape) {
    return "(" + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ")) + ")";
  }

  /**
   * Rows, columns and channels of an image input; a side of -1 means the model takes any size, and
   * {@code flat} that the pixels are fed as one row per image.
   */
  public record ImageGeometry(int rows, int cols, int channels, boolean flat) {}
}
