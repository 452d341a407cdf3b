package dev.kerascope.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code (v · scale − mean[c]) / std[c]}, its printed formula, and the command line's overrides of it. */
class PreprocessingTest {
    private static String refused(Runnable r) {
        return assertThrows(BadInputException.class, r::run).getMessage();
    }

    @Test
    void rawPixelsPassThroughAndSaySo() {
        Preprocessing raw = Preprocessing.raw("the model rescales");
        assertTrue(raw.isRaw());
        assertEquals(200f, raw.apply(200, 0));
        assertEquals("x (raw pixel values 0-255), the model rescales", raw.describe());
        assertFalse(Preprocessing.of(1, 0, 2, "r").isRaw());
        assertFalse(Preprocessing.of(1, 0.5, 1, "r").isRaw());
        assertFalse(Preprocessing.of(0.5, 0, 1, "r").isRaw());
    }

    @Test
    void scalingAndNormalisingPrintTheirFormula() {
        Preprocessing scaled = Preprocessing.of(1 / 255.0, 0, 1, "r");
        assertEquals("x * 0.00392157", scaled.formula());
        assertEquals(1f, scaled.apply(255, 0));
        Preprocessing mnist = Preprocessing.of(1 / 255.0, 0.1307, 0.3081, "r");
        assertEquals("(x * 0.00392157 - 0.1307) / 0.3081", mnist.formula());
        assertEquals((float) ((1 - 0.1307) / 0.3081), mnist.apply(255, 2), 1e-6f, "one mean for every channel");
        assertEquals("(x - 0.5) / 2", Preprocessing.of(1, 0.5, 2, "r").formula());
        assertEquals("(x - 0) / 2", Preprocessing.of(1, 0, 2, "r").formula());
    }

    @Test
    void perChannelValuesApplyToInterleavedPixels() {
        Preprocessing imagenet = new Preprocessing(
                1 / 255.0, new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225}, "r");
        assertEquals("(x * 0.00392157 - [0.485, 0.456, 0.406]) / [0.229, 0.224, 0.225]", imagenet.formula());
        float[] out = imagenet.apply(new int[] {255, 255, 255, 0}, 3);
        assertArrayEquals(
                new float[] {
                    (float) ((1 - 0.485) / 0.229),
                    (float) ((1 - 0.456) / 0.224),
                    (float) ((1 - 0.406) / 0.225),
                    (float) (-0.485 / 0.229)
                },
                out,
                1e-6f);
        double[] mean = imagenet.mean();
        mean[0] = 9;
        assertEquals(0.485, imagenet.mean()[0], "a copy is handed out");
        double[] std = imagenet.std();
        std[0] = 9;
        assertEquals(0.229, imagenet.std()[0]);
        assertSame(imagenet, imagenet.forChannels(3, "model m"));
        assertEquals(
                "model m takes 1 channels; the normalisation gave 3 means",
                refused(() -> imagenet.forChannels(1, "model m")));
        Preprocessing one = Preprocessing.of(1, 0, 1, "r");
        assertSame(one, one.forChannels(3, "m"));
        assertThrows(
                IllegalArgumentException.class, () -> new Preprocessing(1, new double[] {0, 0}, new double[] {1}, "r"));
        assertThrows(IllegalArgumentException.class, () -> new Preprocessing(1, new double[0], new double[0], "r"));
    }

    @Test
    void theCommandLineOverridesScaleOrNormalisationOrBoth() {
        Preprocessing base = Preprocessing.of(1 / 255.0, 0.1307, 0.3081, "from the model");
        assertSame(base, base.override(null, null));
        Preprocessing scale = base.override(1 / 127.5, null);
        assertEquals(
                "(x * 0.00784314 - 0.1307) / 0.3081, given on the command line",
                scale.describe(),
                "the normalisation stays");
        Preprocessing norm = base.override(null, List.of(0.5, 0.25));
        assertEquals("(x * 0.00392157 - 0.5) / 0.25", norm.formula(), "the scale stays");
        Preprocessing both = base.override(2e-3, List.of(0.1, 0.2, 0.3, 1.0, 2.0, 4.0));
        assertEquals("(x * 0.002 - [0.1, 0.2, 0.3]) / [1, 2, 4]", both.formula());
        assertEquals(
                "normalisation takes a mean and a std, or one mean per channel then one std per channel; got 3 values",
                refused(() -> base.override(null, List.of(1.0, 2.0, 3.0))));
        assertTrue(refused(() -> base.override(null, List.of(1.0))).endsWith("got 1 values"));
        assertEquals(
                "a normalisation std must be a number above 0, not 0.0",
                refused(() -> base.override(null, List.of(0.5, 0.0))));
        assertEquals("the scale must be a number above 0, not -1.0", refused(() -> base.override(-1.0, null)));
        assertEquals("the scale must be a number above 0, not 0.0", refused(() -> base.override(0.0, null)));
    }

    @Test
    void numbersAreWrittenAsDecimalsFractionsOrExponents() {
        assertEquals(0.5, Preprocessing.parseNumber(" 0.5 "));
        assertEquals(1 / 255.0, Preprocessing.parseNumber("1 / 255"));
        assertEquals(0.002, Preprocessing.parseNumber("2e-3"));
        for (String bad : List.of("abc", "1/0", "0/0", "NaN", "Infinity", "1/x", "")) {
            assertThrows(NumberFormatException.class, () -> Preprocessing.parseNumber(bad), bad);
        }
    }
}
