package dev.kerascope.explain;

import java.util.Locale;

/** Where an attribution map puts its mass, in words: for captions and alt text. */
public final class Evidence {
    private Evidence() {}

    private static final String[] QUARTERS = {"upper-left", "upper-right", "lower-left", "lower-right"};

    /**
     * Where a map's positive mass lies, as "mass mostly in the upper-left quarter (72%); peak at row 9, column 8 of 28
     * x 28".
     *
     * @param heat the map, rows x cols, row-major (negative values count as zero)
     * @param rows the map's rows
     * @param cols the map's columns
     * @return the words, or that the map is zero everywhere
     */
    public static String describe(float[] heat, int rows, int cols) {
        double total = 0;
        double[] quarter = new double[4];
        double centre = 0;
        int peak = 0;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                double v = Math.max(0, heat[r * cols + c]);
                total += v;
                boolean lower = r + 0.5 > rows / 2.0;
                boolean right = c + 0.5 > cols / 2.0;
                quarter[(lower ? 2 : 0) + (right ? 1 : 0)] += v;
                if (Math.abs(r + 0.5 - rows / 2.0) <= rows / 4.0 && Math.abs(c + 0.5 - cols / 2.0) <= cols / 4.0) {
                    centre += v;
                }
                peak = heat[r * cols + c] > heat[peak] ? r * cols + c : peak;
            }
        }
        if (!(total > 0)) {
            return "no evidence: the map is zero everywhere";
        }
        String where = where(quarter, centre, total);
        return String.format(
                Locale.ROOT, "%s; peak at row %d, column %d of %d x %d", where, peak / cols, peak % cols, rows, cols);
    }

    private static String where(double[] quarter, double centre, double total) {
        int best = 0;
        for (int q = 1; q < 4; q++) {
            best = quarter[q] > quarter[best] ? q : best;
        }
        double[] halves = {
            quarter[0] + quarter[2], quarter[1] + quarter[3], quarter[0] + quarter[1], quarter[2] + quarter[3]
        };
        String[] names = {"left", "right", "upper", "lower"};
        int half = 0;
        for (int h = 1; h < 4; h++) {
            half = halves[h] > halves[half] ? h : half;
        }
        // A quarter is named when it holds most of the mass and most of its half's: else the half says it better.
        if (quarter[best] / total >= 0.5 && quarter[best] >= 0.7 * halves[half]) {
            return "mass mostly in the " + QUARTERS[best] + " quarter (" + percent(quarter[best] / total) + ")";
        }
        if (halves[half] / total >= 0.65) {
            return "mass mostly in the " + names[half] + " half (" + percent(halves[half] / total) + ")";
        }
        if (centre / total >= 0.5) {
            return "mass mostly in the centre (" + percent(centre / total) + " in the middle quarter of the area)";
        }
        return "mass spread over the image (largest quarter: " + QUARTERS[best] + ", " + percent(quarter[best] / total)
                + ")";
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }
}
