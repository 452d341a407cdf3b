package dev.kerascope.arch;

/**
 * How a convolution or pooling window treats the border: Keras's {@code valid} and {@code same}, or explicit zero
 * padding as PyTorch writes it ({@code padding=1}), which TensorFlow calls EXPLICIT.
 */
public record Padding(Mode mode, int top, int bottom, int left, int right) {
    public enum Mode {
        VALID,
        SAME,
        EXPLICIT
    }

    public static final Padding VALID = new Padding(Mode.VALID, 0, 0, 0, 0);
    public static final Padding SAME = new Padding(Mode.SAME, 0, 0, 0, 0);

    public static Padding explicit(int rows, int cols) {
        return new Padding(Mode.EXPLICIT, rows, rows, cols, cols);
    }

    /** Output length along one axis, as TensorFlow computes it for Conv2D and pooling. */
    public int outputLength(int input, int window, int stride, boolean rowAxis) {
        return switch (mode) {
            case VALID -> floorDivPositive(input - window, stride);
            case SAME -> (input + stride - 1) / stride;
            case EXPLICIT -> floorDivPositive(input + (rowAxis ? top + bottom : left + right) - window, stride);
        };
    }

    private static int floorDivPositive(int span, int stride) {
        return span < 0 ? 0 : span / stride + 1;
    }

    /** Keras's config value: "valid", "same", or [rows, cols] for explicit padding. */
    public Object toConfigValue() {
        return switch (mode) {
            case VALID -> "valid";
            case SAME -> "same";
            case EXPLICIT -> new int[] {top, left};
        };
    }
}
