package dev.kerascope.viz;

import dev.kerascope.input.Pixels;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * An attribution map drawn over an image's grid: alone (palette from 0 to the map's maximum) and as an overlay that
 * blends the palette colour into the grey input in proportion to the map, so weak evidence leaves the image visible.
 */
public final class Heatmaps {
    private Heatmaps() {}

    /** Pixels per map cell so small inputs (28 x 28) are drawn near 224 pixels wide. */
    public static int cell(int rows, int cols) {
        return Math.max(1, Math.min(8, 224 / Math.max(rows, cols)));
    }

    public static BufferedImage heatmap(float[] heat, int rows, int cols, Palette palette) {
        int s = cell(rows, cols);
        double max = max(heat);
        BufferedImage img = new BufferedImage(cols * s, rows * s, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rows * s; y++) {
            for (int x = 0; x < cols * s; x++) {
                img.setRGB(x, y, palette.rgb(max > 0 ? heat[(y / s) * cols + x / s] / max : 0));
            }
        }
        return img;
    }

    public static BufferedImage overlay(Pixels input, float[] heat, Palette palette) {
        int rows = input.rows();
        int cols = input.cols();
        int s = cell(rows, cols);
        double max = max(heat);
        BufferedImage img = new BufferedImage(cols * s, rows * s, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < rows * s; y++) {
            for (int x = 0; x < cols * s; x++) {
                int p = (y / s) * cols + x / s;
                double grey = 0;
                for (int c = 0; c < input.channels(); c++) {
                    grey += input.values()[p * input.channels() + c];
                }
                grey /= input.channels();
                double t = max > 0 ? heat[p] / max : 0;
                int colour = palette.rgb(t);
                double a = 0.7 * t;
                int r = (int) Math.round((1 - a) * grey + a * ((colour >> 16) & 0xff));
                int g = (int) Math.round((1 - a) * grey + a * ((colour >> 8) & 0xff));
                int b = (int) Math.round((1 - a) * grey + a * (colour & 0xff));
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    private static double max(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }

    /** Images in a row with, under each, its map blended over it (maps at the images' size); 2 pixels between tiles. */
    public static BufferedImage strip(List<Pixels> images, List<float[]> maps, Palette palette) {
        Pixels first = images.get(0);
        int s = cell(first.rows(), first.cols());
        int w = first.cols() * s;
        int h = first.rows() * s;
        BufferedImage out = new BufferedImage(images.size() * (w + 2) - 2, 2 * h + 2, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(overlay(images.get(i), new float[first.rows() * first.cols()], palette), i * (w + 2), 0, null);
            g.drawImage(overlay(images.get(i), maps.get(i), palette), i * (w + 2), h + 2, null);
        }
        g.dispose();
        return out;
    }
}
