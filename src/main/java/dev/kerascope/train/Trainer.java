package dev.kerascope.train;

import dev.kerascope.data.LabeledImages;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Keras's {@code fit} loop: every epoch shuffles the training set, runs one Adam step per batch (the last partial batch
 * included), reports running means of loss and accuracy over the epoch, then evaluates on the validation set. The
 * epoch's shuffle depends only on the seed and the epoch number, so a run resumed from a checkpoint sees the same
 * batches as an uninterrupted one.
 */
public final class Trainer {
    /** Validation batches are larger than training ones: the means are the same, the pass is faster. */
    public static final int EVAL_BATCH = 500;

    private final TrainingGraph graph;
    private final PixelTable preprocessing;
    private final int batchSize;
    private final long seed;
    private final List<TrainingListener> listeners;

    public Trainer(
            TrainingGraph graph, PixelTable preprocessing, int batchSize, long seed, List<TrainingListener> listeners) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.graph = graph;
        this.preprocessing = preprocessing;
        this.batchSize = batchSize;
        this.seed = seed;
        this.listeners = List.copyOf(listeners);
    }

    /** Trains epochs {@code initialEpoch..epochs-1} (0-based), appending to {@code history}. */
    public History fit(LabeledImages train, LabeledImages validation, int initialEpoch, int epochs, History history) {
        int steps = stepsPerEpoch(train.count(), batchSize);
        listeners.forEach(l -> l.onTrainBegin(epochs, steps));
        float[] images = new float[batchSize * train.imageSize()];
        int[] labels = new int[batchSize];
        for (int epoch = initialEpoch; epoch < epochs; epoch++) {
            final int e = epoch;
            listeners.forEach(l -> l.onEpochBegin(e));
            int[] order = shuffledIndices(train.count(), seed, epoch);
            StepMetrics running = StepMetrics.ZERO;
            for (int step = 0; step < steps; step++) {
                int from = step * batchSize;
                int n = Math.min(batchSize, train.count() - from);
                preprocessing.gather(train, order, from, n, images, labels);
                running = running.plus(graph.trainStep(images, labels, n));
                if (!listeners.isEmpty()) {
                    Map<String, Double> logs = logs(running, null);
                    int s = step + 1;
                    listeners.forEach(l -> l.onBatchEnd(s, logs));
                }
            }
            StepMetrics val = validation == null ? null : evaluate(validation);
            Map<String, Double> logs = logs(running, val);
            history.append(logs);
            listeners.forEach(l -> l.onEpochEnd(e, logs));
        }
        listeners.forEach(l -> l.onTrainEnd(history));
        return history;
    }

    public StepMetrics evaluate(LabeledImages set) {
        int batch = Math.min(EVAL_BATCH, set.count());
        float[] images = new float[batch * set.imageSize()];
        int[] labels = new int[batch];
        int[] order = new int[set.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        StepMetrics total = StepMetrics.ZERO;
        for (int from = 0; from < set.count(); from += batch) {
            int n = Math.min(batch, set.count() - from);
            preprocessing.gather(set, order, from, n, images, labels);
            total = total.plus(graph.evaluate(images, labels, n));
        }
        return total;
    }

    /** Keras's log dict for an epoch: accuracy, loss and their val_ twins, sorted by name. */
    static Map<String, Double> logs(StepMetrics train, StepMetrics val) {
        Map<String, Double> logs = new TreeMap<>();
        logs.put("accuracy", (double) train.accuracy());
        logs.put("loss", (double) train.meanLoss());
        if (val != null) {
            logs.put("val_accuracy", (double) val.accuracy());
            logs.put("val_loss", (double) val.meanLoss());
        }
        return logs;
    }

    public static int stepsPerEpoch(int samples, int batchSize) {
        return (samples + batchSize - 1) / batchSize;
    }

    /** A permutation of {@code 0..n-1} that depends only on the seed and the epoch. */
    public static int[] shuffledIndices(int n, long seed, int epoch) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
