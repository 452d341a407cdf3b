package dev.kerascope.viz;

import dev.kerascope.io.BadInputException;
import java.awt.Color;
import java.util.Locale;

/**
 * Colour maps as anchor colours interpolated linearly. The defaults are colour-blind safe: viridis for activations, a
 * blue–white–orange diverging map centred on zero for weights (after ColorBrewer's PuOr family), cividis and gray as
 * alternatives. Anchors are sampled from the published maps (viridis and cividis are CC0).
 */
public enum Palette {
    VIRIDIS(false, 0x440154, 0x482878, 0x3e4a89, 0x31688e, 0x26828e, 0x1f9e89, 0x35b779, 0x6ece58, 0xb5de2b, 0xfde725),
    CIVIDIS(false, 0x00204d, 0x00336f, 0x39486b, 0x575d6d, 0x707173, 0x8a8779, 0xa69d75, 0xc4b56c, 0xe4cf5b, 0xffea46),
    GRAY(false, 0x000000, 0xffffff),
    BLUE_ORANGE(true, 0x0571b0, 0x92c5de, 0xf7f7f7, 0xfdb863, 0xe66101);

    private final boolean diverging;
    private final int[] anchors;
    private final int[] lut = new int[256];

    Palette(boolean diverging, int... anchors) {
        this.diverging = diverging;
        this.anchors = anchors;
        for (int i = 0; i < 256; i++) {
            lut[i] = interpolate(i / 255.0);
        }
    }

    public static Palette parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT).replace('-', '_')) {
            case "viridis" -> VIRIDIS;
            case "cividis" -> CIVIDIS;
            case "gray", "grey" -> GRAY;
            case "blue_orange", "diverging" -> BLUE_ORANGE;
            default -> throw new BadInputException(
                    "unknown palette '" + name + "' (viridis, cividis, gray, blue-orange)");
        };
    }

    public boolean diverging() {
        return diverging;
    }

    /** RGB of position t in [0, 1] (clamped). */
    public int rgb(double t) {
        if (Double.isNaN(t)) {
            return 0x808080;
        }
        return lut[(int) Math.round(Math.max(0, Math.min(1, t)) * 255)];
    }

    /** The 256-entry table, for indexed-colour images. */
    public int[] table() {
        return lut.clone();
    }

    private int interpolate(double t) {
        double x = t * (anchors.length - 1);
        int i = Math.min((int) x, anchors.length - 2);
        double f = x - i;
        Color a = new Color(anchors[i]);
        Color b = new Color(anchors[i + 1]);
        int r = (int) Math.round(a.getRed() + f * (b.getRed() - a.getRed()));
        int g = (int) Math.round(a.getGreen() + f * (b.getGreen() - a.getGreen()));
        int bl = (int) Math.round(a.getBlue() + f * (b.getBlue() - a.getBlue()));
        return (r << 16) | (g << 8) | bl;
    }
}
