package dev.kerascope.acceptance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.precision.Precision;
import dev.kerascope.testing.SharedData;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorials' accuracy bounds in mixed_bfloat16 (about a minute each on 2 cores with bf16 instructions; skipped
 * elsewhere, where oneDNN would emulate bfloat16 for many minutes).
 */
@Tag("acceptance")
class MixedPrecisionTutorialTest {
    static final Precision.Choice MIXED = new Precision.Choice(Precision.MIXED_BFLOAT16, "the acceptance test's");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsBfloat16() {
        Precision.Choice auto = Precision.choose("auto");
        if (auto.precision() != Precision.MIXED_BFLOAT16) {
            System.out.println("SKIPPED: MixedPrecisionTutorialTest needs a CPU with amx_bf16 or avx512_bf16 ("
                    + auto.reason() + ")");
        }
        Assumptions.assumeTrue(auto.precision() == Precision.MIXED_BFLOAT16, auto.reason());
    }

    @Test
    void kerasMnistReachesTheTutorialsValidationAccuracyInMixedBfloat16() {
        double acc = TutorialReproductionTest.finalValAccuracy(
                "keras-mnist", Optional.of(SharedData.require(SharedData.mnist())), dir.resolve("k"), MIXED);
        assertTrue(acc >= 0.985, "tutorial 002: 0.9877 after 2 epochs; got " + acc);
    }

    @Test
    void paddedMnistReachesTheTutorialsTestAccuracyInMixedBfloat16() {
        double acc = TutorialReproductionTest.finalValAccuracy(
                "padded-mnist", Optional.of(SharedData.require(SharedData.mnist())), dir.resolve("p"), MIXED);
        assertTrue(acc >= 0.985, "tutorial 004: 98.9% after 3 epochs; got " + acc);
    }
}
