package dev.kerascope.viz;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * Tiles drawn pixel-exact — an integer number of pixels per value, nearest-neighbour, no text — separated by a gutter
 * colour that no palette takes. Titles, tile numbers and colour-bar ticks go around it in SVG or HTML, so they keep a
 * fixed legible size however the pixels are scaled. A grid holds one tile per map or filter; a bar strip holds one bar
 * per channel of a 1x1 map (its height and colour both the value).
 */
public final class TileSheet {
    /** A light pink no palette reaches: visible beside white (zero) weights and dark activations alike. */
    public static final int GUTTER_RGB = 0xFF80C0;
    /** Gutter width in pixels, between tiles and around them. */
    public static final int GUTTER = 2;
    /** Bar strips wrap after this many bars. */
    static final int BARS_PER_ROW = 64;

    static final int BAR_WIDTH = 8;
    static final int BAR_HEIGHT = 64;

    /** How the tiles are laid out. */
    public enum Layout {
        GRID,
        BARS
    }

    private final BufferedImage image;
    private final Layout layout;
    private final int count;
    private final int cols;
    private final int rows;
    private final int tileWidth;
    private final int tileHeight;
    private final int cell;
    private final double[] lo;
    private final double[] hi;

    /** Behind and between bars (a bar chart reads on white, its heights carry the values), and in empty grid slots. */
    public static final int BAR_BACKGROUND = 0xFFFFFF;

    private TileSheet(
            Layout layout, int count, int cols, int tileWidth, int tileHeight, int cell, double[] lo, double[] hi) {
        this.layout = layout;
        this.count = count;
        this.cols = cols;
        this.rows = (count + cols - 1) / cols;
        this.tileWidth = tileWidth;
        this.tileHeight = tileHeight;
        this.cell = cell;
        this.lo = lo;
        this.hi = hi;
        this.image = new BufferedImage(
                cols * (tileWidth + GUTTER) + GUTTER,
                rows * (tileHeight + GUTTER) + GUTTER,
                BufferedImage.TYPE_INT_RGB);
        int[] fill = new int[image.getWidth() * image.getHeight()];
        Arrays.fill(fill, BAR_BACKGROUND);
        image.setRGB(0, 0, image.getWidth(), image.getHeight(), fill, 0, image.getWidth());
        if (layout == Layout.GRID) {
            // a gutter frame around each tile; the empty slots after the last tile stay white
            int w = tileWidth + 2 * GUTTER;
            int h = tileHeight + 2 * GUTTER;
            int[] frame = new int[w * h];
            Arrays.fill(frame, GUTTER_RGB);
            for (int i = 0; i < count; i++) {
                image.setRGB(tileX(i) - GUTTER, tileY(i) - GUTTER, w, h, frame, 0, w);
            }
        }
    }

    /**
     * Columns that make a sheet of {@code count} tiles about as wide as it is tall: √count for square tiles, more for
     * tall ones (a 49×10 input's 25×5 maps: 18 columns, not 8, so 64 maps fill a square, not a strip 4.6 times taller
     * than wide), fewer for wide ones.
     */
    static int columns(int count, int tileWidth, int tileHeight) {
        int cols = (int) Math.ceil(Math.sqrt(count * (double) tileHeight / tileWidth));
        return Math.max(1, Math.min(count, cols));
    }

    /**
     * A grid of {@code tiles.length} tiles of {@code h x w} values (row-major), {@code cell} pixels per value; tile
     * {@code i} is coloured over {@code lo[i]..hi[i]} (the same range for every tile when one scale is shared).
     */
    public static TileSheet grid(float[][] tiles, int h, int w, int cell, double[] lo, double[] hi, Palette palette) {
        int cols = columns(tiles.length, w * cell + GUTTER, h * cell + GUTTER);
        TileSheet s = new TileSheet(Layout.GRID, tiles.length, cols, w * cell, h * cell, cell, lo, hi);
        for (int t = 0; t < tiles.length; t++) {
            int x0 = s.tileX(t);
            int y0 = s.tileY(t);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int rgb = palette.rgb(position(tiles[t][y * w + x], lo[t], hi[t], palette));
                    for (int dy = 0; dy < cell; dy++) {
                        for (int dx = 0; dx < cell; dx++) {
                            s.image.setRGB(x0 + x * cell + dx, y0 + y * cell + dy, rgb);
                        }
                    }
                }
            }
        }
        return s;
    }

    /**
     * One bar per value over {@code lo..hi}: the bar rises from the bottom of its tile and takes the value's colour.
     */
    public static TileSheet bars(float[] values, double lo, double hi, Palette palette) {
        double[] los = new double[values.length];
        double[] his = new double[values.length];
        Arrays.fill(los, lo);
        Arrays.fill(his, hi);
        TileSheet s = new TileSheet(
                Layout.BARS, values.length, Math.min(values.length, BARS_PER_ROW), BAR_WIDTH, BAR_HEIGHT, 1, los, his);
        for (int t = 0; t < values.length; t++) {
            double p = position(values[t], lo, hi, palette);
            int rgb = palette.rgb(p);
            int height = Math.max(1, (int) Math.round(p * BAR_HEIGHT));
            for (int y = BAR_HEIGHT - height; y < BAR_HEIGHT; y++) {
                for (int x = 0; x < BAR_WIDTH; x++) {
                    s.image.setRGB(s.tileX(t) + x, s.tileY(t) + y, rgb);
                }
            }
        }
        return s;
    }

    /** Where {@code v} falls on {@code lo..hi} (0..1); a flat range is the palette's bottom (centre when diverging). */
    static double position(double v, double lo, double hi, Palette palette) {
        return hi > lo ? (v - lo) / (hi - lo) : palette.diverging() ? 0.5 : 0;
    }

    public int tileX(int i) {
        return GUTTER + (i % cols) * (tileWidth + GUTTER);
    }

    public int tileY(int i) {
        return GUTTER + (i / cols) * (tileHeight + GUTTER);
    }

    public BufferedImage image() {
        return image;
    }

    public Layout layout() {
        return layout;
    }

    public int count() {
        return count;
    }

    public int cols() {
        return cols;
    }

    public int rows() {
        return rows;
    }

    public int tileWidth() {
        return tileWidth;
    }

    public int tileHeight() {
        return tileHeight;
    }

    /** Pixels per value along each side (1 for bars). */
    public int cell() {
        return cell;
    }

    public double lo(int i) {
        return lo[i];
    }

    public double hi(int i) {
        return hi[i];
    }
}
