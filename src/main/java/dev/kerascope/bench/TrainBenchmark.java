package dev.kerascope.bench;

import dev.kerascope.arch.Architecture;
import dev.kerascope.data.LabeledImages;
import dev.kerascope.graph.Tensors;
import dev.kerascope.report.ProgbarLogger;
import dev.kerascope.train.History;
import dev.kerascope.train.Preprocessing;
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
 * {@code bench train}: the bare training step (one session run on tensors made once, nothing
 * fetched) at several batch sizes, then a full epoch through kerascope's real loop (batching,
 * preprocessing, metric fetches, progress bar) against steps × the bare step measured in the same
 * run. Medians of several rounds, because these machines are shared and noisy.
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
    int[] in = arch.inputShape();
    int size = in[0] * in[1] * in[2];
    SplittableRandom random = new SplittableRandom(1);
    float[] images = new float[batchSize * size];
    for (int i = 0; i < images.length; i++) {
      images[i] = (float) random.nextDouble();
    }
    int[] labels = random.ints(batchSize, 0, 10).toArray();
    double[] ms = new double[rounds];
    try (TrainingGraph graph = new TrainingGraph(arch, 1e-3, 1);
        TFloat32 x = Tensors.floats(images, batchSize, in[0], in[1], in[2]);
        TInt32 y = Tensors.ints(labels, batchSize)) {
      graph.initialize(1);
      for (int i = 0; i < 20; i++) {
        graph.trainStepOnly(x, y);
      }
      for (int r = 0; r < rounds; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < steps; i++) {
          graph.trainStepOnly(x, y);
        }
        ms[r] = (System.nanoTime() - t0) / 1e6 / steps;
      }
    }
    StepResult result = new StepResult(batchSize, median(ms), ms);
    out.accept(String.format(Locale.ROOT, "bare step  batch %4d: %7.2f ms/step  %8.0f samples/s  (rounds: %s)",
        batchSize, result.medianMsPerStep(), result.samplesPerSecond(), fmt(ms)));
    return result;
  }

  /**
   * Full epochs through {@link Trainer} with a silent progress bar and no validation, each round
   * right after a bare-step measurement, so the ratio compares numbers taken minutes apart at most.
   */
  public EpochResult epoch(LabeledImages train, int batchSize, int rounds, int bareSteps) {
    double[] seconds = new double[rounds];
    double[] bare = new double[rounds];
    double[] ratios = new double[rounds];
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
    int steps = Trainer.stepsPerEpoch(train.count(), batchSize);
    for (int r = 0; r < rounds; r++) {
      bare[r] = bareStep(batchSize, bareSteps, 1).medianMsPerStep();
      try (TrainingGraph graph = new TrainingGraph(arch, 1e-3, r)) {
        graph.initialize(r);
        var progress = new ProgbarLogger(nowhere, true, 1, line -> { }, System::nanoTime);
        Trainer trainer = new Trainer(graph, Preprocessing.of(arch.training()), batchSize, r, List.of(progress));
        long t0 = System.nanoTime();
        trainer.fit(train, null, 0, 1, new History());
        seconds[r] = (System.nanoTime() - t0) / 1e9;
      }
      ratios[r] = seconds[r] * 1000 / (steps * bare[r]);
      out.accept(String.format(Locale.ROOT, "epoch round %d: %.2f s = %.2f ms/step; bare step just before: %.2f ms; ratio %.3f",
          r + 1, seconds[r], seconds[r] * 1000 / steps, bare[r], ratios[r]));
    }
    EpochResult e = new EpochResult(batchSize, steps, median(seconds), median(bare));
    out.accept(String.format(Locale.ROOT, "full epoch batch %d: %d steps, median %.2f s = %.2f ms/step; "
        + "median ratio to steps x bare step %.3f (target <= 1.10)", batchSize, steps, e.medianSeconds(),
        e.medianSeconds() * 1000 / steps, median(ratios)));
    return e;
  }

  public static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }

  private static String fmt(double[] ms) {
    List<String> parts = new ArrayList<>();
    for (double m : ms) {
      parts.add(String.format(Locale.ROOT, "%.2f", m));
    }
    return String.join(", ", parts);
  }
}
