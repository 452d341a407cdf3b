package dev.kerascope.train;

import java.util.Map;

/**
 * Keras's callback hooks, for what watches a training run (progress bar, CSV logger, checkpoints) without the trainer
 * knowing how it prints or stores. Logs map metric names to values, sorted.
 */
public interface TrainingListener {
    default void onTrainBegin(int epochs, int stepsPerEpoch) {}

    default void onEpochBegin(int epoch) {}

    default void onBatchEnd(int step, Map<String, Double> logs) {}

    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    default void onTrainEnd(History history) {}
}
