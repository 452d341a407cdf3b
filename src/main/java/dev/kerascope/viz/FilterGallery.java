package dev.kerascope.viz;

import dev.kerascope.io.BadInputException;
import java.util.Locale;

/**
 * Every kernel of a Conv2D layer as a small image in a grid, as tutorials 000, 001, 003 and 004 draw them: weights are
 * signed, so a diverging palette centred on zero with one scale shared by all filters (or one per filter), enlarged
 * with nearest-neighbour, numbered, and a colour bar. A kernel with several input channels is shown as the mean over
 * them, or one chosen input channel.
 */
public final class FilterGallery {
    /** One scale for all filters, or each filter on its own (its largest |weight| at the ends of the palette). */
    public enum Scale {
        SHARED,
        PER_FILTER
    }

    /** The side of a filter tile in pixels (rounded down to a whole number of pixels per weight). */
    static final int TILE = 48;

    private FilterGallery() {}

    /**
     * @param kernel HWIO values; {@code shape} = {kh, kw, in, out}
     * @param inputChannel -1 for the mean over input channels
     */
    public static SheetFigure render(
            String layer, float[] kernel, long[] shape, int inputChannel, Scale scale, Palette palette) {
        int kh = (int) shape[0];
        int kw = (int) shape[1];
        int in = (int) shape[2];
        int out = (int) shape[3];
        if (inputChannel >= in) {
            throw new BadInputException("input channel " + inputChannel + " asked for, but " + layer + " has " + in
                    + (in == 1 ? " input channel (0)" : " input channels (0 to " + (in - 1) + ")"));
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
        double[] lo = new double[out];
        double[] hi = new double[out];
        int[] strongest = new int[out];
        for (int o = 0; o < out; o++) {
            double tileMax = 0;
            for (float v : tiles[o]) {
                tileMax = Math.max(tileMax, Math.abs(v));
            }
            double s = scale == Scale.SHARED ? maxAbs : tileMax;
            lo[o] = -s;
            hi[o] = s;
            strongest[o] = (int) Math.round(1000 * tileMax);
        }
        // One tile size for every filter figure: a 3x3 kernel at 16 pixels per weight, a 5x5 at 9.
        int cell = Math.max(1, TILE / Math.max(kh, kw));
        TileSheet sheet = TileSheet.grid(tiles, kh, kw, cell, lo, hi, palette);
        String what = inputChannel >= 0
                ? "input channel " + inputChannel
                : in > 1 ? "mean over " + in + " input channels" : "";
        String title =
                layer + " filters, " + kh + "x" + kw + "x" + in + " → " + out + (what.isEmpty() ? "" : ", " + what);
        int best = 0;
        for (int o = 1; o < out; o++) {
            best = strongest[o] > strongest[best] ? o : best;
        }
        String caption = String.format(
                Locale.ROOT,
                "Filters of %s: %d kernels of %dx%d%s",
                layer,
                out,
                kh,
                kw,
                what.isEmpty() ? "" : " (" + what + ")");
        String alt = String.format(
                Locale.ROOT,
                "Grid of %d small %dx%d images, one per filter of layer %s; weights from %.3f to %.3f, "
                        + "%s scale, %s palette with zero at the centre colour; filter %d has the largest weights.",
                out,
                kh,
                kw,
                layer,
                -maxAbs,
                maxAbs,
                scale == Scale.SHARED ? "one shared" : "a per-filter",
                palette.name().toLowerCase(Locale.ROOT).replace('_', '-'),
                best);
        return new SheetFigure(sheet, title, caption, alt, palette, scale == Scale.PER_FILTER, tiles, null);
    }
}
