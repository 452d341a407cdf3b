package dev.kerascope.viz;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Several figures stacked top to bottom (Figure 2 of tutorial 002: every conv and pool layer for one input): the SVG
 * nests each figure's SVG with its text; the PNG stacks their pixel-exact tiles at 1:1 on the gutter colour.
 */
public record Overview(Figure figure, String svg) {
    static final int GAP = 8;

    public static Overview stack(List<SheetFigure> figures, String caption) {
        int width = 0;
        int height = 0;
        for (SheetFigure f : figures) {
            width = Math.max(width, f.sheet().image().getWidth());
            height += f.sheet().image().getHeight() + GAP;
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] fill = new int[width * height];
        Arrays.fill(fill, 0xffffff);
        img.setRGB(0, 0, width, height, fill, 0, width);
        StringBuilder svg = new StringBuilder();
        int y = 0;
        int svgY = 0;
        int svgW = 0;
        for (int i = 0; i < figures.size(); i++) {
            BufferedImage s = figures.get(i).sheet().image();
            img.getGraphics().drawImage(s, 0, y, null);
            y += s.getHeight() + GAP;
            String one = figures.get(i).svg("f" + i);
            int w = Integer.parseInt(one.replaceFirst("(?s)^<svg[^>]* width=\"(\\d+)\".*", "$1"));
            int h = Integer.parseInt(one.replaceFirst("(?s)^<svg[^>]* height=\"(\\d+)\".*", "$1"));
            svg.append(one.replaceFirst("^<svg ", String.format(Locale.ROOT, "<svg x=\"0\" y=\"%d\" ", svgY)));
            svgY += h;
            svgW = Math.max(svgW, w);
        }
        String alt = figures.size() + " figures stacked top to bottom. "
                + figures.stream().map(SheetFigure::altText).collect(Collectors.joining(" "));
        String outer = String.format(
                Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\">%n<title>%s" + "</title>%n",
                svgW,
                svgY,
                SheetFigure.esc(caption));
        return new Overview(new Figure(img, caption, alt), outer + svg + "</svg>\n");
    }
}
