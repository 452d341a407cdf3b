package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The text a page puts around a figure's PNG: numbers to three significant digits (scientific from 10^4 and under
 * 10^-3), colour-bar ticks, which tiles are numbered, and the layout map, against values worked out by hand.
 */
class SheetFigureTextTest {
    @Test
    void numbersKeepThreeSignificantDigitsAndTurnScientificOutsideAThousandthToTenThousand() {
        assertEquals("0", SheetFigure.compact(0));
        assertEquals("0", SheetFigure.compact(-0.0));
        assertEquals("123", SheetFigure.compact(123.456));
        assertEquals("-0.5", SheetFigure.compact(-0.5));
        assertEquals("1.5", SheetFigure.compact(1.5));
        assertEquals("9.88", SheetFigure.compact(9.876));
        assertEquals("9990", SheetFigure.compact(9990));
        assertEquals("1.00e+04", SheetFigure.compact(10000), "10^4 is the first scientific value");
        assertEquals("-1.00e+04", SheetFigure.compact(-10000));
        assertEquals("1.23e+04", SheetFigure.compact(12345));
        assertEquals("0.001", SheetFigure.compact(0.001), "10^-3 is still plain");
        assertEquals("-0.001", SheetFigure.compact(-0.001));
        assertEquals("9.99e-04", SheetFigure.compact(0.000999));
        assertEquals("-9.99e-04", SheetFigure.compact(-0.000999));
    }

    static SheetFigure grid(float[] values, FeatureMapGrid.Scale scale, Palette palette) {
        return FeatureMapGrid.render("l", "Conv2D", values, new long[] {1, 1, values.length, 1}, null, scale, palette);
    }

    static List<String> ticks(SheetFigure f) {
        List<String> out = new ArrayList<>();
        for (String[] t : f.ticks()) {
            out.add(t[0] + "=" + t[1]);
        }
        return out;
    }

    @Test
    void sharedTicksNameTheEndsAndZeroWhereItFallsStrictlyInside() {
        assertEquals(
                List.of("1=3", "0.25=0", "0=-1"),
                ticks(grid(new float[] {-1, 3}, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS)),
                "0 is a quarter of the way from -1 to 3");
        assertEquals(
                List.of("1=4", "0=0"),
                ticks(grid(new float[] {0, 4}, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS)),
                "a range starting at 0 has no separate zero tick");
        assertEquals(
                List.of("1=0", "0=-2"),
                ticks(grid(new float[] {-2, 0}, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS)),
                "nor one ending at 0");
        assertEquals(
                List.of("1=8", "0=2"),
                ticks(grid(new float[] {2, 8}, FeatureMapGrid.Scale.LAYER, Palette.BLUE_ORANGE)));
    }

    @Test
    void perTileTicksNameMaxAndMinOrTheSymmetricEndsOfADivergingPalette() {
        assertEquals(
                List.of("1=max", "0=min"),
                ticks(grid(new float[] {-1, 3}, FeatureMapGrid.Scale.PER_MAP, Palette.VIRIDIS)));
        assertEquals(
                List.of("1=max", "0.5=0", "0=−max"),
                ticks(grid(new float[] {-1, 3}, FeatureMapGrid.Scale.PER_MAP, Palette.BLUE_ORANGE)));
    }

    @Test
    void everyGridTileIsNumberedButOnlyEveryEighthBarAndTheLast() {
        SheetFigure g = grid(new float[] {1, 2}, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS);
        SheetFigure tiles = FeatureMapGrid.render(
                "l", "Conv2D", new float[18], new long[] {1, 1, 2, 9}, null, FeatureMapGrid.Scale.LAYER, Palette.GRAY);
        for (int i = 0; i < 9; i++) {
            assertTrue(tiles.numbered(i), "grid tile " + i);
        }
        assertTrue(g.numbered(0));
        SheetFigure bars = FeatureMapGrid.render(
                "p", "Pool", new float[18], new long[] {1, 1, 1, 18}, null, FeatureMapGrid.Scale.LAYER, Palette.GRAY);
        for (int i = 0; i < 18; i++) {
            assertEquals(i == 0 || i == 8 || i == 16 || i == 17, bars.numbered(i), "bar " + i);
        }
    }

    @Test
    void theLayoutMapDescribesThePngForThePage() {
        // 5 channels of 1 x 2 maps on one scale 0..4: cell round(96 / 2) = 48, tiles 96 x 48 (98 x 50 with the
        // gutter), ceil sqrt(5 * 50 / 98) = ceil 1.6 = 2 columns.
        float[] v = new float[10];
        for (int i = 0; i < 10; i++) {
            v[i] = i % 5;
        }
        SheetFigure f = FeatureMapGrid.render(
                "conv", "Conv2D", v, new long[] {1, 1, 2, 5}, null, FeatureMapGrid.Scale.LAYER, Palette.GRAY);
        Map<String, Object> m = f.layout();
        assertEquals(f.title(), m.get("title"));
        assertEquals(f.caption(), m.get("caption"));
        assertEquals(f.altText(), m.get("alt"));
        assertEquals("grid", m.get("kind"));
        assertEquals(2, m.get("cols"));
        assertEquals(5, m.get("count"));
        assertEquals(96, m.get("tileWidth"));
        assertEquals(48, m.get("tileHeight"));
        assertEquals(48, m.get("cell"));
        assertEquals(2, m.get("gutter"));
        // 2 tiles of 96 and 3 gutters of 2 across; 3 rows of 48 and 4 gutters down.
        assertEquals(2 * 96 + 3 * 2, m.get("width"));
        assertEquals(3 * 48 + 4 * 2, m.get("height"));
        assertEquals(f.sheet().image().getWidth(), m.get("width"));
        assertEquals(false, m.get("perTile"));
        assertEquals(List.of("0", "0", "0", "0", "0"), m.get("lo"));
        assertEquals(List.of("4", "4", "4", "4", "4"), m.get("hi"));
        @SuppressWarnings("unchecked")
        List<String[]> ticks = (List<String[]>) m.get("ticks");
        assertEquals("4", ticks.get(0)[1]);
        assertEquals(2, ticks.size());
        List<String> stops = new ArrayList<>();
        for (int k : new int[] {0, 26, 51, 77, 102, 128, 153, 179, 204, 230, 255}) {
            stops.add(String.format("#%06x", k * 0x010101));
        }
        assertEquals(stops, m.get("stops"), "gray at tenths: round(25.5 k), half up");
        Map<String, Object> perMap = grid(new float[] {-1, 3, 5}, FeatureMapGrid.Scale.PER_MAP, Palette.GRAY)
                .layout();
        assertEquals(true, perMap.get("perTile"));
        Map<String, Object> bars = FeatureMapGrid.render(
                        "p",
                        "Pool",
                        new float[] {1, 2},
                        new long[] {1, 1, 1, 2},
                        null,
                        FeatureMapGrid.Scale.PER_MAP,
                        Palette.GRAY)
                .layout();
        assertEquals("bars", bars.get("kind"));
        assertEquals(false, bars.get("perTile"), "a bar strip has one scale whatever was asked");
        assertEquals(List.of("1", "1"), bars.get("lo"));
        assertEquals(List.of("2", "2"), bars.get("hi"));
    }

    @Test
    void theFigureIsTheSheetWithCaptionAndAltTextAndLosingTheInputKeepsTheRest() {
        java.awt.image.BufferedImage input = new java.awt.image.BufferedImage(2, 2, 1);
        SheetFigure f = FeatureMapGrid.render(
                "l",
                "Conv2D",
                new float[] {1, 2},
                new long[] {1, 1, 2, 1},
                input,
                FeatureMapGrid.Scale.PER_MAP,
                Palette.CIVIDIS);
        Figure png = f.figure();
        assertSame(f.sheet().image(), png.image());
        assertEquals(f.caption(), png.caption());
        assertEquals(f.altText(), png.altText());
        SheetFigure without = f.withoutInput();
        assertEquals(null, without.input());
        assertSame(f.sheet(), without.sheet());
        assertSame(f.tiles(), without.tiles());
        assertEquals(f.title(), without.title());
        assertEquals(f.caption(), without.caption());
        assertEquals(f.altText(), without.altText());
        assertEquals(f.palette(), without.palette());
        assertTrue(without.perTile());
        assertFalse(f.svg().equals(without.svg()));
    }
}
