package dev.kerascope.viz;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Locale;

/** Shared drawing helpers for the grid figures: a white canvas, a title, a colour bar. */
final class Canvas {
  static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
  static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
  static final int TITLE_HEIGHT = 24;
  static final int BAR_WIDTH = 60;

  private Canvas() {}

  static BufferedImage blank(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  static Graphics2D graphics(BufferedImage img) {
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    return g;
  }

  static void title(Graphics2D g, String text, int x) {
    g.setColor(Color.BLACK);
    g.setFont(TITLE);
    g.drawString(text, x, 17);
  }

  /** A vertical colour bar from {@code lo} (bottom) to {@code hi} (top), labelled at both ends and at zero when inside. */
  static void colourBar(Graphics2D g, Palette p, double lo, double hi, int x, int y, int height) {
    for (int i = 0; i < height; i++) {
      g.setColor(new Color(p.rgb(1 - (double) i / Math.max(1, height - 1))));
      g.fillRect(x, y + i, 12, 1);
    }
    g.setColor(Color.DARK_GRAY);
    g.drawRect(x, y, 12, height - 1);
    g.setFont(LABEL);
    g.drawString(format(hi), x + 16, y + 10);
    g.drawString(format(lo), x + 16, y + height);
    if (lo < 0 && hi > 0) {
      int zero = y + (int) Math.round((hi / (hi - lo)) * (height - 1));
      g.drawString("0", x + 16, zero + 4);
    }
  }

  static String format(double v) {
    return Math.abs(v) >= 100 || (Math.abs(v) < 0.01 && v != 0) ? String.format(Locale.ROOT, "%.2e", v) : String.format(Locale.ROOT, "%.3f", v);
  }
}
