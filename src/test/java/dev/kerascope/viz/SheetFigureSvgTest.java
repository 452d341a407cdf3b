package dev.kerascope.viz;

import static dev.kerascope.viz.ParsedSvg.box;
import static dev.kerascope.viz.ParsedSvg.num;
import static dev.kerascope.viz.ParsedSvg.viewBox;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * A grid figure's SVG parsed with the JDK's XML parser: each tile view crops exactly one framed tile out of the
 * embedded sheet (checked on the decoded PNG), tiles sit in rows and columns without overlapping, numbers sit just
 * above their tiles, the colour bar stands to the right with its ticks where the values fall, and everything fits.
 */
class SheetFigureSvgTest {
    /** Text is 12 px; a character of it is taken as at least 7 px wide (DejaVu Sans digits are 7.6 px). */
    static final int FONT = 12;

    static final double CHAR = 7;

    /** {@code c} channels of 3 x 2 maps, channel k constant at k: on the gray palette over 0..c-1. */
    static SheetFigure constantChannels(int c) {
        float[] v = new float[3 * 2 * c];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % c;
        }
        return FeatureMapGrid.render(
                "conv", "Conv2D", v, new long[] {1, 3, 2, c}, null, FeatureMapGrid.Scale.LAYER, Palette.GRAY);
    }

    @Test
    void eachTileViewCropsItsOwnFramedTileOutOfTheEmbeddedSheet() throws Exception {
        // 9 channels 0..8 on gray: channel k is grey round(255 k / 8) (k / 8 is exact in binary).
        SheetFigure f = constantChannels(9);
        ParsedSvg svg = new ParsedSvg(f.svg());
        BufferedImage sheet = ParsedSvg.png(svg.byId("f-sheet"));
        BufferedImage drawn = f.sheet().image();
        assertEquals(drawn.getWidth(), sheet.getWidth());
        assertEquals(drawn.getHeight(), sheet.getHeight());
        for (int y = 0; y < drawn.getHeight(); y++) {
            for (int x = 0; x < drawn.getWidth(); x++) {
                assertEquals(drawn.getRGB(x, y), sheet.getRGB(x, y), "embedded sheet pixel " + x + "," + y);
            }
        }
        List<Element> views = svg.views();
        assertEquals(9, views.size());
        for (int i = 0; i < 9; i++) {
            Element view = views.get(i);
            assertEquals(
                    "#f-sheet",
                    ((Element) view.getElementsByTagNameNS("*", "use").item(0)).getAttribute("href"));
            int[] vb = viewBox(view);
            assertEquals(vb[2], num(view, "width"), "tile " + i + " shown 1:1");
            assertEquals(vb[3], num(view, "height"));
            int grey = (int) Math.round(255 * i / 8.0) * 0x010101;
            for (int y = vb[1]; y < vb[1] + vb[3]; y++) {
                for (int x = vb[0]; x < vb[0] + vb[2]; x++) {
                    boolean frame = x < vb[0] + TileSheet.GUTTER
                            || y < vb[1] + TileSheet.GUTTER
                            || x >= vb[0] + vb[2] - TileSheet.GUTTER
                            || y >= vb[1] + vb[3] - TileSheet.GUTTER;
                    int expected = frame ? TileSheet.GUTTER_RGB : grey;
                    assertEquals(expected, sheet.getRGB(x, y) & 0xffffff, "tile " + i + " at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void tilesStandInRowsAndColumnsWithTheirNumbersJustAbove() throws Exception {
        SheetFigure f = constantChannels(9);
        ParsedSvg svg = new ParsedSvg(f.svg());
        List<Element> views = svg.views();
        List<Element> numbers = svg.tileNumbers();
        assertEquals(9, numbers.size());
        int[] first = box(views.get(0));
        int[] second = box(views.get(1));
        int[] below = box(views.get(4));
        int pitchX = second[0] - first[0];
        int pitchY = below[1] - first[1];
        assertTrue(pitchX >= first[2], "columns do not overlap: pitch " + pitchX + " < " + first[2]);
        for (int i = 0; i < 9; i++) {
            int[] v = box(views.get(i));
            // 3 x 2 maps are drawn 64 x 96 (98 high, 66 wide with the gutter): ceil sqrt(9 * 98 / 66) = ceil 3.66 = 4
            // columns make the sheet about square
            assertEquals(first[0] + (i % 4) * pitchX, v[0], "4 columns, tile " + i);
            assertEquals(first[1] + (i / 4) * pitchY, v[1], "3 rows, tile " + i);
            Element n = numbers.get(i);
            assertEquals(Integer.toString(i), n.getTextContent());
            assertEquals(v[0], num(n, "x"), "number " + i + " left-aligned with its tile");
            int baseline = num(n, "y");
            assertTrue(baseline <= v[1] && baseline > v[1] - FONT, "number " + i + " just above its tile");
            if (i >= 4) {
                int[] up = box(views.get(i - 4));
                assertTrue(baseline - FONT >= up[1] + up[3], "number " + i + " below the tile above it");
            }
        }
        int[] root = {0, 0, num(svg.root, "width"), num(svg.root, "height")};
        assertEquals("0 0 " + root[2] + " " + root[3], svg.root.getAttribute("viewBox"));
        Element background = svg.all("rect").get(0);
        assertEquals("#fff", background.getAttribute("fill"));
        assertEquals(root[2], num(background, "width"));
        assertEquals(root[3], num(background, "height"));
        int[] last = box(views.get(8));
        assertTrue(last[0] + last[2] <= root[2] && last[1] + last[3] <= root[3], "the last tile fits");
        assertEquals(f.caption(), svg.text("title"));
        assertEquals(f.altText(), svg.text("desc"));
        Element title = svg.all("text").get(0);
        assertEquals(f.title(), title.getTextContent());
        int firstNumber = num(numbers.get(0), "y");
        assertTrue(num(title, "y") >= 15 && num(title, "y") + 3 <= firstNumber - FONT, "title above the numbers");
    }

    @Test
    void theColourBarStandsRightOfTheTilesWithTicksAtTheRangesEnds() throws Exception {
        SheetFigure f = constantChannels(9);
        ParsedSvg svg = new ParsedSvg(f.svg());
        List<Element> views = svg.views();
        int[] bar = box(svg.colourBar());
        int right = 0;
        for (Element v : views) {
            right = Math.max(right, box(v)[0] + box(v)[2]);
        }
        assertTrue(bar[0] > right, "bar at " + bar[0] + " right of the tiles' " + right);
        assertEquals(box(views.get(0))[1], bar[1], "the bar's top level with the first row of tiles");
        assertEquals(14, bar[2]);
        // On gray, stop k of 10 is round(25.5 k), half up; the gradient runs bottom (offset 0) to top.
        int[] greys = {0, 26, 51, 77, 102, 128, 153, 179, 204, 230, 255};
        List<Element> stops = svg.all("stop");
        assertEquals(11, stops.size());
        for (int k = 0; k <= 10; k++) {
            assertEquals(k / 10.0, Double.parseDouble(stops.get(k).getAttribute("offset")), 1e-9);
            assertEquals(
                    String.format("#%06x", greys[k] * 0x010101), stops.get(k).getAttribute("stop-color"));
        }
        Element gradient = svg.all("linearGradient").get(0);
        assertEquals("1", gradient.getAttribute("y1"));
        assertEquals("0", gradient.getAttribute("y2"));
        assertEquals(
                "url(#" + gradient.getAttribute("id") + ")", svg.colourBar().getAttribute("fill"));
        assertTick(svg, bar, "8", bar[1]);
        assertTick(svg, bar, "0", bar[1] + bar[3]);
        assertEquals(2, svg.all("line").size(), "0..8 has no zero inside it: two ticks");
        assertTrue(svg.all("text").stream().noneMatch(t -> t.hasAttribute("fill")), "one scale: no range per tile");
        int width = num(svg.root, "width");
        int height = num(svg.root, "height");
        assertTrue(bar[1] + bar[3] + 4 <= height, "the lowest tick's text fits");
        assertTrue(bar[0] + 20 + CHAR <= width, "the tick text fits");
    }

    /** A tick line from the bar's right edge at {@code y}, its label to the right, centred on it. */
    static void assertTick(ParsedSvg svg, int[] bar, String label, int y) {
        List<Element> texts = svg.texts(label).stream()
                .filter(t -> num(t, "x") > bar[0] + bar[2])
                .toList();
        assertEquals(1, texts.size(), "one tick labelled " + label);
        Element text = texts.get(0);
        Element line = svg.all("line").stream()
                .filter(l -> num(l, "y1") == y)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no tick line at y " + y + " for " + label));
        assertEquals(y, num(line, "y2"), "a level line");
        assertEquals(bar[0] + bar[2], num(line, "x1"), "from the bar's edge");
        assertTrue(num(line, "x2") > num(line, "x1") && num(text, "x") > num(line, "x2"), "label right of it");
        int baseline = num(text, "y");
        assertTrue(baseline > y && baseline < y + FONT / 2 + 1, label + " centred on its tick: " + baseline);
    }

    @Test
    void aRangeCrossingZeroGetsAZeroTickWhereZeroFallsOnTheBar() throws Exception {
        // One 1 x 2 map of -1 and 3: zero is a quarter of the way up the bar.
        SheetFigure f = FeatureMapGrid.render(
                "d",
                "Conv2D",
                new float[] {-1, 3},
                new long[] {1, 1, 2, 1},
                null,
                FeatureMapGrid.Scale.LAYER,
                Palette.VIRIDIS);
        ParsedSvg svg = new ParsedSvg(f.svg());
        int[] bar = box(svg.colourBar());
        assertTick(svg, bar, "3", bar[1]);
        assertTick(svg, bar, "0", bar[1] + (int) Math.round(0.75 * bar[3]));
        assertTick(svg, bar, "-1", bar[1] + bar[3]);
    }

    @Test
    void perTileScalesWriteEachRangeUnderItsTileAndTicksOnlyNameTheEnds() throws Exception {
        // Three 3 x 3 filters (2 columns, 2 rows): +-0.5, +-0.25, zero; each on its own scale.
        float[] k = new float[3 * 3 * 1 * 3];
        k[0] = 0.5f;
        k[3] = -0.5f;
        k[1] = 0.25f;
        k[4] = -0.25f;
        SheetFigure f = FilterGallery.render(
                "a-long-layer-name-that-needs-a-wide-title",
                k,
                new long[] {3, 3, 1, 3},
                -1,
                FilterGallery.Scale.PER_FILTER,
                Palette.BLUE_ORANGE);
        ParsedSvg svg = new ParsedSvg(f.svg());
        List<Element> views = svg.views();
        List<Element> ranges =
                svg.all("text").stream().filter(t -> t.hasAttribute("fill")).toList();
        List<String> expected = List.of("-0.5…0.5", "-0.25…0.25", "0…0");
        assertEquals(3, ranges.size());
        int pitchX = box(views.get(1))[0] - box(views.get(0))[0];
        for (int i = 0; i < 3; i++) {
            int[] v = box(views.get(i));
            Element r = ranges.get(i);
            assertEquals(expected.get(i), r.getTextContent());
            assertEquals(v[0], num(r, "x"));
            int baseline = num(r, "y");
            assertTrue(baseline - FONT >= v[1] + v[3] && baseline <= v[1] + v[3] + FONT + 4, "range under tile " + i);
            assertTrue(CHAR * expected.get(0).length() <= pitchX, "a range fits in its column: " + pitchX);
        }
        Element numberBelow = svg.tileNumbers().get(2);
        assertTrue(num(numberBelow, "y") - FONT >= num(ranges.get(0), "y") + 3, "next row's number under the range");
        int[] bar = box(svg.colourBar());
        assertTick(svg, bar, "max", bar[1]);
        assertTick(svg, bar, "0", bar[1] + (int) Math.round(0.5 * bar[3]));
        assertTick(svg, bar, "−max", bar[1] + bar[3]);
        assertTrue(num(svg.root, "width") >= 10 + 8 * f.title().length(), "a long title fits at 15 px bold");
    }

    @Test
    void wideMapsOnTheirOwnScalesKeepTheirColumnsApart() throws Exception {
        // 1 x 2 maps drawn 96 pixels wide: wider than the 64-pixel column a range label needs.
        SheetFigure f = FeatureMapGrid.render(
                "d",
                "Conv2D",
                new float[] {-1, 3, 0, 2},
                new long[] {1, 1, 2, 2},
                null,
                FeatureMapGrid.Scale.PER_MAP,
                Palette.VIRIDIS);
        List<Element> views = new ParsedSvg(f.svg()).views();
        int[] first = box(views.get(0));
        assertTrue(box(views.get(1))[0] - first[0] >= first[2], "columns do not overlap");
    }

    @Test
    void perMapTicksOfASequentialPaletteNameMaxAndMin() throws Exception {
        SheetFigure f = FeatureMapGrid.render(
                "d",
                "Conv2D",
                new float[] {-1, 3},
                new long[] {1, 1, 2, 1},
                null,
                FeatureMapGrid.Scale.PER_MAP,
                Palette.VIRIDIS);
        ParsedSvg svg = new ParsedSvg(f.svg());
        int[] bar = box(svg.colourBar());
        assertTick(svg, bar, "max", bar[1]);
        assertTick(svg, bar, "min", bar[1] + bar[3]);
        assertEquals(2, svg.all("line").size());
    }
}
