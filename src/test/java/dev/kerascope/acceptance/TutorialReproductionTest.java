package dev.kerascope.acceptance;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.app.TrainJob;
import dev.kerascope.app.TrainOptions;
import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.data.DatasetId;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.precision.Precision;
import dev.kerascope.report.ProgbarLogger;
import dev.kerascope.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tutorials reproduced on the full data sets with each architecture's own defaults (epochs, batch size,
 * preprocessing), printing Keras's epoch lines into the CI log.
 */
@Tag("acceptance")
class TutorialReproductionTest {
    static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    @TempDir
    Path dir;

    static double finalValAccuracy(String model, Optional<Path> data, Path out) {
        return finalValAccuracy(model, data, out, new Precision.Choice(Precision.FLOAT32, "the tutorials' own"));
    }

    static double finalValAccuracy(String model, Optional<Path> data, Path out, Precision.Choice precision) {
        Architecture arch = Architectures.builtIn(model);
        var t = arch.training();
        System.out.println(
                "== " + model + ": " + t.epochs() + " epochs, batch " + t.batchSize() + ", " + precision.describe());
        TrainJob job = new TrainJob(DatasetLocator.standard(), System.out);
        TrainOptions o = new TrainOptions(
                arch,
                DatasetId.parse(t.dataset()),
                data,
                t.epochs(),
                t.batchSize(),
                1234,
                Optional.empty(),
                out,
                2,
                Optional.empty(),
                precision);
        TrainJob.Outcome outcome = job.start(o, log -> new ProgbarLogger(System.out, false, 2, log, System::nanoTime));
        List<Double> acc = outcome.history().asMap().get("val_accuracy");
        return acc.get(acc.size() - 1);
    }

    @Test
    void kerasMnistReachesTheTutorialsValidationAccuracy() {
        double acc =
                finalValAccuracy("keras-mnist", Optional.of(SharedData.require(SharedData.mnist())), dir.resolve("k"));
        assertTrue(acc >= 0.985, "tutorial 002: 0.9877 after 2 epochs; got " + acc);
    }

    @Test
    void paddedMnistReachesTheTutorialsTestAccuracy() {
        double acc =
                finalValAccuracy("padded-mnist", Optional.of(SharedData.require(SharedData.mnist())), dir.resolve("p"));
        assertTrue(acc >= 0.985, "tutorial 004: 98.9% after 3 epochs; got " + acc);
    }

    @Test
    void tinyMnistReachesTheTutorialsTestAccuracy() {
        double acc =
                finalValAccuracy("tiny-mnist", Optional.of(SharedData.require(SharedData.mnist())), dir.resolve("t"));
        assertTrue(acc >= 0.980, "tutorial 000: 98.42% after 3 epochs; got " + acc);
    }

    @Test
    void tinyFashionLearnsFashionMnist() {
        boolean present = Files.isDirectory(FASHION);
        if (!present) {
            System.out.println("SKIPPED: " + FASHION + " is not present (apt-get install dataset-fashion-mnist)");
        }
        Assumptions.assumeTrue(present, "Debian's dataset-fashion-mnist is not installed");
        double acc = finalValAccuracy("tiny-fashion", Optional.of(FASHION), dir.resolve("f"));
        assertTrue(acc >= 0.88, "tutorial 001 on Fashion-MNIST, 5 epochs; got " + acc);
    }
}
