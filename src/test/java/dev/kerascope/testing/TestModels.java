package dev.kerascope.testing;

import dev.kerascope.arch.Architectures;
import dev.kerascope.train.PixelTable;
import dev.kerascope.train.SavedModelExporter;
import dev.kerascope.train.TrainingGraph;
import java.nio.file.Path;

/** SavedModels that tests make themselves: an untrained keras-mnist exported by kerascope. */
public final class TestModels {
    private TestModels() {}

    /** keras-mnist with glorot weights from {@code seed}, exported to {@code dir}. */
    public static Path untrainedKerasMnist(Path dir, long seed) {
        var arch = Architectures.builtIn("keras-mnist");
        try (TrainingGraph g = new TrainingGraph(arch, 1e-3, seed)) {
            g.initialize(seed);
            SavedModelExporter.export(arch, g.weights(), PixelTable.of(arch.training()), "mnist", dir);
        }
        return dir;
    }
}
