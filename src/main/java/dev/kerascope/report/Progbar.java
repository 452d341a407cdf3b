package dev.kerascope.report;

import java.util.Locale;
import java.util.Map;

/**
 * Renders Keras 3's progress bar text ({@code keras/src/utils/progbar.py}) from plain numbers: the count, the bar of
 * {@code ━}, elapsed time or ETA, time per step, and the metrics. Pure functions, so the exact text is testable without
 * a clock or a terminal; {@link ProgbarLogger} decides when to print. With {@code ansi} the bar carries Keras's
 * bold/green/grey escape codes.
 */
public final class Progbar {
    public static final int WIDTH = 20;
    private static final String BOLD = "\u001b[1m";
    private static final String RESET = "\u001b[0m";
    private static final String GREEN = "\u001b[32m";
    private static final String GREY = "\u001b[37m";

    private Progbar() {}

    /** {@code 1875/1875 ━━━━...} with the count right-aligned to the target's width. */
    public static String bar(int current, int target, boolean ansi) {
        int digits = String.valueOf(target).length();
        String count = String.format(Locale.ROOT, "%" + digits + "d/%d", current, target);
        int done = (int) (WIDTH * ((double) current / target));
        String filled = "━".repeat(Math.max(0, done));
        String rest = "━".repeat(Math.max(0, WIDTH - done));
        if (!ansi) {
            return count + " " + filled + rest;
        }
        return BOLD + count + RESET + " " + (done > 0 ? GREEN + filled + RESET : "") + GREY + rest + RESET;
    }

    /** Keras's {@code _format_time}: " 16ms/step", " 2s/step", " 840us/step". */
    public static String formatTime(double secondsPerUnit, String unit) {
        if (secondsPerUnit >= 1 || secondsPerUnit == 0) {
            return String.format(Locale.ROOT, " %.0fs/%s", secondsPerUnit, unit);
        } else if (secondsPerUnit >= 1e-3) {
            return String.format(Locale.ROOT, " %.0fms/%s", secondsPerUnit * 1000.0, unit);
        }
        return String.format(Locale.ROOT, " %.0fus/%s", secondsPerUnit * 1e6, unit);
    }

    /** Keras's ETA: "1:02:03" over an hour, "2:05" over a minute, else "42s". */
    public static String formatEta(double eta) {
        long s = (long) eta;
        if (eta > 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s % 3600) / 60, s % 60);
        } else if (eta > 60) {
            return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
        }
        return s + "s";
    }

    /** " - accuracy: 0.9561 - loss: 0.1420": 4 decimals, or 4-digit scientific when tiny. */
    public static String metrics(Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        logs.forEach((k, v) -> sb.append(" - ").append(k).append(": ").append(formatValue(v)));
        return sb.toString();
    }

    static String formatValue(double v) {
        return Math.abs(v) > 1e-3 ? String.format(Locale.ROOT, "%.4f", v) : String.format(Locale.ROOT, "%.4e", v);
    }

    /** verbose=1 while running: the bar, the ETA, time per step, the running metrics. */
    public static String liveLine(
            int current, int target, double secondsPerStep, Map<String, Double> logs, boolean ansi) {
        String eta = formatEta(secondsPerStep * (target - current));
        return bar(current, target, ansi) + " " + (ansi ? BOLD + eta + RESET : eta) + formatTime(secondsPerStep, "step")
                + metrics(logs);
    }

    /** verbose=1 at the end of an epoch: the full bar, elapsed seconds, time per step, the logs. */
    public static String finalLine(
            int target, double elapsedSeconds, double secondsPerStep, Map<String, Double> logs, boolean ansi) {
        String elapsed = String.format(Locale.ROOT, "%.0fs", elapsedSeconds);
        return bar(target, target, ansi) + " " + (ansi ? BOLD + elapsed + RESET : elapsed)
                + formatTime(secondsPerStep, "step") + metrics(logs);
    }

    /** verbose=2, once per epoch: {@code 1875/1875 - 31s - 16ms/step - accuracy: ...}. */
    public static String verbose2Line(
            int target, double elapsedSeconds, double secondsPerStep, Map<String, Double> logs) {
        int digits = String.valueOf(target).length();
        return String.format(Locale.ROOT, "%" + digits + "d/%d - %.0fs -", target, target, elapsedSeconds)
                + formatTime(secondsPerStep, "step")
                + metrics(logs);
    }

    /** Strips the ANSI escapes, for log files. */
    public static String plain(String s) {
        return s.replaceAll("\u001b\\[[0-9;]*m", "");
    }
}
