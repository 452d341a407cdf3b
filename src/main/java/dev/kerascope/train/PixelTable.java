package dev.kerascope.train;

import dev.kerascope.arch.TrainingDefaults;
import dev.kerascope.data.LabeledImages;

/**
 * The training loop's pixel lookup: uint8 pixels into the model's float input, {@code (pixel * scale - mean) / std},
 * through a 256-entry table so a batch costs one lookup per pixel. What a model is fed for inference, and why, is
 * {@code input.Preprocessing}; this table only makes the same formula cheap per batch while training.
 */
public final class PixelTable {
    private final float[] table = new float[256];
    private final double scale;
    private final double mean;
    private final double std;

    public PixelTable(double scale, double mean, double std) {
        this.scale = scale;
        this.mean = mean;
        this.std = std;
        for (int i = 0; i < 256; i++) {
            table[i] = (float) ((float) (i * scale) - mean) / (float) std;
        }
    }

    public static PixelTable of(TrainingDefaults t) {
        return new PixelTable(t.scale(), t.mean(), t.std());
    }

    public float apply(int pixel) {
        return table[pixel & 0xff];
    }

    /** Copies images {@code indices[from..from+n)} of {@code set} into {@code images}/{@code labels}. */
    public void gather(LabeledImages set, int[] indices, int from, int n, float[] images, int[] labels) {
        int size = set.imageSize();
        byte[] pixels = set.pixels();
        for (int b = 0; b < n; b++) {
            int idx = indices[from + b];
            int src = idx * size;
            int dst = b * size;
            for (int p = 0; p < size; p++) {
                images[dst + p] = table[pixels[src + p] & 0xff];
            }
            labels[b] = set.label(idx);
        }
    }

    public double scale() {
        return scale;
    }

    public double mean() {
        return mean;
    }

    public double std() {
        return std;
    }
}
