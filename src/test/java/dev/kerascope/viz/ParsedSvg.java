package dev.kerascope.viz;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** A figure's SVG read back with the JDK's XML parser, its parts found by element and attribute, not by position. */
final class ParsedSvg {
    final Element root;

    ParsedSvg(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document d = f.newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
        root = d.getDocumentElement();
    }

    static int num(Element e, String attr) {
        return Integer.parseInt(e.getAttribute(attr));
    }

    static int[] box(Element e) {
        return new int[] {num(e, "x"), num(e, "y"), num(e, "width"), num(e, "height")};
    }

    List<Element> all(String tag) {
        NodeList nodes = root.getElementsByTagNameNS("*", tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    String text(String tag) {
        return all(tag).get(0).getTextContent();
    }

    /** The nested {@code <svg>} elements that show one tile each (they hold a {@code <use>}). */
    List<Element> views() {
        List<Element> out = new ArrayList<>();
        for (Element e : all("svg")) {
            if (e != root && e.getElementsByTagNameNS("*", "use").getLength() == 1) {
                out.add(e);
            }
        }
        return out;
    }

    static int[] viewBox(Element e) {
        String[] p = e.getAttribute("viewBox").trim().split("\\s+");
        return new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2]), Integer.parseInt(p[3])
        };
    }

    /** {@code <text>} elements whose whole content is {@code content}. */
    List<Element> texts(String content) {
        return all("text").stream()
                .filter(e -> e.getTextContent().equals(content))
                .toList();
    }

    /** Texts that are only a number, without a fill colour, left of the colour bar: the tile numbers. */
    List<Element> tileNumbers() {
        int bar = num(colourBar(), "x");
        return all("text").stream()
                .filter(e -> e.getTextContent().matches("\\d+") && !e.hasAttribute("fill") && num(e, "x") < bar)
                .toList();
    }

    Element byId(String id) {
        return all("image").stream()
                .filter(e -> e.getAttribute("id").equals(id))
                .findFirst()
                .orElseThrow();
    }

    static BufferedImage png(Element image) throws Exception {
        String href = image.getAttribute("href");
        String prefix = "data:image/png;base64,";
        if (!href.startsWith(prefix)) {
            throw new AssertionError("not an embedded PNG: " + href.substring(0, Math.min(40, href.length())));
        }
        return ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(href.substring(prefix.length()))));
    }

    /** The colour bar: the rect filled with a gradient. */
    Element colourBar() {
        return all("rect").stream()
                .filter(e -> e.getAttribute("fill").startsWith("url("))
                .findFirst()
                .orElseThrow();
    }
}
