package dev.kerascope.input;

/** An image as values 0..255, row-major with channels interleaved (HWC). */
public record Pixels(int rows, int cols, int channels, int[] values) {
    /**
     * Grey levels of one image (a data set's), as one-channel pixels.
     *
     * @param rows the height
     * @param cols the width
     * @param values grey levels 0..255, row-major
     * @return the pixels
     */
    public static Pixels grey(int rows, int cols, int[] values) {
        return new Pixels(rows, cols, 1, values);
    }

    /**
     * Bilinear resize with half-pixel centres, TensorFlow's {@code resize_bilinear(half_pixel_centers=True)} (what
     * {@code tf.image.resize} and Keras's {@code Resizing} do), rounded back to integers.
     *
     * @param toRows the new height
     * @param toCols the new width
     * @return the resized image, or this one when the size is the same
     */
    public Pixels resized(int toRows, int toCols) {
        if (toRows == rows && toCols == cols) {
            return this;
        }
        int[] out = new int[toRows * toCols * channels];
        double sy = (double) rows / toRows;
        double sx = (double) cols / toCols;
        for (int y = 0; y < toRows; y++) {
            double fy = Math.max(0, (y + 0.5) * sy - 0.5);
            int y0 = Math.min((int) fy, rows - 1);
            int y1 = Math.min(y0 + 1, rows - 1);
            double wy = fy - y0;
            for (int x = 0; x < toCols; x++) {
                double fx = Math.max(0, (x + 0.5) * sx - 0.5);
                int x0 = Math.min((int) fx, cols - 1);
                int x1 = Math.min(x0 + 1, cols - 1);
                double wx = fx - x0;
                for (int c = 0; c < channels; c++) {
                    double top = at(y0, x0, c) * (1 - wx) + at(y0, x1, c) * wx;
                    double bottom = at(y1, x0, c) * (1 - wx) + at(y1, x1, c) * wx;
                    out[(y * toCols + x) * channels + c] = (int) Math.round(top * (1 - wy) + bottom * wy);
                }
            }
        }
        return new Pixels(toRows, toCols, channels, out);
    }

    private int at(int y, int x, int c) {
        return values[(y * cols + x) * channels + c];
    }

    /**
     * The same image with {@code n} channels: grey repeated over them; RGB kept for 3, opaque alpha added for 4, greyed
     * for others.
     *
     * @param n the number of channels
     * @return the image with {@code n} channels
     */
    public Pixels withChannels(int n) {
        if (n == channels) {
            return this;
        }
        int[] grey = channels == 1 ? values : toGrey();
        int[] out = new int[rows * cols * n];
        for (int i = 0; i < rows * cols; i++) {
            for (int c = 0; c < n; c++) {
                out[i * n + c] = channels == 3 && n >= 3 ? (c < 3 ? values[i * 3 + c] : 255) : grey[i];
            }
        }
        return new Pixels(rows, cols, n, out);
    }

    private int[] toGrey() {
        int[] out = new int[rows * cols];
        for (int i = 0; i < out.length; i++) {
            out[i] = (values[i * 3] * 19595 + values[i * 3 + 1] * 38470 + values[i * 3 + 2] * 7471 + 0x8000) >> 16;
        }
        return out;
    }
}
