package dev.kerascope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.ArchitectureJson;
import org.junit.jupiter.api.Test;

/**
 * Keras's {@code fit} evaluates the validation set with {@code training=False}: Dropout is the identity there and drops
 * only on training steps. The oracle is the same model without its Dropout layer (Dropout has no weights), which
 * computes what Keras's evaluation computes.
 */
class DropoutPhaseTest {
    private static final String LAYERS =
            """
      {"input_shape": [2, 2, 1], "layers": [{"class_name": "Flatten", "config": {"name": "flatten"}},
        {"class_name": "Dense", "config": {"name": "hidden", "units": 16, "activation": "relu"}},%s
        {"class_name": "Dense", "config": {"name": "out", "units": 3, "activation": "softmax"}}]}""";
    static final Architecture WITH_DROPOUT = ArchitectureJson.parse(
            LAYERS.formatted("\n{\"class_name\": \"Dropout\", \"config\": {\"name\": \"drop\", \"rate\": 0.5}},"),
            "test");
    static final Architecture WITHOUT_DROPOUT = ArchitectureJson.parse(LAYERS.formatted(""), "test");

    @Test
    void validationRunsWithDropoutOffAndTrainingStepsWithItOn() {
        int n = TrainingGraphTest.Y.length;
        try (TrainingGraph dropped = new TrainingGraph(WITH_DROPOUT, 1e-3, 5);
                TrainingGraph plain = new TrainingGraph(WITHOUT_DROPOUT, 1e-3, 5)) {
            dropped.initialize(5);
            plain.initialize(1);
            plain.setWeights(dropped.weights());
            StepMetrics expected = plain.evaluate(TrainingGraphTest.X, TrainingGraphTest.Y, n);
            StepMetrics first = dropped.evaluate(TrainingGraphTest.X, TrainingGraphTest.Y, n);
            StepMetrics second = dropped.evaluate(TrainingGraphTest.X, TrainingGraphTest.Y, n);
            assertEquals(expected.meanLoss(), first.meanLoss(), 1e-6, "evaluation equals the model without Dropout");
            assertEquals(first.meanLoss(), second.meanLoss(), 0f, "evaluation is deterministic");
            // A training step reports the loss of the batch it trains on, before the update: with half of
            // the hidden units dropped (and the rest doubled) that loss is not the evaluation's.
            StepMetrics trained = dropped.trainStep(TrainingGraphTest.X, TrainingGraphTest.Y, n);
            assertNotEquals(expected.meanLoss(), trained.meanLoss(), 1e-4f, "dropout is active on training steps");
        }
    }
}
