package dev.kerascope.app;

import dev.kerascope.arch.Architecture;
import dev.kerascope.precision.Precision;
import dev.kerascope.train.PixelTable;
import dev.kerascope.train.SavedModelExporter;
import dev.kerascope.train.TrainingGraph;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@link TrainJob} trains: a new model from an architecture, or a loaded one ({@link FromModel}). Both give a
 * {@link TrainingGraph}, so the loop, the logs, the checkpoints and resuming are one code.
 */
interface TrainModel {
    /** The name the console and train.log show. */
    String name();

    /** The dimensions of one input after the batch. */
    int[] inputShape();

    PixelTable preprocessing();

    double learningRate();

    TrainingGraph trainingGraph(long seed, Precision precision);

    /** Sets the graph's starting state: fresh weights, or the loaded ones. */
    void initialize(TrainingGraph graph, long seed);

    /** Writes the trained weights as the run's SavedModel with kerascope's record. */
    void export(Map<String, float[]> weights, PixelTable pre, String dataset, Path target);

    /** A new model of a kerascope architecture, trained from Keras's initial weights. */
    record New(Architecture architecture) implements TrainModel {
        @Override
        public String name() {
            return architecture.name();
        }

        @Override
        public int[] inputShape() {
            return architecture.inputShape();
        }

        @Override
        public PixelTable preprocessing() {
            return PixelTable.of(architecture.training());
        }

        @Override
        public double learningRate() {
            return architecture.training().learningRate();
        }

        @Override
        public TrainingGraph trainingGraph(long seed, Precision precision) {
            return new TrainingGraph(architecture, learningRate(), seed, precision);
        }

        @Override
        public void initialize(TrainingGraph graph, long seed) {
            graph.initialize(seed);
        }

        @Override
        public void export(Map<String, float[]> weights, PixelTable pre, String dataset, Path target) {
            SavedModelExporter.export(architecture, weights, pre, dataset, target);
        }
    }
}
