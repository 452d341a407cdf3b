package dev.kerascope.summary;

import java.util.ArrayList;
import java.util.List;

/**
 * Rich's {@code box.HEAVY_HEAD} table with lines between rows, as Keras 3 draws summaries. Written by hand: no Java
 * library draws Rich's boxes, and the layout rules needed are few — one space of padding, left or right justification,
 * wrapping at spaces, and words longer than the cell cut with an ellipsis (Rich's default overflow).
 */
final class BoxTable {
    private final int[] widths;
    private final List<Boolean> rightAligned;
    private List<String> header = List.of();
    private final List<List<String>> rows = new ArrayList<>();

    BoxTable(int[] widths, List<Boolean> rightAligned) {
        this.widths = widths.clone();
        this.rightAligned = List.copyOf(rightAligned);
    }

    void header(List<String> cells) {
        header = List.copyOf(cells);
    }

    void row(List<String> cells) {
        rows.add(List.copyOf(cells));
    }

    List<String> render() {
        List<String> out = new ArrayList<>();
        out.add(rule('┏', '━', '┳', '┓'));
        out.addAll(lines(header, '┃', '┃'));
        out.add(rule('┡', '━', '╇', '┩'));
        for (int i = 0; i < rows.size(); i++) {
            if (i > 0) {
                out.add(rule('├', '─', '┼', '┤'));
            }
            out.addAll(lines(rows.get(i), '│', '│'));
        }
        out.add(rule('└', '─', '┴', '┘'));
        return out;
    }

    private String rule(char left, char fill, char cross, char right) {
        StringBuilder sb = new StringBuilder().append(left);
        for (int i = 0; i < widths.length; i++) {
            sb.append(String.valueOf(fill).repeat(widths[i])).append(i < widths.length - 1 ? cross : right);
        }
        return sb.toString();
    }

    private List<String> lines(List<String> cells, char edge, char divider) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int i = 0; i < widths.length; i++) {
            List<String> w = wrap(i < cells.size() ? cells.get(i) : "", widths[i] - 2);
            wrapped.add(w);
            height = Math.max(height, w.size());
        }
        List<String> out = new ArrayList<>();
        for (int line = 0; line < height; line++) {
            StringBuilder sb = new StringBuilder().append(edge);
            for (int i = 0; i < widths.length; i++) {
                String text = line < wrapped.get(i).size() ? wrapped.get(i).get(line) : "";
                int pad = widths[i] - 2 - text.length();
                String cell = rightAligned.get(i) ? " ".repeat(pad) + text : text + " ".repeat(pad);
                sb.append(' ').append(cell).append(' ').append(i < widths.length - 1 ? divider : edge);
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Words joined by single spaces up to {@code width}; a longer word ends in an ellipsis. */
    static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (word.length() > width) {
                word = word.substring(0, Math.max(0, width - 1)) + "…";
            }
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }
}
