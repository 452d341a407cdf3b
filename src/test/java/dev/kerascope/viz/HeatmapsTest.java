package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.input.Pixels;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Attribution maps against colours worked out by hand: cells of {@code min(8, 224 / longest side)} pixels, the map
 * scaled by its maximum (0 when the map has none above 0), the overlay blending {@code 0.7 t} of the palette colour
 * into the input's grey.
 */
class HeatmapsTest {
    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    @Test
    void cellsAreAsLargeAsFitIn224PixelsBetweenOneAndEight() {
        assertEquals(8, Heatmaps.cell(28, 28), "224 / 28 = 8 exactly");
        assertEquals(8, Heatmaps.cell(2, 3), "small maps stop at 8 pixels a cell");
        assertEquals(4, Heatmaps.cell(20, 56), "the longer side decides: 224 / 56");
        assertEquals(4, Heatmaps.cell(56, 20));
        assertEquals(7, Heatmaps.cell(32, 32), "224 / 32 = 7");
        assertEquals(1, Heatmaps.cell(224, 224));
        assertEquals(1, Heatmaps.cell(300, 1), "a side over 224 still gets one pixel");
    }

    @Test
    void aHeatmapScalesEachCellByTheMapsMaximum() {
        // 2 x 2 on the gray palette: 0 → black, 1 of 2 → 128 (127.5 rounds up), 2 → white, -1 clamps to black.
        BufferedImage img = Heatmaps.heatmap(new float[] {0, 1, 2, -1}, 2, 2, Palette.GRAY);
        assertEquals(16, img.getWidth(), "8 pixels per cell");
        assertEquals(16, img.getHeight());
        int[][] expected = {{0x000000, 0x808080}, {0xffffff, 0x000000}};
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                assertEquals(expected[y / 8][x / 8], rgb(img, x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void aHeatmapOfAWideMapKeepsRowsAndColumnsApart() {
        // 1 row x 3 columns: cell 8, so 24 x 8 pixels; values 0, 3, 6 on gray → 0, 128, 255.
        BufferedImage img = Heatmaps.heatmap(new float[] {0, 3, 6}, 1, 3, Palette.GRAY);
        assertEquals(24, img.getWidth());
        assertEquals(8, img.getHeight());
        assertEquals(0x000000, rgb(img, 7, 7));
        assertEquals(0x808080, rgb(img, 8, 0));
        assertEquals(0x808080, rgb(img, 15, 7));
        assertEquals(0xffffff, rgb(img, 16, 3));
        assertEquals(0xffffff, rgb(img, 23, 7));
    }

    @Test
    void aMapWithNothingAboveZeroIsDrawnAtThePalettesBottom() {
        BufferedImage zero = Heatmaps.heatmap(new float[] {0, 0, 0, 0}, 2, 2, Palette.VIRIDIS);
        BufferedImage negative = Heatmaps.heatmap(new float[] {-1, -2, 0, -3}, 2, 2, Palette.VIRIDIS);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 16; x++) {
                assertEquals(0x440154, rgb(zero, x, y), "viridis's first anchor, not NaN's grey");
                assertEquals(0x440154, rgb(negative, x, y));
            }
        }
    }

    @Test
    void anOverlayBlendsSeventyPercentOfThePaletteAtTheMaximumIntoTheGrey() {
        // 2 x 2 RGB: (30, 60, 90) grey 60 at the top left, then greys 10, 20 and 30. Heat 1 of max 1 there → viridis's
        // end #fde725 = (253, 231, 37), a = 0.7: 0.3 * 60 + 0.7 * (253, 231, 37) = (195.1, 179.7, 43.9).
        int[] rgb = {30, 60, 90, 10, 10, 10, 20, 20, 20, 0, 30, 60};
        BufferedImage img = Heatmaps.overlay(new Pixels(2, 2, 3, rgb), new float[] {1, 0, 0, 0}, Palette.VIRIDIS);
        assertEquals(16, img.getWidth());
        assertEquals(16, img.getHeight());
        assertEquals((195 << 16) | (180 << 8) | 44, rgb(img, 0, 0));
        assertEquals((195 << 16) | (180 << 8) | 44, rgb(img, 7, 7));
        assertEquals(10 * 0x010101, rgb(img, 8, 0), "no heat leaves the grey untouched");
        assertEquals(20 * 0x010101, rgb(img, 7, 8), "second row");
        assertEquals(30 * 0x010101, rgb(img, 15, 15));
    }

    @Test
    void anOverlayOfHalfTheMaximumBlendsThirtyFivePercent() {
        // Grey input 60 and 201; heat 1 and 2 on gray: t = 0.5 → 128, a = 0.35: 0.65 * 60 + 0.35 * 128 = 83.8 → 84;
        // t = 1 → 255, a = 0.7: 0.3 * 201 + 0.7 * 255 = 238.8 → 239.
        Pixels grey = Pixels.grey(2, 1, new int[] {60, 201});
        BufferedImage img = Heatmaps.overlay(grey, new float[] {1, 2}, Palette.GRAY);
        assertEquals(8, img.getWidth());
        assertEquals(16, img.getHeight());
        assertEquals(84 * 0x010101, rgb(img, 4, 4));
        assertEquals(239 * 0x010101, rgb(img, 4, 12));
    }

    @Test
    void anOverlayOfAnEmptyMapIsTheGreyImage() {
        Pixels grey = Pixels.grey(1, 2, new int[] {10, 250});
        BufferedImage img = Heatmaps.overlay(grey, new float[] {0, 0}, Palette.VIRIDIS);
        assertEquals(10 * 0x010101, rgb(img, 0, 0));
        assertEquals(250 * 0x010101, rgb(img, 15, 7));
    }

    @Test
    void aStripPutsEachImageAboveItsOverlayWithTwoWhitePixelsBetween() {
        // Two 1 x 2 grey images (40 and 101 twice), cell 8: tiles 16 x 8, strip 2 * (16 + 2) - 2 = 34 wide, 8 + 2 + 8
        // high.
        List<Pixels> images = List.of(Pixels.grey(1, 2, new int[] {40, 40}), Pixels.grey(1, 2, new int[] {101, 101}));
        List<float[]> maps = List.of(new float[] {0, 0}, new float[] {5, 5});
        BufferedImage strip = Heatmaps.strip(images, maps, Palette.GRAY);
        assertEquals(34, strip.getWidth());
        assertEquals(18, strip.getHeight());
        assertEquals(40 * 0x010101, rgb(strip, 0, 0), "first image, plain");
        assertEquals(40 * 0x010101, rgb(strip, 15, 7));
        assertEquals(101 * 0x010101, rgb(strip, 18, 0), "second image starts after 16 + 2 pixels");
        assertEquals(101 * 0x010101, rgb(strip, 33, 7));
        assertEquals(40 * 0x010101, rgb(strip, 0, 10), "an empty map leaves the first image plain");
        // Second map at its maximum on gray: 0.3 * 101 + 0.7 * 255 = 208.8 → 209.
        assertEquals(209 * 0x010101, rgb(strip, 18, 10));
        assertEquals(209 * 0x010101, rgb(strip, 33, 17));
        for (int i = 0; i < 18; i++) {
            assertEquals(0xffffff, rgb(strip, 16, i), "white column between images");
            assertEquals(0xffffff, rgb(strip, 17, i));
        }
        for (int i = 0; i < 34; i++) {
            assertEquals(0xffffff, rgb(strip, i, 8), "white row between images and overlays");
            assertEquals(0xffffff, rgb(strip, i, 9));
        }
    }
}
