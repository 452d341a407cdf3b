package dev.kerascope.viz;

import static dev.kerascope.viz.ParsedSvg.box;
import static dev.kerascope.viz.ParsedSvg.num;
import static dev.kerascope.viz.SheetFigureSvgTest.CHAR;
import static dev.kerascope.viz.SheetFigureSvgTest.FONT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The SVG of a bar strip (bars sharing their gutters, every 8th bar and the last numbered under it), of a figure with
 * its input image beside the tiles (a whole-number enlargement), and the colour bar's height (the rows of tiles less 8
 * pixels, from 96 to 240), all read back with the JDK's XML parser.
 */
class SheetFigureBarsAndInputTest {
    static SheetFigure bars() {
        float[] v = new float[20];
        java.util.Arrays.fill(v, 1);
        v[0] = -12345;
        v[1] = 0;
        v[2] = 5;
        return FeatureMapGrid.render(
                "pool", "MaxPooling2D", v, new long[] {1, 1, 1, 20}, null, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS);
    }

    @Test
    void barsShareTheirGuttersAndEveryEighthAndTheLastAreNumberedUnderThem() throws Exception {
        SheetFigure f = bars();
        ParsedSvg svg = new ParsedSvg(f.svg());
        List<Element> views = svg.views();
        assertEquals(20, views.size());
        int[] first = box(views.get(0));
        for (int i = 0; i < 20; i++) {
            int[] v = box(views.get(i));
            assertEquals(first[0] + i * (first[2] - TileSheet.GUTTER), v[0], "bar " + i + " shares a gutter");
            assertEquals(first[1], v[1], "one row of bars");
        }
        List<String> numbered = new ArrayList<>();
        for (Element n : svg.tileNumbers()) {
            numbered.add(n.getTextContent());
            int i = Integer.parseInt(n.getTextContent());
            int[] v = box(views.get(i));
            assertEquals(v[0], num(n, "x"));
            assertTrue(num(n, "y") - FONT >= v[1] + v[3], "bar " + i + "'s number under it");
            assertTrue(num(n, "y") + 3 <= num(svg.root, "height"), "and inside the figure");
        }
        assertEquals(List.of("0", "8", "16", "19"), numbered);
        int[] bar = box(svg.colourBar());
        SheetFigureSvgTest.assertTick(svg, bar, "5", bar[1]);
        SheetFigureSvgTest.assertTick(svg, bar, "-1.23e+04", bar[1] + bar[3]);
        int zeroAt = bar[1] + (int) Math.round(5.0 / (5 + 12345) * bar[3]);
        SheetFigureSvgTest.assertTick(svg, bar, "0", zeroAt);
        int width = num(svg.root, "width");
        assertTrue(bar[0] + 20 + CHAR * "-1.23e+04".length() <= width, "the longest tick label fits: " + width);
        assertTrue(bar[0] > box(views.get(19))[0] + box(views.get(19))[2], "the bar right of the last bar");
    }

    /** Advance widths in DejaVu Sans (units of 1/2048 em), the SVG's first font, for the characters of the ticks. */
    static double dejaVuWidth(String text, int size) {
        String chars = "0123456789.e+-";
        int[] units = {1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 1303, 651, 1260, 1716, 739};
        double w = 0;
        for (char ch : text.toCharArray()) {
            w += units[chars.indexOf(ch)];
        }
        return w / 2048 * size;
    }

    @Test
    void tickLabelsKeepTheTenPixelMarginOnTheRightInGridsAndStripsAlike() throws Exception {
        SheetFigure grid = FeatureMapGrid.render(
                "d",
                "Conv2D",
                new float[] {-12345, 5},
                new long[] {1, 1, 2, 1},
                null,
                FeatureMapGrid.Scale.LAYER,
                Palette.VIRIDIS);
        for (SheetFigure f : List.of(grid, bars())) {
            ParsedSvg svg = new ParsedSvg(f.svg());
            Element label = svg.texts("-1.23e+04").get(0);
            double end = num(label, "x") + dejaVuWidth("-1.23e+04", FONT);
            int width = num(svg.root, "width");
            assertTrue(end + 10 <= width, f.title() + ": the label ends at " + end + " of " + width);
        }
    }

    @Test
    void barsWrapAfter64WithEachRowsNumbersAboveTheNextRow() throws Exception {
        float[] v = new float[130];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        SheetFigure f = FeatureMapGrid.render(
                "p", "Pool", v, new long[] {1, 1, 1, 130}, null, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS);
        ParsedSvg svg = new ParsedSvg(f.svg());
        List<Element> views = svg.views();
        int[] first = box(views.get(0));
        for (int row = 1; row < 3; row++) {
            int[] start = box(views.get(64 * row));
            String previousRowFirst = Integer.toString(64 * (row - 1));
            assertEquals(first[0], start[0], "row " + row + " starts under bar 0");
            Element above = svg.tileNumbers().stream()
                    .filter(n -> n.getTextContent().equals(previousRowFirst))
                    .findFirst()
                    .orElseThrow();
            assertTrue(num(above, "y") + 3 <= start[1], "row " + (row - 1) + "'s numbers clear row " + row);
            assertTrue(start[1] - num(above, "y") < FONT, "with no wasted space");
        }
        int[] last = box(views.get(129));
        assertTrue(last[1] + last[3] + FONT + 10 <= num(svg.root, "height"), "the last row and its numbers fit");
    }

    @Test
    void theColourBarIsAsTallAsTheRowsLessEightBetween96And240() throws Exception {
        // One row of bars is shorter than 96 + 8, two rows of 3 x 2 maps are 232 + 8, three rows more than 248.
        assertEquals(96, box(new ParsedSvg(bars().svg()).colourBar())[3]);
        // channels, columns, rows: 3 x 2 maps drawn 64 x 96 (66 x 98 with the gutter) take ceil sqrt(c * 98 / 66)
        // columns: 1.72 → 2, 2.72 → 3, 3.66 → 4
        int[][] layouts = {{2, 2, 1}, {5, 3, 2}, {9, 4, 3}};
        for (int[] layout : layouts) {
            int c = layout[0];
            int rows = layout[2];
            ParsedSvg svg = new ParsedSvg(SheetFigureSvgTest.constantChannels(c).svg());
            List<Element> views = svg.views();
            // A row of maps: its number (a 16-pixel line), the framed tile, and 4 pixels before the next.
            int rowHeight = 16 + box(views.get(0))[3] + 4;
            if (rows > 1) {
                int pitch = box(views.get(layout[1]))[1] - box(views.get(0))[1];
                assertEquals(rowHeight, pitch, c + " channels' row pitch");
            }
            int expected = Math.max(96, Math.min(240, rows * rowHeight - 8));
            int[] bar = box(svg.colourBar());
            assertEquals(expected, bar[3], c + " channels");
            int height = num(svg.root, "height");
            int[] last = box(views.get(c - 1));
            assertTrue(last[1] + last[3] + 10 <= height, "a 10-pixel margin under the last row: " + height);
            assertTrue(bar[1] + bar[3] + 10 <= height, "and under the bar");
        }
    }

    @Test
    void theInputStandsLeftOfTheTilesAtTheLargestWholeScaleUpTo140Pixels() throws Exception {
        BufferedImage input = new BufferedImage(4, 3, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                input.setRGB(x, y, (x * 60) << 16 | (y * 100) << 8 | 7);
            }
        }
        float[] v = new float[3 * 2 * 5];
        SheetFigure f = FeatureMapGrid.render(
                "conv", "Conv2D", v, new long[] {1, 3, 2, 5}, input, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS);
        assertTrue(f.svg().contains("The input image is drawn on the left."), "the SVG draws it and says so");
        ParsedSvg svg = new ParsedSvg(f.svg());
        Element image = svg.all("image").stream()
                .filter(e -> e.hasAttribute("x"))
                .findFirst()
                .orElseThrow();
        int[] at = box(image);
        assertEquals(0, at[2] % 4, "a whole number of pixels per input pixel");
        int scale = at[2] / 4;
        assertEquals(3 * scale, at[3], "square pixels");
        // Two rows of tiles are taller than 140 pixels, so 140 bounds the input: 46 * 3 = 138.
        assertTrue(at[3] <= 140 && at[3] + 3 > 140, "the largest scale up to 140 pixels high: " + scale);
        assertTrue(at[0] >= 10, "a margin on the left");
        List<Element> views = svg.views();
        assertEquals(box(views.get(0))[1], at[1], "the input's top level with the first row of tiles");
        assertTrue(box(views.get(0))[0] >= at[0] + at[2] + 5, "tiles start right of the input, with a gap");
        Element label = svg.texts("input").get(0);
        assertEquals(at[0], num(label, "x"));
        assertTrue(num(label, "y") <= at[1] && num(label, "y") > at[1] - FONT, "'input' just above it");
        BufferedImage shown = ParsedSvg.png(image);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(input.getRGB(x, y), shown.getRGB(x, y), "input pixel " + x + "," + y);
            }
        }
        int[] bar = box(svg.colourBar());
        int right = box(views.get(2))[0] + box(views.get(2))[2];
        assertTrue(bar[0] > right, "the bar right of the tiles");
        assertTrue(bar[0] + 20 + CHAR <= num(svg.root, "width"), "and inside the figure");
        assertEquals(null, f.withoutInput().input());
        assertTrue(new ParsedSvg(f.withoutInput().svg()).all("image").stream().noneMatch(e -> e.hasAttribute("x")));
    }

    @Test
    void aSmallInputBesideOneShortRowIsEnlargedToTheRowsHeight() throws Exception {
        // One row of 2 maps (16 + 100 + 4 = 120 pixels): a 2-pixel-high input at scale 60.
        BufferedImage input = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        SheetFigure f = FeatureMapGrid.render(
                "conv",
                "Conv2D",
                new float[3 * 2 * 2],
                new long[] {1, 3, 2, 2},
                input,
                FeatureMapGrid.Scale.LAYER,
                Palette.VIRIDIS);
        ParsedSvg svg = new ParsedSvg(f.svg());
        int rowHeight = 16 + box(svg.views().get(0))[3] + 4;
        int[] at = box(svg.all("image").stream()
                .filter(e -> e.hasAttribute("x"))
                .findFirst()
                .orElseThrow());
        assertEquals(2 * (rowHeight / 2), at[3], "the largest whole scale within the row");
    }

    @Test
    void nestedIdsArePrefixedSoSeveralFiguresCanShareADocument() throws Exception {
        ParsedSvg svg = new ParsedSvg(bars().svg("f7"));
        assertEquals("f7-sheet", svg.all("image").get(0).getAttribute("id"));
        for (Element v : svg.views()) {
            assertEquals(
                    "#f7-sheet", ((Element) v.getElementsByTagNameNS("*", "use").item(0)).getAttribute("href"));
        }
        assertEquals("f7-bar", svg.all("linearGradient").get(0).getAttribute("id"));
        assertEquals("url(#f7-bar)", svg.colourBar().getAttribute("fill"));
    }
}
