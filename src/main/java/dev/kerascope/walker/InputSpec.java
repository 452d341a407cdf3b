package dev.kerascope.walker;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorInfo;

/**
 * One input of a signature as the model declares it: its key, the graph tensor fed, its dtype and shape ({@code -1} for
 * a free dimension; the batch is fixed when the first dimension is not -1, as in TF1 Estimator exports that say 128).
 */
public record InputSpec(String key, String tensorName, DataType dtype, long[] shape) {
    /**
     * An input as declared.
     *
     * @param key the input's key in the signature
     * @param tensorName the graph tensor fed, such as {@code serving_default_x:0}
     * @param dtype TensorFlow's dtype
     * @param shape the declared shape, -1 for free dimensions (copied)
     */
    public InputSpec {
        shape = shape.clone();
    }

    static InputSpec of(String key, TensorInfo info) {
        long[] dims = info.getTensorShape().getUnknownRank()
                ? null
                : info.getTensorShape().getDimList().stream()
                        .mapToLong(d -> d.getSize() < 0 ? -1 : d.getSize())
                        .toArray();
        return new InputSpec(key, info.getName(), info.getDtype(), dims == null ? new long[0] : dims);
    }

    /**
     * The declared shape.
     *
     * @return a copy of the shape, -1 for free dimensions
     */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The number of dimensions.
     *
     * @return the rank
     */
    public int rank() {
        return shape.length;
    }

    /**
     * The batch size the model insists on.
     *
     * @return the fixed batch, or 0 when any batch is accepted
     */
    public int fixedBatch() {
        return shape.length > 0 && shape[0] > 0 ? (int) Math.min(shape[0], Integer.MAX_VALUE) : 0;
    }

    /**
     * Images this input takes, if it takes images: NHWC, NHW (one channel) or a flat square (784 = 28 x 28).
     *
     * @return the image geometry, or empty for inputs that are not images
     */
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

    /**
     * The input for messages.
     *
     * @return key, dtype and shape, such as {@code 'conv2d_input' float32 (-1, 28, 28, 1)}
     */
    public String describe() {
        return "'" + key + "' " + typeName(dtype) + " " + shapeText(shape);
    }

    /**
     * NumPy's name for a TensorFlow dtype.
     *
     * @param t the dtype
     * @return {@code float32}, {@code int64}, ...
     */
    public static String typeName(DataType t) {
        return switch (t) {
            case DT_FLOAT -> "float32";
            case DT_DOUBLE -> "float64";
            case DT_HALF -> "float16";
            default -> t.name().startsWith("DT_") ? t.name().substring(3).toLowerCase(Locale.ROOT) : t.name();
        };
    }

    /**
     * A shape as Python prints a tuple.
     *
     * @param shape the shape
     * @return such as {@code (-1, 28, 28, 1)}
     */
    public static String shapeText(long[] shape) {
        return "(" + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Rows, columns and channels of an image input.
     *
     * @param rows the image height, -1 when the model takes any
     * @param cols the image width, -1 when the model takes any
     * @param channels 1 (grey) to 4
     * @param flat whether the pixels are fed as one row per image
     */
    public record ImageGeometry(int rows, int cols, int channels, boolean flat) {}
}
