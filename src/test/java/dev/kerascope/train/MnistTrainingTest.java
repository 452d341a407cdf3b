package dev.kerascope.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetId;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.testing.SharedData;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** keras-mnist on a 2,048-image MNIST subset, one seeded epoch (the quick training check). */
class MnistTrainingTest {
    @Test
    void oneEpochOnASubsetLowersTheLossAndBeatsChanceByFar() {
        Dataset mnist =
                DatasetLocator.standard().load(DatasetId.MNIST, Optional.of(SharedData.require(SharedData.mnist())));
        Architecture arch = Architectures.builtIn("keras-mnist");
        PixelTable pre = PixelTable.of(arch.training());
        try (TrainingGraph graph = new TrainingGraph(arch, 1e-3, 1)) {
            graph.initialize(1);
            Trainer trainer = new Trainer(graph, pre, 32, 1, List.of());
            var subset = mnist.train().head(2048);
            StepMetrics before = trainer.evaluate(subset);
            History h = trainer.fit(subset, mnist.test(), 0, 1, new History());
            StepMetrics after = trainer.evaluate(subset);
            System.out.printf(
                    "keras-mnist, 2048 images, 1 epoch: subset loss %.4f -> %.4f, val_accuracy %.4f%n",
                    before.meanLoss(),
                    after.meanLoss(),
                    h.asMap().get("val_accuracy").get(0));
            assertTrue(after.meanLoss() < before.meanLoss() / 3, "loss must fall");
            assertTrue(h.asMap().get("val_accuracy").get(0) > 0.75, "10% is chance: " + h.asMap());
        }
    }
}
