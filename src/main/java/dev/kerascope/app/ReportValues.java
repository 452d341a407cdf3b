package dev.kerascope.app;

import dev.kerascope.walker.LayerTensor;
import java.util.Locale;

/**
 * A layer's activations as a script the explorer loads when a tile is zoomed (a script tag, because pages opened from
 * disk may not fetch files): {@code kerascopeValues(key, h, w, c, [tile 0 row-major...], ...)}, four significant
 * digits, which is what the pointer read-out shows.
 */
final class ReportValues {
    private ReportValues() {}

    static String script(String key, LayerTensor t) {
        int h = (int) t.shape()[1];
        int w = (int) t.shape()[2];
        int c = (int) t.shape()[3];
        StringBuilder b = new StringBuilder(h * w * c * 7 + 64);
        b.append("kerascopeValues(\"")
                .append(key.replace("\\", "\\\\").replace("\"", "\\\""))
                .append("\",")
                .append(h)
                .append(',')
                .append(w)
                .append(',')
                .append(c)
                .append(",[");
        float[] v = t.values();
        for (int ch = 0; ch < c; ch++) {
            b.append(ch == 0 ? "[" : ",[");
            for (int i = 0; i < h * w; i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(number(v[i * c + ch]));
            }
            b.append(']');
        }
        return b.append("]);\n").toString();
    }

    static String number(float f) {
        if (f == 0) {
            return "0";
        }
        String s = String.format(Locale.ROOT, "%.4g", f);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }
}
