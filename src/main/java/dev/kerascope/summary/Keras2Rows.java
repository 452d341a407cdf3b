package dev.kerascope.summary;

import java.util.ArrayList;
import java.util.List;

/**
 * The pure row rules of tf.keras 2's {@code print_summary}, one per family of versions. Each takes the row's fields as
 * Python's {@code str()} shows them and the columns' end positions, and returns the printed lines; nothing here prints.
 */
final class Keras2Rows {
    /** tf.keras 2.7+ breaks a wrapped field early right after the end of a tuple, dict, list or string. */
    private static final String[] BREAKS = {"),", "},", "],", "',"};

    private Keras2Rows() {}

    /**
     * TF 2.0–2.6 (and standalone Keras): one line per row. Each field is appended after replacing the line's last
     * character with a space, then the line is cut at the field's end position and padded to it, so a field that
     * reaches its column end loses its last character ({@code max_pooling2d_2 (MaxPooling2 }) and anything beyond is
     * dropped.
     */
    static String cut(List<String> fields, int[] positions) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0 && line.length() > 0) {
                line.setCharAt(line.length() - 1, ' ');
            } else if (i > 0) {
                line.append(' ');
            }
            line.append(fields.get(i));
            line.setLength(Math.min(line.length(), positions[i]));
            line.append(" ".repeat(Math.max(0, positions[i] - line.length())));
        }
        return line.toString();
    }

    /**
     * tf.keras 2.7–2.15: a leading space, each field cut at {@code end - start - 2} characters (the last column at
     * {@code end - start}) and continued on the following lines, breaking early after "),", "},", "]," or "',". From
     * 2.13 on ({@code narrower}) fields but the last are cut one character earlier so the next column starts at its
     * position even when a field fills its column. Every line is padded to each column's end; a field that overflowed
     * pushes the rest right.
     */
    static List<String> wrap(List<String> fields, int[] positions, boolean narrower) {
        String[] left = fields.toArray(new String[0]);
        int last = positions.length - 1;
        for (int col = 0; col < left.length; col++) {
            if (!left[col].isEmpty() && cutoff(positions, col, last, narrower) < 1) {
                // Python would loop forever on a field it can never shorten; refuse such widths instead.
                throw new TooNarrowException(positions[last]);
            }
        }
        List<String> lines = new ArrayList<>();
        while (anyLeft(left)) {
            StringBuilder line = new StringBuilder();
            for (int col = 0; col < left.length; col++) {
                int space = col != last ? 2 : 0;
                int cutoff = cutoff(positions, col, last, narrower);
                String fit = left[col].substring(0, Math.min(cutoff, left[col].length()));
                int early = -1;
                for (String b : BREAKS) {
                    int at = fit.indexOf(b);
                    if (at >= 0 && (early < 0 || at + b.length() < early)) {
                        early = at + b.length();
                    }
                }
                if (early >= 0) {
                    cutoff = early;
                    fit = fit.substring(0, cutoff);
                }
                if (col == 0) {
                    line.append(' ');
                }
                line.append(fit).append(" ".repeat(space));
                left[col] = left[col].substring(Math.min(cutoff, left[col].length()));
                line.append(" ".repeat(Math.max(0, positions[col] - line.length())));
            }
            lines.add(line.toString());
        }
        return lines;
    }

    private static int cutoff(int[] positions, int col, int last, boolean narrower) {
        int start = col > 0 ? positions[col - 1] : 0;
        int cutoff = positions[col] - start - (col != last ? 2 : 0);
        return narrower && col != last ? cutoff - 1 : cutoff;
    }

    private static boolean anyLeft(String[] left) {
        for (String s : left) {
            if (!s.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Python's {@code str()} of a list of strings: {@code ['conv1[0][0]', 'pool1[0][0]']}. */
    static String pythonList(List<String> items) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i);
            // repr() quotes with ' unless the text holds a ' and no ".
            char q = item.contains("'") && !item.contains("\"") ? '"' : '\'';
            sb.append(i > 0 ? ", " : "")
                    .append(q)
                    .append(q == '\'' ? item.replace("\\", "\\\\").replace("'", "\\'") : item.replace("\\", "\\\\"))
                    .append(q);
        }
        return sb.append(']').toString();
    }

    /** The column end positions: Keras's {@code int(line_length * p)}. */
    static int[] positions(double[] relative, int lineLength) {
        int[] out = new int[relative.length];
        for (int i = 0; i < relative.length; i++) {
            out[i] = (int) (lineLength * relative[i]);
        }
        return out;
    }
}
