package dev.kerascope.viz;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;

/**
 * A layer's feature maps as one indexed-colour image at native resolution (one pixel per
 * activation, 1-pixel white gutters), for batch export: a 256-entry palette and byte pixels encode
 * several times faster than enlarged RGB figures; the HTML enlarges them with {@code
 * image-rendering: pixelated}. Index 255 of the palette is replaced by white for the gutters, so
 * values use indices 0..254.
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

  public static IndexColorModel colourModel(Palette palette) {
    int[] table = palette.table();
    byte[] r = new byte[256];
    byte[] g = new byte[256];
    byte[] b = new byte[256];
    for (int i = 0; i < 255; i++) {
      int rgb = table[Math.round(i * 255f / 254f)];
      r[i] = (byte) (rgb >> 16);
      g[i] = (byte) (rgb >> 8);
      b[i] = (byte) rgb;
    }
    r[255] = g[255] = b[255] = (byte) 0xff;
    return new IndexColorModel(8, 256, r, g, b);
  }

  /** As {@link #indices}, as an image of the given colour model. */
  public static BufferedImage render(float[] values, int offset, int h, int w, int c, IndexColorModel model) {
    Indexed t = indices(values, offset, h, w, c);
    BufferedImage img = new BufferedImage(t.width(), t.height(), BufferedImage.TYPE_BYTE_INDEXED, model);
    WritableRaster raster = img.getRaster();
    raster.setDataElements(0, 0, t.width(), t.height(), t.pixels());
    return img;
  }

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
    java.util.Arrays.fill(pixels, (byte) 255);
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
