package dev.kerascope.viz;

import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A figure of tiles: the pixel-exact {@link TileSheet} plus the text that goes around it (title, tile numbers,
 * colour-bar ticks or each tile's range), kept out of the pixels. {@link #figure()} is the PNG (text in its tEXt
 * chunks), {@link #svg()} the readable standalone figure, {@link #layout()} what the report's page needs to put the
 * same text around the PNG in HTML. {@code tiles} holds the values drawn (null when not kept), {@code input} an image
 * drawn beside the tiles (null for none).
 */
public record SheetFigure(
        TileSheet sheet,
        String title,
        String caption,
        String altText,
        Palette palette,
        boolean perTile,
        float[][] tiles,
        BufferedImage input) {
    static final int FONT = 12;
    static final int MARGIN = 10;
    /** Right of the tiles: the colour bar, its ticks, a label like -1.23e+04 (64 px in DejaVu Sans) and a margin. */
    static final int BAR_AREA = 108;

    /** The pixels with caption and alt text, for {@link PngFiles}. */
    public Figure figure() {
        return new Figure(sheet.image(), caption, altText);
    }

    /** The same figure without the input image, for a second input's page. */
    public SheetFigure withoutInput() {
        return new SheetFigure(sheet, title, caption, altText, palette, perTile, tiles, null);
    }

    /** Three significant digits, so a range fits under a 48-pixel tile. */
    public static String compact(double v) {
        if (v == 0) {
            return "0";
        }
        return Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3
                ? String.format(Locale.ROOT, "%.2e", v)
                : new java.math.BigDecimal(v)
                        .round(new java.math.MathContext(3))
                        .stripTrailingZeros()
                        .toPlainString();
    }

    /** Tile labels: the channel or filter number, shown above each tile (every 8th bar in a bar strip). */
    public boolean numbered(int i) {
        return sheet.layout() == TileSheet.Layout.GRID || i % 8 == 0 || i == sheet.count() - 1;
    }

    /** A standalone SVG: the tiles (one embedded PNG cropped per tile), numbered, title and colour bar as text. */
    public String svg() {
        return svg("f");
    }

    /** The SVG with its element ids prefixed, so several can be nested in one document. */
    public String svg(String ids) {
        TileSheet s = sheet;
        boolean bars = s.layout() == TileSheet.Layout.BARS;
        int labelH = FONT + 4;
        int rangeH = perTile && !bars ? FONT + 4 : 0;
        int colW =
                bars ? s.tileWidth() + TileSheet.GUTTER : Math.max(s.tileWidth() + 4, perTile ? 64 : s.tileWidth() + 4);
        int rowH = bars ? s.tileHeight() + labelH + 6 : labelH + s.tileHeight() + 4 + rangeH + 4;
        int inputW = 0;
        int inScale = 0;
        if (input != null) {
            inScale = Math.max(1, Math.min(s.rows() * rowH, 140) / input.getHeight());
            inputW = input.getWidth() * inScale + MARGIN;
        }
        int gridW = s.cols() * colW;
        int top = MARGIN + 22;
        int width = Math.max(MARGIN + inputW + gridW + BAR_AREA, 2 * MARGIN + title.length() * 9);
        int barH = Math.max(96, Math.min(240, s.rows() * rowH - 8));
        int height = top + Math.max(s.rows() * rowH, barH + 20) + MARGIN;
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                        + "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"%d\">%n",
                width,
                height,
                width,
                height,
                FONT));
        b.append("<title>")
                .append(esc(caption))
                .append("</title>\n<desc>")
                // only the SVG draws the input: the PNG's alt text (its tEXt Description) must not promise it
                .append(esc(altText + (input != null ? " The input image is drawn on the left." : "")))
                .append("</desc>\n");
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>%n", width, height));
        b.append(String.format(
                Locale.ROOT,
                "<defs><image id=\"%s-sheet\" width=\"%d\" height=\"%d\" style=\"image-rendering:pixelated\" "
                        + "href=\"data:image/png;base64,%s\"/></defs>%n",
                ids,
                s.image().getWidth(),
                s.image().getHeight(),
                base64(s.image())));
        b.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"15\" font-weight=\"bold\">%s</text>%n",
                MARGIN,
                MARGIN + 14,
                esc(title)));
        if (input != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "<image x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" style=\"image-rendering:pixelated\" "
                            + "href=\"data:image/png;base64,%s\"/>%n<text x=\"%d\" y=\"%d\">input</text>%n",
                    MARGIN,
                    top + labelH,
                    input.getWidth() * inScale,
                    input.getHeight() * inScale,
                    base64(input),
                    MARGIN,
                    top + labelH - 4));
        }
        int g = TileSheet.GUTTER;
        for (int i = 0; i < s.count(); i++) {
            int x = MARGIN + inputW + (i % s.cols()) * colW;
            int y = top + (i / s.cols()) * rowH;
            int tileY = bars ? y : y + labelH;
            b.append(String.format(
                    Locale.ROOT,
                    "<svg x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" viewBox=\"%d %d %d %d\">"
                            + "<use href=\"#%s-sheet\"/></svg>%n",
                    x,
                    tileY,
                    s.tileWidth() + 2 * g,
                    s.tileHeight() + 2 * g,
                    s.tileX(i) - g,
                    s.tileY(i) - g,
                    s.tileWidth() + 2 * g,
                    s.tileHeight() + 2 * g,
                    ids));
            if (numbered(i)) {
                int ly = bars ? y + s.tileHeight() + 2 * g + FONT + 1 : y + FONT;
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%d</text>%n", x, ly, i));
            }
            if (rangeH > 0) {
                b.append(String.format(
                        Locale.ROOT,
                        "<text x=\"%d\" y=\"%d\" fill=\"#444\">%s…%s</text>%n",
                        x,
                        tileY + s.tileHeight() + 2 * g + FONT + 1,
                        compact(s.lo(i)),
                        compact(s.hi(i))));
            }
        }
        colourBar(b, ids, MARGIN + inputW + gridW + 8, top + labelH, barH);
        return b.append("</svg>\n").toString();
    }

    private void colourBar(StringBuilder b, String ids, int x, int y, int h) {
        b.append("<defs><linearGradient id=\"" + ids + "-bar\" x1=\"0\" y1=\"1\" x2=\"0\" y2=\"0\">");
        for (int i = 0; i <= 10; i++) {
            b.append(String.format(
                    Locale.ROOT, "<stop offset=\"%.1f\" stop-color=\"#%06x\"/>", i / 10.0, palette.rgb(i / 10.0)));
        }
        b.append("</linearGradient></defs>\n");
        b.append(String.format(
                Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"%d\" fill=\"url(#%s-bar)\" stroke=\"#555\"/>%n",
                x,
                y,
                h,
                ids));
        for (String[] tick : ticks()) {
            double at = Double.parseDouble(tick[0]);
            int ty = y + (int) Math.round((1 - at) * h);
            b.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#555\"/>"
                            + "<text x=\"%d\" y=\"%d\">%s</text>%n",
                    x + 14,
                    ty,
                    x + 18,
                    ty,
                    x + 20,
                    ty + 4,
                    esc(tick[1])));
        }
    }

    /** Colour-bar ticks as {position 0..1, label}: the shared range's ends (and zero inside it), or "each max/min". */
    public List<String[]> ticks() {
        List<String[]> out = new ArrayList<>();
        if (perTile) {
            out.add(new String[] {"1", "max"});
            if (palette.diverging()) {
                out.add(new String[] {"0.5", "0"});
            }
            out.add(new String[] {"0", palette.diverging() ? "−max" : "min"});
            return out;
        }
        double lo = sheet.lo(0);
        double hi = sheet.hi(0);
        out.add(new String[] {"1", compact(hi)});
        if (lo < 0 && hi > 0) {
            out.add(new String[] {Double.toString(-lo / (hi - lo)), "0"});
        }
        out.add(new String[] {"0", compact(lo)});
        return out;
    }

    /** What the report's page needs to place text around the PNG: geometry, ranges, ticks, palette stops. */
    public Map<String, Object> layout() {
        Map<String, Object> m = new LinkedHashMap<>();
        TileSheet s = sheet;
        m.put("title", title);
        m.put("caption", caption);
        m.put("alt", altText);
        m.put("kind", s.layout().name().toLowerCase(Locale.ROOT));
        m.put("width", s.image().getWidth());
        m.put("height", s.image().getHeight());
        m.put("cols", s.cols());
        m.put("count", s.count());
        m.put("tileWidth", s.tileWidth());
        m.put("tileHeight", s.tileHeight());
        m.put("cell", s.cell());
        m.put("gutter", TileSheet.GUTTER);
        m.put("perTile", perTile);
        List<String> lo = new ArrayList<>();
        List<String> hi = new ArrayList<>();
        for (int i = 0; i < s.count(); i++) {
            lo.add(compact(s.lo(i)));
            hi.add(compact(s.hi(i)));
        }
        m.put("lo", lo);
        m.put("hi", hi);
        m.put("ticks", ticks());
        List<String> stops = new ArrayList<>();
        for (int i = 0; i <= 10; i++) {
            stops.add(String.format(Locale.ROOT, "#%06x", palette.rgb(i / 10.0)));
        }
        m.put("stops", stops);
        return m;
    }

    static String base64(BufferedImage img) {
        return Base64.getEncoder().encodeToString(PngFiles.encode(new Figure(img, "", "")));
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
