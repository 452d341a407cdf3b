package dev.kerascope.input;

import dev.kerascope.io.BadInputException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How pixel values 0..255 become the model's input: {@code (v * scale - mean[c]) / std[c]} for channel c (one mean and
 * std for every channel when a single value is given), and why this one was chosen, which the console and the report
 * print. Raw pixels are {@code scale 1, mean 0, std 1}.
 */
public record Preprocessing(double scale, double[] mean, double[] std, String reason) {
    /**
     * A preprocessing.
     *
     * @param scale what pixel values are multiplied by first
     * @param mean the mean subtracted, one value or one per channel (copied)
     * @param std the standard deviation divided by, as many as {@code mean} (copied)
     * @param reason why this preprocessing, such as {@code recorded in assets.extra/kerascope.json}
     * @throws IllegalArgumentException when the means and stds do not pair up
     */
    public Preprocessing {
        mean = mean.clone();
        std = std.clone();
        if (mean.length == 0 || mean.length != std.length) {
            throw new IllegalArgumentException("one std per mean");
        }
    }

    /**
     * One mean and std for every channel.
     *
     * @param scale the scale
     * @param mean the mean
     * @param std the standard deviation
     * @param reason why
     * @return the preprocessing
     */
    public static Preprocessing of(double scale, double mean, double std, String reason) {
        return new Preprocessing(scale, new double[] {mean}, new double[] {std}, reason);
    }

    /**
     * Raw pixel values 0..255, unchanged.
     *
     * @param reason why
     * @return the preprocessing
     */
    public static Preprocessing raw(String reason) {
        return of(1, 0, 1, reason);
    }

    /**
     * The means.
     *
     * @return a copy: one value, or one per channel
     */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /**
     * The standard deviations.
     *
     * @return a copy: one value, or one per channel
     */
    @Override
    public double[] std() {
        return std.clone();
    }

    /**
     * Whether pixels are fed unchanged.
     *
     * @return true for scale 1, mean 0, std 1
     */
    public boolean isRaw() {
        return scale == 1
                && Arrays.stream(mean).allMatch(m -> m == 0)
                && Arrays.stream(std).allMatch(s -> s == 1);
    }

    /**
     * The model input for one pixel value.
     *
     * @param v the value 0..255
     * @param channel its channel
     * @return the value fed
     */
    public float apply(int v, int channel) {
        int c = mean.length == 1 ? 0 : channel;
        return (float) ((v * scale - mean[c]) / std[c]);
    }

    /**
     * Checked against the model's channel count: per-channel values must match it.
     *
     * @param channels the model's channels
     * @param where the input, for the message
     * @return this preprocessing
     * @throws BadInputException when there are per-channel values for another count
     */
    public Preprocessing forChannels(int channels, String where) {
        if (mean.length != 1 && mean.length != channels) {
            throw new BadInputException(
                    where + " takes " + channels + " channels; the normalisation gave " + mean.length + " means");
        }
        return this;
    }

    /**
     * Pixels as the model's float input.
     *
     * @param pixels values 0..255, channels interleaved
     * @param channels the number of channels
     * @return the values fed
     */
    public float[] apply(int[] pixels, int channels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = apply(pixels[i], i % channels);
        }
        return out;
    }

    /**
     * The preprocessing as a formula.
     *
     * @return such as {@code x * 0.00392157}, {@code (x * 0.00392157 - 0.1307) / 0.3081}, {@code x (raw pixel values
     *     0-255)}
     */
    public String formula() {
        if (isRaw()) {
            return "x (raw pixel values 0-255)";
        }
        String scaled = scale == 1 ? "x" : "x * " + number(scale);
        boolean normalised = !(mean.length == 1 && mean[0] == 0 && std[0] == 1);
        return normalised ? "(" + scaled + " - " + numbers(mean) + ") / " + numbers(std) : scaled;
    }

    /**
     * The formula and the reason, for the console and the report.
     *
     * @return such as {@code x * 0.00392157, recorded in assets.extra/kerascope.json}
     */
    public String describe() {
        return formula() + ", " + reason;
    }

    /**
     * This one with a scale and a normalisation given by the user applied over it.
     *
     * @param scale the scale, or null to keep this one's
     * @param normalize one mean and one std, or one mean per channel then one std per channel; or null
     * @return the preprocessing to use
     * @throws BadInputException when the values do not fit the channels or a std is not above 0
     */
    public Preprocessing override(Double scale, List<Double> normalize) {
        if (scale == null && normalize == null) {
            return this;
        }
        double s = scale != null ? positive(scale, "the scale") : this.scale;
        double[] m = mean;
        double[] d = std;
        if (normalize != null) {
            if (normalize.size() < 2 || normalize.size() % 2 != 0) {
                throw new BadInputException(
                        "normalisation takes a mean and a std, or one mean per channel then one std per channel;"
                                + " got " + normalize.size() + " values");
            }
            int k = normalize.size() / 2;
            m = new double[k];
            d = new double[k];
            for (int i = 0; i < k; i++) {
                m[i] = normalize.get(i);
                d[i] = positive(normalize.get(k + i), "a normalisation std");
            }
        }
        return new Preprocessing(s, m, d, "given on the command line");
    }

    /**
     * A number as a user writes it: {@code 0.5}, {@code 1/255}, {@code 2e-3}.
     *
     * @param text the text
     * @return the number
     * @throws NumberFormatException when it is not a finite number
     */
    public static double parseNumber(String text) {
        String t = text.strip();
        int slash = t.indexOf('/');
        double v = slash < 0
                ? Double.parseDouble(t)
                : Double.parseDouble(t.substring(0, slash).strip())
                        / Double.parseDouble(t.substring(slash + 1).strip());
        if (!Double.isFinite(v)) {
            throw new NumberFormatException("not a finite number: " + text);
        }
        return v;
    }

    private static double positive(double v, String what) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new BadInputException(what + " must be a number above 0, not " + v);
        }
        return v;
    }

    private static String number(double v) {
        return String.format(Locale.ROOT, "%.6g", v)
                .replaceAll("(\\.\\d*?)0+$", "$1")
                .replaceAll("\\.$", "");
    }

    private static String numbers(double[] v) {
        if (v.length == 1) {
            return number(v[0]);
        }
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i > 0 ? ", " : "").append(number(v[i]));
        }
        return b.append(']').toString();
    }
}
