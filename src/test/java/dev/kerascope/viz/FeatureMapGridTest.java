package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/**
 * Feature-map figures of hand-made NHWC outputs: the texts that name the layer, the scale and the channels that respond
 * most; each map on its own range (negative maps included); the input image's grey levels and colours.
 */
class FeatureMapGridTest {
    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    @Test
    void titlesAndAltTextsNameTheLayerItsShapeAndTheScale() {
        float[] v = {0, 4, 1, 4, 2, 4, 3, 4};
        long[] shape = {1, 2, 2, 2};
        SheetFigure layer = FeatureMapGrid.render(
                "conv9", "Conv2D", v, shape, null, FeatureMapGrid.Scale.LAYER, Palette.BLUE_ORANGE);
        assertEquals("conv9 (Conv2D) 2x2x2", layer.title());
        assertEquals("Feature maps of conv9 (Conv2D), 2x2x2", layer.caption());
        assertEquals(
                "Grid of 2 numbered feature maps of 2x2 pixels from layer conv9 (Conv2D); values from 0.000 to 4.000 "
                        + "on one shared scale, blue-orange palette; channels [1, 0] respond most on average.",
                layer.altText());
        SheetFigure perMap = FeatureMapGrid.render(
                "conv9", "Conv2D", v, shape, new BufferedImage(2, 2, 1), FeatureMapGrid.Scale.PER_MAP, Palette.VIRIDIS);
        assertEquals("conv9 (Conv2D) 2x2x2, each map on its own scale", perMap.title());
        assertTrue(
                perMap.altText()
                        .contains("(Conv2D); values from 0.000 to 4.000 "
                                + "with each map on its own scale, viridis palette"),
                perMap.altText());
        // The input is drawn in the SVG only: the PNG's alt text (its tEXt Description) must not promise it.
        assertFalse(perMap.altText().contains("input"), perMap.altText());
        assertTrue(
                perMap.svg().contains("respond most on average. The input image is drawn on the left.</desc>"),
                "the SVG, which draws it, says so");
        SheetFigure bars = FeatureMapGrid.render(
                "pool",
                "MaxPooling2D",
                new float[] {3, 1, 2, 5},
                new long[] {1, 1, 1, 4},
                null,
                FeatureMapGrid.Scale.PER_MAP,
                Palette.GRAY);
        assertEquals("pool (MaxPooling2D) 1x1x4", bars.title(), "a strip has one scale whatever was asked");
        assertTrue(
                bars.altText().startsWith("Strip of 4 bars, one per channel of the 1x1 output from layer pool"),
                bars.altText());
        assertTrue(bars.altText().contains("channels [3, 0, 2] respond most"), bars.altText());
    }

    @Test
    void channelsAreRankedByTheirMeanOverEveryPosition() {
        // 1 x 2 maps, 3 channels: means 1, 3, 2 (channel 2's one large value beats channel 0's two middling ones).
        float[] v = {1, 0, 0, 1, 6, 4};
        SheetFigure f = FeatureMapGrid.render(
                "c", "Conv2D", v, new long[] {1, 1, 2, 3}, null, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS);
        assertTrue(f.altText().contains("channels [1, 2, 0] respond most"), f.altText());
    }

    @Test
    void channelsWithEqualMeansKeepTheirOrder() {
        // 1 x 3 maps, 2 channels: 3, 0, 0 and 1, 2, 0 both average 1 (a third of each value, rounded in float, would
        // not add up to the same).
        float[] v = {3, 1, 0, 2, 0, 0};
        SheetFigure f = FeatureMapGrid.render(
                "c", "Conv2D", v, new long[] {1, 1, 3, 2}, null, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS);
        assertTrue(f.altText().contains("channels [0, 1] respond most"), f.altText());
    }

    @Test
    void eachMapOnItsOwnScaleReachesBothEndsEvenWhenItIsAllNegativeOrAllPositive() {
        // 1 x 2 maps: channel 0 is -3, -1; channel 1 is 2, 6.
        float[] v = {-3, 2, -1, 6};
        SheetFigure f = FeatureMapGrid.render(
                "c", "Conv2D", v, new long[] {1, 1, 2, 2}, null, FeatureMapGrid.Scale.PER_MAP, Palette.GRAY);
        TileSheet s = f.sheet();
        assertEquals(0x000000, FiguresTest.colour(s, 0, 0, 0), "-3 is channel 0's minimum");
        assertEquals(0xffffff, FiguresTest.colour(s, 0, 0, 1), "-1 is channel 0's maximum");
        assertEquals(0x000000, FiguresTest.colour(s, 1, 0, 0), "2 is channel 1's minimum");
        assertEquals(0xffffff, FiguresTest.colour(s, 1, 0, 1));
        assertEquals(-3, s.lo(0));
        assertEquals(-1, s.hi(0));
        assertEquals(2, s.lo(1));
        assertEquals(6, s.hi(1));
    }

    @Test
    void aFlatMapIsThePalettesBottomOrTheCentreOfADivergingOne() {
        float[] v = {2, 2, 2, 2};
        long[] shape = {1, 2, 2, 1};
        TileSheet viridis = FeatureMapGrid.render(
                        "c", "C", v, shape, null, FeatureMapGrid.Scale.PER_MAP, Palette.VIRIDIS)
                .sheet();
        assertEquals(0x440154, FiguresTest.colour(viridis, 0, 1, 1), "viridis's first anchor");
        TileSheet diverging = FeatureMapGrid.render(
                        "c", "C", v, shape, null, FeatureMapGrid.Scale.LAYER, Palette.BLUE_ORANGE)
                .sheet();
        assertEquals(Palette.BLUE_ORANGE.rgb(0.5), FiguresTest.colour(diverging, 0, 0, 0));
    }

    @Test
    void aGreyInputIsStretchedOverItsOwnRangeRowByRow() {
        // A 2 x 2 grey input without a channel axis: -1 → 0, 0 → 127.5 → 128, 1 → 255, 0.5 → 191.25 → 191.
        BufferedImage img = FeatureMapGrid.inputImage(new float[] {-1, 0, 1, 0.5f}, new long[] {1, 2, 2});
        assertEquals(2, img.getWidth());
        assertEquals(2, img.getHeight());
        assertEquals(0x000000, rgb(img, 0, 0));
        assertEquals(128 * 0x010101, rgb(img, 1, 0));
        assertEquals(255 * 0x010101, rgb(img, 0, 1));
        assertEquals(191 * 0x010101, rgb(img, 1, 1));
        BufferedImage flat = FeatureMapGrid.inputImage(new float[] {3, 3}, new long[] {1, 1, 2, 1});
        assertEquals(0, rgb(flat, 1, 0), "a flat input is black");
    }

    @Test
    void aColourInputKeepsItsChannelsOnEveryRow() {
        // 2 rows x 1 column x RGB: red over green.
        BufferedImage img = FeatureMapGrid.inputImage(new float[] {1, 0, 0, 0, 1, 0}, new long[] {1, 2, 1, 3});
        assertEquals(0xff0000, rgb(img, 0, 0));
        assertEquals(0x00ff00, rgb(img, 0, 1));
    }
}
