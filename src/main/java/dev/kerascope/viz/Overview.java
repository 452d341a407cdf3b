package dev.kerascope.viz;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Several figures stacked top to bottom at one width (Figure 2 of tutorial 002: every conv and pool
 * layer for one input), each scaled down if wider; its alt text joins theirs.
 */
public final class Overview {
  static final int WIDTH = 900;

  private Overview() {}

  public static Figure stack(List<Figure> figures, String caption) {
    int height = 0;
    for (Figure f : figures) {
      height += scaledHeight(f.image()) + 8;
    }
    BufferedImage img = Canvas.blank(WIDTH, height);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
    int y = 0;
    for (Figure f : figures) {
      int h = scaledHeight(f.image());
      int w = Math.min(WIDTH, f.image().getWidth());
      g.drawImage(f.image(), 0, y, w, h, null);
      y += h + 8;
    }
    g.dispose();
    String alt = figures.size() + " figures stacked top to bottom. " + figures.stream().map(Figure::altText).collect(Collectors.joining(" "));
    return new Figure(img, caption, alt);
  }

  private static int scaledHeight(BufferedImage img) {
    return img.getWidth() <= WIDTH ? img.getHeight() : (int) Math.round(img.getHeight() * (double) WIDTH / img.getWidth());
  }
}
