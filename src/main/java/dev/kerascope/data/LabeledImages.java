package dev.kerascope.data;

import java.util.Arrays;

/**
 * Grey-scale images with one class label each, as the IDX and npz files store them: pixels are unsigned bytes,
 * row-major, image after image.
 */
public record LabeledImages(byte[] pixels, byte[] labels, int count, int rows, int cols) {
    public LabeledImages {
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(
                    "pixels: expected " + ((long) count * rows * cols) + " bytes, got " + pixels.length);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException("labels: expected " + count + ", got " + labels.length);
        }
    }

    public int imageSize() {
        return rows * cols;
    }

    public int label(int index) {
        return labels[index] & 0xff;
    }

    /** The first {@code n} images (all of them when n is larger), sharing nothing with this set. */
    public LabeledImages head(int n) {
        int m = Math.min(n, count);
        byte[] p = Arrays.copyOf(pixels, m * imageSize());
        byte[] l = Arrays.copyOf(labels, m);
        return new LabeledImages(p, l, m, rows, cols);
    }
}
