package dev.kerascope.summary;

import java.util.List;
import java.util.Locale;

/**
 * The pure helpers of Keras's {@code summary_utils.py}: thousands separators, shapes as Python prints tuples, and
 * memory sizes in 1024-steps with two decimals.
 */
public final class SummaryUtils {
    private SummaryUtils() {}

    /** {@code 156,650}: Python's {@code f"{n:,}"}. */
    public static String withCommas(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code (None, 26, 26, 32)}; a one-element tuple keeps Python's trailing comma, {@code (None,)}. */
    public static String formatShape(List<Integer> shape) {
        if (shape == null) {
            return "?";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.size(); i++) {
            sb.append(i > 0 ? ", " : "")
                    .append(shape.get(i) == null ? "None" : shape.get(i).toString());
        }
        return sb.append(shape.size() == 1 ? ",)" : ")").toString();
    }

    /**
     * Keras's {@code readable_memory_size}: divide by 1024 while the value is at least 1024, two decimals; Keras 3
     * calls bytes "B", tf.keras 2 "Byte".
     */
    public static String readableMemorySize(double bytes, boolean keras2) {
        String[] units = {keras2 ? "Byte" : "B", "KB", "MB", "GB", "TB", "PB"};
        double size = bytes;
        for (String unit : units) {
            if (size / 1024 < 1) {
                return String.format(Locale.ROOT, "%.2f %s", size, unit);
            }
            size /= 1024;
        }
        return String.format(Locale.ROOT, "%.2f %s", size, units[units.length - 1]);
    }
}
