package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * The sheet's documented layout checked pixel by pixel: tiles in {@code ceil(sqrt(n))} columns, a 2-pixel gutter around
 * and between them, empty slots after the last tile white, and bars standing on the bottom of their tiles.
 */
class TileSheetLayoutTest {
    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    @Test
    void fiveTilesFillTwoRowsOfThreeAndTheSixthSlotIsWhite() {
        // Five 1 x 1 tiles at 3 pixels a value; values 0..4 on gray over 0..4: 0, 64, 128, 191, 255.
        float[][] tiles = {{0}, {1}, {2}, {3}, {4}};
        double[] lo = {0, 0, 0, 0, 0};
        double[] hi = {4, 4, 4, 4, 4};
        TileSheet s = TileSheet.grid(tiles, 1, 1, 3, lo, hi, Palette.GRAY);
        assertEquals(3, s.cols());
        assertEquals(2, s.rows());
        assertEquals(3, s.tileWidth());
        assertEquals(3, s.tileHeight());
        BufferedImage img = s.image();
        assertEquals(2 + 3 * (3 + 2), img.getWidth(), "gutter, then 3 tiles each followed by a gutter");
        assertEquals(2 + 2 * (3 + 2), img.getHeight());
        int[] greys = {0, 64, 128, 191, 255};
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int col = (x - 2) / 5;
                int row = (y - 2) / 5;
                boolean inTile = x >= 2 && y >= 2 && (x - 2) % 5 < 3 && (y - 2) % 5 < 3;
                int slot = row * 3 + col;
                // The sixth slot (tile at 12, 7) less the frames of tile 2 above it and tile 4 left of it.
                boolean emptySlot = x >= 12 && y >= 7;
                int expected =
                        emptySlot ? TileSheet.BAR_BACKGROUND : inTile ? greys[slot] * 0x010101 : TileSheet.GUTTER_RGB;
                assertEquals(expected, rgb(img, x, y), "pixel " + x + "," + y);
            }
        }
        for (int i = 0; i < 5; i++) {
            assertEquals(2 + (i % 3) * 5, s.tileX(i));
            assertEquals(2 + (i / 3) * 5, s.tileY(i));
        }
    }

    @Test
    void barsRiseFromTheBottomOfTheirTilesAndLeaveTheGutterBelowWhite() {
        // Values 0, 2, 4 over 0..4: heights 1 (the minimum is never invisible), 32 and 64 of 64 pixels.
        TileSheet s = TileSheet.bars(new float[] {0, 2, 4}, 0, 4, Palette.GRAY);
        assertEquals(3, s.rows() * s.cols());
        BufferedImage img = s.image();
        assertEquals(2 + 3 * (8 + 2), img.getWidth());
        assertEquals(2 + 64 + 2, img.getHeight());
        int[] heights = {1, 32, 64};
        int[] colours = {0x000000, 0x808080, 0xffffff};
        for (int t = 0; t < 3; t++) {
            int x0 = 2 + t * 10;
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = x0 - 2; x < x0 + 10; x++) {
                    boolean inBar = x >= x0 && x < x0 + 8 && y >= 2 + 64 - heights[t] && y < 2 + 64;
                    assertEquals(
                            inBar ? colours[t] : TileSheet.BAR_BACKGROUND,
                            rgb(img, x, y),
                            "bar " + t + " " + x + "," + y);
                }
            }
        }
        assertEquals(0, s.lo(2));
        assertEquals(4, s.hi(1));
    }

    @Test
    void tallMapsTakeMoreColumnsAndWideOnesFewerSoTheSheetIsAboutSquare() {
        assertEquals(8, TileSheet.columns(64, 98, 98), "square tiles: sqrt 64");
        assertEquals(6, TileSheet.columns(32, 50, 50), "ceil sqrt 32 = ceil 5.66");
        // a 49 x 10 input's 25 x 5 maps at 4 pixels a value, 22 x 102 with the gutter: ceil sqrt(64 * 102 / 22)
        // = ceil 17.2; 18 columns x 4 rows is 396 x 408 pixels, where 8 columns made a strip 176 x 816
        assertEquals(18, TileSheet.columns(64, 22, 102));
        assertEquals(4, TileSheet.columns(64, 102, 22), "wide maps: ceil sqrt(64 * 22 / 102) = ceil 3.7");
        assertEquals(3, TileSheet.columns(3, 10, 1000), "never more columns than tiles");
        assertEquals(1, TileSheet.columns(3, 1000, 10), "at least one column");
    }
}
