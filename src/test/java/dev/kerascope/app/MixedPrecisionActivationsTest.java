package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.input.ImageSource;
import dev.kerascope.precision.Precision;
import dev.kerascope.precision.Sessions;
import dev.kerascope.walker.LayerTensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped model's activations in mixed_bfloat16 against float32, on the walker's session. Runs only where auto
 * would choose bfloat16: elsewhere oneDNN emulates it, which proves little.
 */
class MixedPrecisionActivationsTest {
    static final Path MODEL = Path.of("saved-models/keras-mnist/saved_model");

    /**
     * bfloat16 keeps 8 bits of mantissa: each rounded input and weight is off by at most 2^-9 relative, and oneDNN
     * accumulates the products in float32. Seven layers deep (five convolutions and two dense layers) those relative
     * errors add up to about 7 x 2 x 2^-9 = 2.7% of a layer's largest value in the worst case, so 3% of the float32
     * layer's largest magnitude is the bound.
     */
    static final double RELATIVE_TO_LAYER_MAX = 0.03;

    @BeforeAll
    static void needsBfloat16() {
        assertTrue(Sessions.softmaxStaysFloat32(), "the build sets Sessions.SOFTMAX_FLOAT32_ENV for the tests");
        Precision.Choice auto = Precision.choose("auto");
        if (auto.precision() != Precision.MIXED_BFLOAT16) {
            System.out.println("SKIPPED: MixedPrecisionActivationsTest needs a CPU with amx_bf16 or avx512_bf16 ("
                    + auto.reason() + ")");
        }
        Assumptions.assumeTrue(auto.precision() == Precision.MIXED_BFLOAT16, auto.reason());
    }

    static Map<String, LayerTensor> activations(String digit, Precision precision) {
        return ActivationsJob.run(new ActivationsJob.Request(
                        MODEL,
                        Set.of("serve"),
                        "serving_default",
                        ImageSource.file(Path.of("examples/digits/" + digit)),
                        List.of(),
                        null,
                        null,
                        List.of(),
                        false,
                        List.of(),
                        null,
                        precision))
                .tensors();
    }

    @Test
    void everyLayerIsWithinBfloat16sToleranceOfFloat32AndTheClassIsTheSame() {
        for (String digit : List.of("digit-3.png", "digit-7.png")) {
            Map<String, LayerTensor> f32 = activations(digit, Precision.FLOAT32);
            Map<String, LayerTensor> bf16 = activations(digit, Precision.MIXED_BFLOAT16);
            assertEquals(f32.keySet(), bf16.keySet());
            double worstRelative = 0;
            for (String layer : f32.keySet()) {
                float[] a = f32.get(layer).values();
                float[] b = bf16.get(layer).values();
                assertEquals(a.length, b.length, layer);
                double max = 0;
                double diff = 0;
                for (int i = 0; i < a.length; i++) {
                    max = Math.max(max, Math.abs(a[i]));
                    diff = Math.max(diff, Math.abs(a[i] - b[i]));
                }
                worstRelative = Math.max(worstRelative, diff / max);
                System.out.printf(
                        Locale.ROOT,
                        "%s %-8s max |f32| %.4f, max |bf16 - f32| %.5f (%.3f%%)%n",
                        digit,
                        layer,
                        max,
                        diff,
                        100 * diff / max);
                assertTrue(
                        diff <= RELATIVE_TO_LAYER_MAX * max, digit + " " + layer + ": off by " + diff + " of " + max);
            }
            // The rewrite really ran: bfloat16 rounding changes some value (float32 sessions are deterministic here).
            assertTrue(
                    worstRelative > 0,
                    digit + ": mixed_bfloat16 gave float32's exact numbers: the session had no rewrite");
            assertEquals(
                    argmax(f32.get("dense_1").values()),
                    argmax(bf16.get("dense_1").values()),
                    digit);
        }
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            best = v[i] > v[best] ? i : best;
        }
        return best;
    }
}
