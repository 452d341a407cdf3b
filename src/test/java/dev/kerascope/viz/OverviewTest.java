package dev.kerascope.viz;

import static dev.kerascope.viz.ParsedSvg.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * Figures stacked top to bottom: the PNG holds each sheet at 1:1 with 8 white pixels under each, as wide as the widest;
 * the SVG nests each figure's own SVG one under the other, with ids kept apart.
 */
class OverviewTest {
    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    @Test
    void sheetsAreStackedAtFullSizeWithEightWhitePixelsUnderEach() throws Exception {
        SheetFigure wide = SheetFigureSvgTest.constantChannels(5);
        SheetFigure narrow = FeatureMapGrid.render(
                "p",
                "Pool",
                new float[] {1, 2},
                new long[] {1, 1, 1, 2},
                null,
                FeatureMapGrid.Scale.LAYER,
                Palette.VIRIDIS);
        BufferedImage a = wide.sheet().image();
        BufferedImage b = narrow.sheet().image();
        assertTrue(a.getWidth() > b.getWidth());
        Overview o = Overview.stack(List.of(wide, narrow), "Every layer");
        BufferedImage img = o.figure().image();
        assertEquals(a.getWidth(), img.getWidth(), "as wide as the widest sheet");
        assertEquals(a.getHeight() + 8 + b.getHeight() + 8, img.getHeight());
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int expected;
                if (y < a.getHeight()) {
                    expected = rgb(a, x, y);
                } else if (y >= a.getHeight() + 8 && y < a.getHeight() + 8 + b.getHeight() && x < b.getWidth()) {
                    expected = rgb(b, x, y - a.getHeight() - 8);
                } else {
                    expected = 0xffffff;
                }
                assertEquals(expected, rgb(img, x, y), "pixel " + x + "," + y);
            }
        }
        assertEquals("Every layer", o.figure().caption());
        assertEquals(
                "2 figures stacked top to bottom. " + wide.altText() + " " + narrow.altText(),
                o.figure().altText());
    }

    @Test
    void theSvgNestsEachFiguresSvgOneUnderTheOther() throws Exception {
        SheetFigure first = SheetFigureSvgTest.constantChannels(5);
        SheetFigure second = SheetFigureSvgTest.constantChannels(2);
        Overview o = Overview.stack(List.of(first, second), "Both & more");
        ParsedSvg svg = new ParsedSvg(o.svg());
        ParsedSvg one = new ParsedSvg(first.svg());
        ParsedSvg two = new ParsedSvg(second.svg());
        assertEquals(
                "Both & more",
                svg.root.getElementsByTagNameNS("*", "title").item(0).getTextContent());
        List<Element> nested = svg.all("svg").stream()
                .filter(e -> e.getParentNode() == svg.root)
                .toList();
        assertEquals(2, nested.size());
        assertEquals(0, num(nested.get(0), "y"));
        assertEquals(num(one.root, "height"), num(nested.get(1), "y"), "the second starts where the first ends");
        assertEquals(0, num(nested.get(1), "x"));
        assertEquals(num(one.root, "width"), num(nested.get(0), "width"));
        assertEquals(num(two.root, "height"), num(nested.get(1), "height"));
        assertEquals(Math.max(num(one.root, "width"), num(two.root, "width")), num(svg.root, "width"));
        assertEquals(num(one.root, "height") + num(two.root, "height"), num(svg.root, "height"));
        List<String> ids = svg.all("image").stream()
                .filter(e -> e.hasAttribute("id"))
                .map(e -> e.getAttribute("id"))
                .toList();
        assertEquals(List.of("f0-sheet", "f1-sheet"), ids);
    }
}
