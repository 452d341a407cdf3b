package dev.kerascope.viz;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One layer's output for one image as a grid of channels (conv1 26×26×32 → 32 tiles), one scale
 * shared by the layer, viridis by default; the input can be drawn beside the maps (tutorial 000's
 * orig_and_conv1_grid). Each tile is drawn at {@code cell} pixels per activation.
 */
public final class FeatureMapGrid {
  private FeatureMapGrid() {}

  /** @param values NHWC of one image (batch 1); {@code shape} = {1, h, w, c} */
  public static Figure render(String layer, String className, float[] values, long[] shape, float[] input, long[] inputShape,
      Palette palette, int cell) {
    int h = (int) shape[1];
    int w = (int) shape[2];
    int c = (int) shape[3];
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double[] channelMean = new double[c];
    for (int i = 0; i < values.length; i++) {
      lo = Math.min(lo, values[i]);
      hi = Math.max(hi, values[i]);
      channelMean[i % c] += values[i] / (h * w);
    }
    int cols = (int) Math.ceil(Math.sqrt(c));
    int rows = (c + cols - 1) / cols;
    int gap = 3;
    int tileW = w * cell;
    int tileH = h * cell;
    int inputW = 0;
    int inCell = 0;
    if (input != null) {
      inCell = Math.max(1, (rows * (tileH + gap)) / (int) inputShape[1] / 2);
      inputW = (int) inputShape[2] * inCell + 12;
    }
    int gridW = cols * (tileW + gap) + gap;
    int gridH = rows * (tileH + gap) + gap;
    int width = Math.max(inputW + gridW + Canvas.BAR_WIDTH + 10, 360);
    int height = Canvas.TITLE_HEIGHT + Math.max(gridH, 100);
    BufferedImage img = Canvas.blank(width, height);
    Graphics2D g = Canvas.graphics(img);
    Canvas.title(g, String.format(Locale.ROOT, "%s (%s) %dx%dx%d", layer, className, h, w, c), 6);
    if (input != null) {
      drawInput(g, input, inputShape, inCell, gap, Canvas.TITLE_HEIGHT + gap);
    }
    double span = hi - lo;
    for (int ch = 0; ch < c; ch++) {
      int x0 = inputW + gap + (ch % cols) * (tileW + gap);
      int y0 = Canvas.TITLE_HEIGHT + gap + (ch / cols) * (tileH + gap);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double v = values[(y * w + x) * c + ch];
          g.setColor(new Color(palette.rgb(span == 0 ? 0 : (v - lo) / span)));
          g.fillRect(x0 + x * cell, y0 + y * cell, cell, cell);
        }
      }
    }
    Canvas.colourBar(g, palette, lo, hi, inputW + gridW + 8, Canvas.TITLE_HEIGHT + gap, Math.max(60, gridH - 2 * gap));
    g.dispose();
    List<Integer> order = new ArrayList<>();
    for (int ch = 0; ch < c; ch++) {
      order.add(ch);
    }
    order.sort(Comparator.comparingDouble((Integer ch) -> -channelMean[ch]).thenComparingInt(ch -> ch));
    String caption = String.format(Locale.ROOT, "Feature maps of %s (%s), %dx%dx%d", layer, className, h, w, c);
    String alt = String.format(Locale.ROOT, "Grid of %d feature maps of %dx%d pixels from layer %s (%s)%s; values from %.3f to %.3f "
        + "on one shared %s scale; channels %s respond most on average.", c, h, w, layer, className,
        input != null ? ", with the input image on the left" : "", lo, hi, palette.name().toLowerCase(Locale.ROOT).replace('_', '-'),
        order.subList(0, Math.min(3, c)));
    return new Figure(img, caption, alt);
  }

  private static int level(float v, double lo, double hi) {
    return hi == lo ? 0 : (int) Math.round(255 * (v - lo) / (hi - lo));
  }

  private static void drawInput(Graphics2D g, float[] input, long[] shape, int cell, int x0, int y0) {
    int h = (int) shape[1];
    int w = (int) shape[2];
    int c = shape.length > 3 ? (int) shape[3] : 1;
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (float v : input) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int at = (y * w + x) * c;
        if (c == 3) {
          // A colour input is drawn in colour, its channels stretched over one shared range.
          g.setColor(new Color(level(input[at], lo, hi), level(input[at + 1], lo, hi), level(input[at + 2], lo, hi)));
        } else {
          g.setColor(new Color(Palette.GRAY.rgb(hi == lo ? 0 : (input[at] - lo) / (hi - lo))));
        }
        g.fillRect(x0 + x * cell, y0 + y * cell, cell, cell);
      }
    }
  }
}
