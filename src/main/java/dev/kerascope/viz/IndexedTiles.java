package dev.kerascope.viz;

import java.util.Arrays;

/**
 * A layer's feature maps as palette indices at native resolution (one pixel per activation, 1-pixel white gutters), for
 * batch export through {@link IndexedPng}: byte pixels and a 256-entry palette encode several times faster than
 * enlarged RGB figures; the HTML enlarges them with {@code image-rendering: pixelated}. Index 255 is white for the
 * gutters, so values use indices 0..254.
 */
public final class IndexedTiles {
    private IndexedTiles() {}

    /** The 256 RGB entries: the palette in 0..254, white at 255. */
    public static int[] table(Palette palette) {
        int[] table = palette.table();
        int[] out = new int[256];
        for (int i = 0; i < 255; i++) {
            out[i] = table[Math.round(i * 255f / 254f)];
        }
        out[255] = 0xffffff;
        return out;
    }

    /** Tiles of one image: width, height and palette indices. */
    public record Indexed(int width, int height, byte[] pixels) {}

    /** {@code values}: one image's NHWC output, {@code h x w x c}; scaled over the layer's own min..max. */
    public static Indexed indices(float[] values, int offset, int h, int w, int c) {
        int cols = (int) Math.ceil(Math.sqrt(c));
        int rows = (c + cols - 1) / cols;
        int width = cols * (w + 1) + 1;
        int height = rows * (h + 1) + 1;
        float lo = Float.POSITIVE_INFINITY;
        float hi = Float.NEGATIVE_INFINITY;
        int n = h * w * c;
        for (int i = 0; i < n; i++) {
            float v = values[offset + i];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float scale = hi > lo ? 254f / (hi - lo) : 0f;
        byte[] pixels = new byte[width * height];
        Arrays.fill(pixels, (byte) 255);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int src = offset + (y * w + x) * c;
                for (int ch = 0; ch < c; ch++) {
                    int px = 1 + (ch % cols) * (w + 1) + x;
                    int py = 1 + (ch / cols) * (h + 1) + y;
                    pixels[py * width + px] = (byte) (int) ((values[src + ch] - lo) * scale + 0.5f);
                }
            }
        }
        return new Indexed(width, height, pixels);
    }
}
