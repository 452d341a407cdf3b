package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The figures' building blocks against values worked out by hand: palette anchors from the published maps, label
 * formats, tile layouts, stacking arithmetic and the alt texts.
 */
class FigurePartsTest {
    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    @Test
    void palettesRunFromTheirFirstAnchorToTheirLastAndClamp() {
        assertEquals(0x440154, Palette.VIRIDIS.rgb(0), "viridis starts dark purple");
        assertEquals(0xfde725, Palette.VIRIDIS.rgb(1), "and ends yellow");
        assertEquals(0x00204d, Palette.CIVIDIS.rgb(0));
        assertEquals(0xffea46, Palette.CIVIDIS.rgb(1));
        assertEquals(0x0571b0, Palette.BLUE_ORANGE.rgb(0));
        assertEquals(0xe66101, Palette.BLUE_ORANGE.rgb(1));
        assertEquals(0x808080, Palette.GRAY.rgb(0.5), "127.5 rounds to 128");
        assertEquals(0x000000, Palette.GRAY.rgb(-3), "below 0 clamps");
        assertEquals(0xffffff, Palette.GRAY.rgb(7), "above 1 clamps");
        assertEquals(0x808080, Palette.VIRIDIS.rgb(Double.NaN), "NaN is mid gray in every map");
        // Entries 85 and 170 of 255 fall exactly on viridis's 4th and 7th anchors (x = 3 and 6 of 9).
        assertEquals(0x31688e, Palette.VIRIDIS.rgb(85 / 255.0));
        assertEquals(0x35b779, Palette.VIRIDIS.rgb(170 / 255.0));
        int[] gray = Palette.GRAY.table();
        assertEquals(256, gray.length);
        for (int i = 0; i < 256; i++) {
            assertEquals(i * 0x010101, gray[i], "gray is linear: entry i is (i, i, i)");
        }
        gray[1] = 0;
        assertEquals(0x010101, Palette.GRAY.table()[1], "the table handed out is a copy");
        assertTrue(Palette.BLUE_ORANGE.diverging());
        assertTrue(!Palette.VIRIDIS.diverging() && !Palette.GRAY.diverging() && !Palette.CIVIDIS.diverging());
    }

    @Test
    void paletteNamesAreReadLooselyAndAnUnknownOneIsBadInput() {
        assertEquals(Palette.VIRIDIS, Palette.parse("Viridis"));
        assertEquals(Palette.CIVIDIS, Palette.parse("cividis"));
        assertEquals(Palette.GRAY, Palette.parse("grey"));
        assertEquals(Palette.GRAY, Palette.parse("GRAY"));
        assertEquals(Palette.BLUE_ORANGE, Palette.parse("blue-orange"));
        assertEquals(Palette.BLUE_ORANGE, Palette.parse("diverging"));
        BadInputException e = assertThrows(BadInputException.class, () -> Palette.parse("jet"));
        assertTrue(
                e.getMessage().contains("'jet'") && e.getMessage().contains("viridis, cividis, gray, blue-orange"),
                e.getMessage());
    }

    @Test
    void indexedTilesMapThePaletteOntoIndicesBelow255AndScaleEachImageItself() {
        int[] table = IndexedTiles.table(Palette.GRAY);
        assertEquals(0x000000, table[0]);
        assertEquals(0xffffff, table[254], "the last value index is the palette's end");
        assertEquals(0xffffff, table[255], "the gutter index is white");
        assertEquals(0x808080, table[127], "127·255/254 = 127.5 → entry 128");
        // Two images of 1x2 maps with 1 channel; the second (offset 2) holds -1 and 3.
        IndexedTiles.Indexed t = IndexedTiles.indices(new float[] {100, 200, -1, 3}, 2, 1, 2, 1);
        assertEquals(2 + 2, t.width(), "one column of 2-wide tiles plus gutters");
        assertEquals(1 + 2, t.height());
        assertArrayEquals(new byte[] {-1, -1, -1, -1, -1, 0, (byte) 254, -1, -1, -1, -1, -1}, t.pixels());
        // A constant map has nothing to scale: every value is index 0.
        assertEquals(0, IndexedTiles.indices(new float[] {5, 5}, 0, 1, 2, 1).pixels()[5]);
        // 3 channels: 2 columns, 2 rows; channel 2 starts the second row.
        IndexedTiles.Indexed three = IndexedTiles.indices(new float[] {0, 1, 2}, 0, 1, 1, 3);
        assertEquals(5, three.width());
        assertEquals(5, three.height());
        assertEquals(127, three.pixels()[1 * 5 + 3] & 0xff, "1 on 0..2 is 127");
        assertEquals(254, three.pixels()[3 * 5 + 1] & 0xff);
        assertEquals(255, three.pixels()[3 * 5 + 3] & 0xff, "the fourth cell is empty");
    }

    @Test
    void trainingCurveTextsNameTheMetricAndItsFirstAndLastValues() {
        assertEquals("Loss per epoch, training and validation", TrainingCurves.caption("loss"));
        assertEquals("Accuracy per epoch, training and validation", TrainingCurves.caption("accuracy"));
        assertEquals(
                "Line chart of loss over 3 epochs: training from 0.5000 to 0.1250.",
                TrainingCurves.alt("loss", List.of(0.5, 0.25, 0.125), null));
        assertEquals(
                "Line chart of loss over 1 epochs: training from 0.5000 to 0.5000.",
                TrainingCurves.alt("loss", List.of(0.5), List.of()));
        assertEquals(
                "Line chart of accuracy over 2 epochs: training from 0.5000 to 0.7500, validation from 0.4000 to "
                        + "0.6000.",
                TrainingCurves.alt("accuracy", List.of(0.5, 0.75), List.of(0.4, 0.6)));
        assertEquals(
                1,
                TrainingCurves.chart("loss", List.of(0.5, 0.25), null)
                        .getSeriesMap()
                        .size());
        assertEquals(
                List.of("loss", "val_loss"),
                List.copyOf(TrainingCurves.chart("loss", List.of(0.5, 0.25), List.of(0.6, 0.3))
                        .getSeriesMap()
                        .keySet()));
    }
}
