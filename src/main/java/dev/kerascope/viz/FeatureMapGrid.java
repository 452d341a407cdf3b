package dev.kerascope.viz;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * One layer's output for one image as numbered tiles, one per channel (conv1 26×26×32 → 32 tiles), viridis by default:
 * on one scale shared by the layer, or each map on its own range as tutorials 000 and 001 draw them. A 1×1 output (a
 * pooled vector) is a bar strip. Tiles are about {@value #TILE} pixels a side whatever the map size.
 */
public final class FeatureMapGrid {
    /** One scale for the whole layer, or each map from its own minimum to its own maximum. */
    public enum Scale {
        LAYER,
        PER_MAP
    }

    /** The target side of a map tile in pixels (a whole number of pixels per activation). */
    static final int TILE = 96;

    private FeatureMapGrid() {}

    /**
     * @param values NHWC of one image (batch 1); {@code shape} = {1, h, w, c}
     * @param input the image fed, drawn beside the maps in the SVG (null for none)
     */
    public static SheetFigure render(
            String layer,
            String className,
            float[] values,
            long[] shape,
            BufferedImage input,
            Scale scale,
            Palette palette) {
        int h = (int) shape[1];
        int w = (int) shape[2];
        int c = (int) shape[3];
        float[][] tiles = new float[c][h * w];
        double[] lo = new double[c];
        double[] hi = new double[c];
        Arrays.fill(lo, Double.POSITIVE_INFINITY);
        Arrays.fill(hi, Double.NEGATIVE_INFINITY);
        double layerLo = Double.POSITIVE_INFINITY;
        double layerHi = Double.NEGATIVE_INFINITY;
        // Channels are ranked by their sum, the same order as their mean over the h x w positions: dividing each
        // value first rounded equal means apart, so the tie-break on the channel index did not always apply.
        double[] channelSum = new double[c];
        for (int i = 0; i < h * w * c; i++) {
            float v = values[i];
            int ch = i % c;
            tiles[ch][i / c] = v;
            lo[ch] = Math.min(lo[ch], v);
            hi[ch] = Math.max(hi[ch], v);
            layerLo = Math.min(layerLo, v);
            layerHi = Math.max(layerHi, v);
            channelSum[ch] += v;
        }
        boolean perMap = scale == Scale.PER_MAP;
        TileSheet sheet;
        if (h == 1 && w == 1) {
            // A bar's height is its value: one range for the strip, whatever the scale.
            float[] flat = new float[c];
            for (int ch = 0; ch < c; ch++) {
                flat[ch] = tiles[ch][0];
            }
            sheet = TileSheet.bars(flat, layerLo, layerHi, palette);
            perMap = false;
        } else {
            if (!perMap) {
                Arrays.fill(lo, layerLo);
                Arrays.fill(hi, layerHi);
            }
            int cell = Math.max(1, (int) Math.round((double) TILE / Math.max(h, w)));
            sheet = TileSheet.grid(tiles, h, w, cell, lo, hi, palette);
        }
        List<Integer> order = new ArrayList<>();
        for (int ch = 0; ch < c; ch++) {
            order.add(ch);
        }
        order.sort(Comparator.comparingDouble((Integer ch) -> -channelSum[ch]).thenComparingInt(ch -> ch));
        String dims = String.format(Locale.ROOT, "%dx%dx%d", h, w, c);
        String title = String.format(
                Locale.ROOT, "%s (%s) %s%s", layer, className, dims, perMap ? ", each map on its own scale" : "");
        String caption = String.format(Locale.ROOT, "Feature maps of %s (%s), %s", layer, className, dims);
        String how = sheet.layout() == TileSheet.Layout.BARS
                ? "Strip of " + c + " bars, one per channel of the 1x1 output"
                : String.format(Locale.ROOT, "Grid of %d numbered feature maps of %dx%d pixels", c, h, w);
        String alt = String.format(
                Locale.ROOT,
                "%s from layer %s (%s); values from %.3f to %.3f %s, %s palette; channels %s "
                        + "respond most on average.",
                how,
                layer,
                className,
                layerLo,
                layerHi,
                perMap ? "with each map on its own scale" : "on one shared scale",
                palette.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                order.subList(0, Math.min(3, c)));
        return new SheetFigure(sheet, title, caption, alt, palette, perMap, tiles, input);
    }

    /** The image fed as the model saw it: grey, or colour when it has three channels (stretched over one range). */
    public static BufferedImage inputImage(float[] input, long[] shape) {
        int h = (int) shape[1];
        int w = (int) shape[2];
        int c = shape.length > 3 ? (int) shape[3] : 1;
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (float v : input) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int at = (y * w + x) * c;
                int rgb = 0;
                for (int k = 0; k < 3; k++) {
                    rgb = (rgb << 8) | level(input[at + (c == 3 ? k : 0)], lo, hi);
                }
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private static int level(float v, double lo, double hi) {
        return hi == lo ? 0 : (int) Math.round(255 * (v - lo) / (hi - lo));
    }
}
