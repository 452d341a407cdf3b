package dev.kerascope.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * Every kernel of a Conv2D layer as a small image in a grid, as tutorials 000, 001, 003 and 004
 * draw them: weights are signed, so a diverging palette centred on zero with one scale shared by
 * all filters (or one per filter), enlarged with nearest-neighbour, and a colour bar. A kernel
 * with several input channels is shown as the mean over them, or one chosen input channel.
 */
public final class FilterGallery {
  public enum Scale { SHARED, PER_FILTER }

  private FilterGallery() {}

  /**
   * @param kernel HWIO values; {@code shape} = {kh, kw, in, out}
   * @param inputChannel -1 for the mean over input channels
   */
  public static Figure render(String layer, float[] kernel, long[] shape, int inputChannel, Scale scale, Palette palette, int cell) {
    int kh = (int) shape[0];
    int kw = (int) shape[1];
    int in = (int) shape[2];
    int out = (int) shape[3];
    if (inputChannel >= in) {
      throw new dev.kerascope.io.BadInputException("input channel " + inputChannel + " asked for, but " + layer + " has " + in
          + " input channels (0 to " + (in - 1) + ")");
    }
    float[][] tiles = new float[out][kh * kw];
    double maxAbs = 0;
    for (int o = 0; o < out; o++) {
      for (int i = 0; i < kh * kw; i++) {
        double v = 0;
        if (inputChannel >= 0) {
          v = kernel[(i * in + inputChannel) * out + o];
        } else {
          for (int c = 0; c < in; c++) {
            v += kernel[(i * in + c) * out + o];
          }
          v /= in;
        }
        tiles[o][i] = (float) v;
        maxAbs = Math.max(maxAbs, Math.abs(v));
      }
    }
    int cols = (int) Math.ceil(Math.sqrt(out));
    int rows = (out + cols - 1) / cols;
    int gap = 4;
    int tileW = kw * cell;
    int tileH = kh * cell;
    int gridW = cols * (tileW + gap) + gap;
    int gridH = rows * (tileH + gap) + gap;
    int width = Math.max(gridW + Canvas.BAR_WIDTH + 10, 360);
    int height = Canvas.TITLE_HEIGHT + Math.max(gridH, 120);
    BufferedImage img = Canvas.blank(width, height);
    Graphics2D g = Canvas.graphics(img);
    String what = inputChannel >= 0 ? "input channel " + inputChannel : in > 1 ? "mean over " + in + " input channels" : "";
    Canvas.title(g, layer + " filters, " + kh + "x" + kw + "x" + in + " → " + out + (what.isEmpty() ? "" : ", " + what), 6);
    int[] strongest = new int[out];
    for (int o = 0; o < out; o++) {
      double tileMax = 0;
      for (float v : tiles[o]) {
        tileMax = Math.max(tileMax, Math.abs(v));
      }
      double s = scale == Scale.SHARED ? maxAbs : tileMax;
      int x0 = gap + (o % cols) * (tileW + gap);
      int y0 = Canvas.TITLE_HEIGHT + gap + (o / cols) * (tileH + gap);
      for (int i = 0; i < kh; i++) {
        for (int j = 0; j < kw; j++) {
          double v = tiles[o][i * kw + j];
          g.setColor(new Color(palette.rgb(s == 0 ? 0.5 : 0.5 + v / (2 * s))));
          g.fillRect(x0 + j * cell, y0 + i * cell, cell, cell);
        }
      }
      strongest[o] = (int) Math.round(1000 * tileMax);
    }
    if (scale == Scale.SHARED) {
      Canvas.colourBar(g, palette, -maxAbs, maxAbs, gridW + 8, Canvas.TITLE_HEIGHT + gap, Math.max(60, gridH - 2 * gap));
    }
    g.dispose();
    int best = 0;
    for (int o = 1; o < out; o++) {
      best = strongest[o] > strongest[best] ? o : best;
    }
    String caption = String.format(Locale.ROOT, "Filters of %s: %d kernels of %dx%d%s", layer, out, kh, kw, what.isEmpty() ? "" : " (" + what + ")");
    String alt = String.format(Locale.ROOT, "Grid of %d small %dx%d images, one per filter of layer %s; weights from %.3f to %.3f, "
        + "%s scale, %s palette with zero at the centre colour; filter %d has the largest weights.", out, kh, kw, layer, -maxAbs, maxAbs,
        scale == Scale.SHARED ? "one shared" : "a per-filter", palette.name().toLowerCase(Locale.ROOT).replace('_', '-'), best);
    return new Figure(img, caption, alt);
  }
}
