package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The tile images themselves, read back pixel by pixel: tiles are found as the regions the gutter colour separates (not
 * from the layout code), numbered in the SVG, of one size, and coloured on the scale asked for.
 */
class TileSheetTest {
    /**
     * Bounding boxes {x, y, w, h} of the 4-connected regions of pixels that are not the gutter colour, less the white
     * empty slots after the last tile (no tile here is white: viridis has no white, a zero weight is #f7f7f7).
     */
    static List<int[]> regions(BufferedImage img) {
        List<int[]> out = new ArrayList<>();
        for (int[] r : regions(img, TileSheet.GUTTER_RGB)) {
            if ((img.getRGB(r[0], r[1]) & 0xffffff) != TileSheet.BAR_BACKGROUND) {
                out.add(r);
            }
        }
        return out;
    }

    /** Bounding boxes of the regions of pixels that are not {@code background}. */
    static List<int[]> regions(BufferedImage img, int background) {
        int w = img.getWidth();
        int h = img.getHeight();
        boolean[] seen = new boolean[w * h];
        List<int[]> out = new ArrayList<>();
        for (int start = 0; start < w * h; start++) {
            if (seen[start] || (img.getRGB(start % w, start / w) & 0xffffff) == background) {
                continue;
            }
            int x0 = w;
            int y0 = h;
            int x1 = -1;
            int y1 = -1;
            ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(start));
            seen[start] = true;
            while (!todo.isEmpty()) {
                int p = todo.pop();
                int x = p % w;
                int y = p / w;
                x0 = Math.min(x0, x);
                y0 = Math.min(y0, y);
                x1 = Math.max(x1, x);
                y1 = Math.max(y1, y);
                int[][] next = {{x + 1, y}, {x - 1, y}, {x, y + 1}, {x, y - 1}};
                for (int[] n : next) {
                    int q = n[1] * w + n[0];
                    if (n[0] >= 0
                            && n[0] < w
                            && n[1] >= 0
                            && n[1] < h
                            && !seen[q]
                            && (img.getRGB(n[0], n[1]) & 0xffffff) != background) {
                        seen[q] = true;
                        todo.push(q);
                    }
                }
            }
            out.add(new int[] {x0, y0, x1 - x0 + 1, y1 - y0 + 1});
        }
        return out;
    }

    static float[] randomMaps(int h, int w, int c, long seed) {
        Random r = new Random(seed);
        float[] v = new float[h * w * c];
        for (int i = 0; i < v.length; i++) {
            // channels on very different ranges, as real layers have: channel k up to k+1
            v[i] = (float) (r.nextDouble() * ((i % c) + 1));
        }
        return v;
    }

    @Test
    void everyMapIsOneTileOfOneSizeAndEachIsNumberedInTheSvg() {
        int c = 13;
        SheetFigure f = FeatureMapGrid.render(
                "conv",
                "Conv2D",
                randomMaps(7, 5, c, 1),
                new long[] {1, 7, 5, c},
                null,
                FeatureMapGrid.Scale.LAYER,
                Palette.VIRIDIS);
        List<int[]> tiles = regions(f.sheet().image());
        assertEquals(c, tiles.size(), "one region per channel between gutters");
        Set<String> sizes = new HashSet<>();
        tiles.forEach(t -> sizes.add(t[2] + "x" + t[3]));
        assertEquals(1, sizes.size(), "identical tile sizes: " + sizes);
        int[] first = tiles.get(0);
        assertEquals(0, first[2] % 5, "a whole number of pixels per value");
        assertEquals(first[2] / 5 * 7, first[3], "square pixels per value");
        Matcher m = Pattern.compile("<text x=\"\\d+\" y=\"\\d+\">(\\d+)</text>").matcher(f.svg());
        List<Integer> numbers = new ArrayList<>();
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < c; i++) {
            expected.add(i);
        }
        assertEquals(expected, numbers, "every tile numbered once, in channel order");
    }

    @Test
    void filterTilesHaveOneSizeForEveryLayerOfTheSameKernel() {
        SheetFigure small = FilterGallery.render(
                "a",
                new float[3 * 3 * 1 * 4],
                new long[] {3, 3, 1, 4},
                -1,
                FilterGallery.Scale.SHARED,
                Palette.BLUE_ORANGE);
        SheetFigure deep = FilterGallery.render(
                "b",
                new float[3 * 3 * 32 * 32],
                new long[] {3, 3, 32, 32},
                -1,
                FilterGallery.Scale.SHARED,
                Palette.BLUE_ORANGE);
        assertEquals(
                small.sheet().tileWidth(),
                deep.sheet().tileWidth(),
                "conv1 and conv2 tiles alike (issue: 24 px vs 10)");
        assertEquals(4, regions(small.sheet().image()).size());
        assertEquals(32, regions(deep.sheet().image()).size());
    }

    @Test
    void noPaletteTakesTheGutterColourNorComesNearIt() {
        int g = TileSheet.GUTTER_RGB;
        for (Palette p : Palette.values()) {
            for (int i = 0; i <= 1000; i++) {
                int c = p.rgb(i / 1000.0);
                double d = Math.sqrt(Math.pow((c >> 16) - (g >> 16), 2)
                        + Math.pow(((c >> 8) & 255) - ((g >> 8) & 255), 2)
                        + Math.pow((c & 255) - (g & 255), 2));
                assertTrue(
                        d > 60, p + " at " + i / 1000.0 + " is #" + Integer.toHexString(c) + ", too near the gutter");
            }
        }
    }

    @Test
    void perMapScalingPutsEachMapsMaxAtTheTopColourAndItsMinAtTheBottom() {
        int h = 6;
        int w = 4;
        int c = 5;
        float[] v = randomMaps(h, w, c, 7);
        SheetFigure f = FeatureMapGrid.render(
                "conv", "Conv2D", v, new long[] {1, h, w, c}, null, FeatureMapGrid.Scale.PER_MAP, Palette.VIRIDIS);
        TileSheet s = f.sheet();
        for (int ch = 0; ch < c; ch++) {
            int max = 0;
            int min = 0;
            for (int p = 0; p < h * w; p++) {
                max = v[p * c + ch] > v[max * c + ch] ? p : max;
                min = v[p * c + ch] < v[min * c + ch] ? p : min;
            }
            assertEquals(
                    Palette.VIRIDIS.rgb(1), FiguresTest.colour(s, ch, max / w, max % w), "channel " + ch + "'s max");
            assertEquals(
                    Palette.VIRIDIS.rgb(0), FiguresTest.colour(s, ch, min / w, min % w), "channel " + ch + "'s min");
        }
        assertTrue(f.svg().contains("…"), "each tile's range is written under it");
        // On the layer scale, only the channel with the largest values reaches the top colour.
        TileSheet shared = FeatureMapGrid.render(
                        "conv", "Conv2D", v, new long[] {1, h, w, c}, null, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS)
                .sheet();
        int top = 0;
        for (int ch = 0; ch < c; ch++) {
            for (int p = 0; p < h * w; p++) {
                top += FiguresTest.colour(shared, ch, p / w, p % w) == Palette.VIRIDIS.rgb(1) ? 1 : 0;
            }
        }
        assertEquals(1, top);
    }

    @Test
    void aOneByOneOutputIsABarStripWithBarsAsHighAsTheirValues() {
        float[] v = {0, 1, 2, 3, 4, 0, 0, 0, 0, 0};
        SheetFigure f = FeatureMapGrid.render(
                "pool3",
                "MaxPooling2D",
                v,
                new long[] {1, 1, 1, 10},
                null,
                FeatureMapGrid.Scale.PER_MAP,
                Palette.VIRIDIS);
        TileSheet s = f.sheet();
        assertEquals(TileSheet.Layout.BARS, s.layout());
        assertEquals(10, s.count());
        List<int[]> bars = regions(s.image(), TileSheet.BAR_BACKGROUND);
        assertEquals(10, bars.size(), "one bar per channel");
        int[] zero = bars.stream().filter(r -> r[0] == s.tileX(0)).findFirst().orElseThrow();
        assertEquals(1, zero[3], "the minimum is a 1-pixel bar");
        int[] highest = bars.stream().max((a, b) -> Integer.compare(a[3], b[3])).orElseThrow();
        assertEquals(s.tileHeight(), highest[3], "the maximum fills its tile");
        assertEquals(s.tileX(4), highest[0], "channel 4 holds the maximum");
        assertEquals(Palette.VIRIDIS.rgb(1), FiguresTest.rgb(s.image(), highest[0], highest[1]));
    }
}
