package dev.kerascope.bench;

import dev.kerascope.arch.Architecture;
import dev.kerascope.data.LabeledImages;
import dev.kerascope.graph.Tensors;
import dev.kerascope.precision.Precision;
import dev.kerascope.report.ProgbarLogger;
import dev.kerascope.train.History;
import dev.kerascope.train.PixelTable;
import dev.kerascope.train.Trainer;
import dev.kerascope.train.TrainingGraph;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * {@code bench train}: the bare training step (one session run on tensors made once, nothing fetched) at several batch
 * sizes, then a full epoch through kerascope's real loop (batching, preprocessing, metric fetches, progress bar)
 * against steps × the bare step measured in the same run. Medians of several rounds, because these machines are shared
 * and noisy. {@link #compare} times precisions side by side: one graph per precision, rounds alternating between them,
 * so a busy moment of the host falls on both and the ratio stays meaningful.
 */
public final class TrainBenchmark {
    public record StepResult(int batchSize, double medianMsPerStep, double[] roundsMs) {
        public double samplesPerSecond() {
            return batchSize * 1000.0 / medianMsPerStep;
        }
    }

    public record EpochResult(int batchSize, int steps, double medianSeconds, double bareMsPerStep) {
        public double ratio() {
            return medianSeconds * 1000.0 / (steps * bareMsPerStep);
        }
    }

    private final Architecture arch;
    private final Consumer<String> out;

    public TrainBenchmark(Architecture arch, Consumer<String> out) {
        this.arch = arch;
        this.out = out;
    }

    public StepResult bareStep(int batchSize, int steps, int rounds) {
        return bareStep(batchSize, steps, rounds, Precision.FLOAT32);
    }

    public StepResult bareStep(int batchSize, int steps, int rounds, Precision precision) {
        return compare(batchSize, steps, rounds, List.of(precision)).get(0);
    }

    /**
     * The bare step at one batch size in each precision: every graph is built and warmed first, then each round times
     * every precision once, the order reversed on odd rounds so neither always runs first. With two precisions, prints
     * the ratio of the second's median to the first's.
     */
    public List<StepResult> compare(int batchSize, int steps, int rounds, List<Precision> precisions) {
        int[] in = arch.inputShape();
        int size = in[0] * in[1] * in[2];
        SplittableRandom random = new SplittableRandom(1);
        float[] images = new float[batchSize * size];
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) random.nextDouble();
        }
        int[] labels = random.ints(batchSize, 0, 10).toArray();
        int n = precisions.size();
        double[][] ms = new double[n][rounds];
        List<TrainingGraph> graphs = new ArrayList<>();
        try (TFloat32 x = Tensors.floats(images, batchSize, in[0], in[1], in[2]);
                TInt32 y = Tensors.ints(labels, batchSize)) {
            for (Precision p : precisions) {
                TrainingGraph graph = new TrainingGraph(arch, 1e-3, 1, p);
                graphs.add(graph);
                graph.initialize(1);
                // The first steps include grappler's rewrite and oneDNN's primitive creation.
                for (int i = 0; i < 20; i++) {
                    graph.trainStepOnly(x, y);
                }
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < n; k++) {
                    int g = r % 2 == 0 ? k : n - 1 - k;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < steps; i++) {
                        graphs.get(g).trainStepOnly(x, y);
                    }
                    ms[g][r] = (System.nanoTime() - t0) / 1e6 / steps;
                }
            }
        } finally {
            graphs.forEach(TrainingGraph::close);
        }
        List<StepResult> results = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            StepResult result = new StepResult(batchSize, median(ms[k]), ms[k]);
            results.add(result);
            out.accept(String.format(
                    Locale.ROOT,
                    "bare step  batch %4d  %-14s %7.2f ms/step  %8.0f samples/s  (rounds: %s)",
                    batchSize,
                    precisions.get(k).cliName(),
                    result.medianMsPerStep(),
                    result.samplesPerSecond(),
                    fmt(ms[k])));
        }
        if (n == 2) {
            out.accept(String.format(
                    Locale.ROOT,
                    "ratio      batch %4d  %s / %s = %.3f  (medians; per round: %s)",
                    batchSize,
                    precisions.get(1).cliName(),
                    precisions.get(0).cliName(),
                    results.get(1).medianMsPerStep() / results.get(0).medianMsPerStep(),
                    fmt(perRound(ms[1], ms[0]))));
        }
        return results;
    }

    /**
     * Full epochs through {@link Trainer} with a silent progress bar and no validation, each round right after a
     * bare-step measurement, so the ratio compares numbers taken minutes apart at most.
     */
    public EpochResult epoch(LabeledImages train, int batchSize, int rounds, int bareSteps) {
        return epoch(train, batchSize, rounds, bareSteps, Precision.FLOAT32);
    }

    public EpochResult epoch(LabeledImages train, int batchSize, int rounds, int bareSteps, Precision precision) {
        double[] seconds = new double[rounds];
        double[] bare = new double[rounds];
        double[] ratios = new double[rounds];
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        int steps = Trainer.stepsPerEpoch(train.count(), batchSize);
        for (int r = 0; r < rounds; r++) {
            bare[r] = bareStep(batchSize, bareSteps, 1, precision).medianMsPerStep();
            try (TrainingGraph graph = new TrainingGraph(arch, 1e-3, r, precision)) {
                graph.initialize(r);
                var progress = new ProgbarLogger(nowhere, true, 1, line -> {}, System::nanoTime);
                Trainer trainer = new Trainer(graph, PixelTable.of(arch.training()), batchSize, r, List.of(progress));
                long t0 = System.nanoTime();
                trainer.fit(train, null, 0, 1, new History());
                seconds[r] = (System.nanoTime() - t0) / 1e9;
            }
            ratios[r] = seconds[r] * 1000 / (steps * bare[r]);
            out.accept(String.format(
                    Locale.ROOT,
                    "epoch round %d: %.2f s = %.2f ms/step; bare step just before: %.2f ms; ratio %.3f",
                    r + 1,
                    seconds[r],
                    seconds[r] * 1000 / steps,
                    bare[r],
                    ratios[r]));
        }
        EpochResult e = new EpochResult(batchSize, steps, median(seconds), median(bare));
        out.accept(String.format(
                Locale.ROOT,
                "full epoch batch %d %s: %d steps, median %.2f s = %.2f ms/step; "
                        + "median ratio to steps x bare step %.3f (target <= 1.10)",
                batchSize,
                precision.cliName(),
                steps,
                e.medianSeconds(),
                e.medianSeconds() * 1000 / steps,
                median(ratios)));
        return e;
    }

    public static double median(double[] values) {
        double[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double[] perRound(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return r;
    }

    private static String fmt(double[] ms) {
        List<String> parts = new ArrayList<>();
        for (double m : ms) {
            parts.add(String.format(Locale.ROOT, "%.2f", m));
        }
        return String.join(", ", parts);
    }
}
