package dev.kerascope.bench;

import dev.kerascope.app.ModelSource;
import dev.kerascope.savedmodel.SavedModelInspector;
import dev.kerascope.summary.Keras3SummaryPrinter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code bench summary}: the time to read a model and format its summary (and, for a SavedModel, to inspect it), first
 * call and warm median, in this JVM. Wall-clock time from the command line adds the JVM's start; the README gives both.
 */
public final class SummaryBenchmark {
    private SummaryBenchmark() {}

    public static void run(String model, int repeats, Consumer<String> out) {
        boolean savedModel = Files.isDirectory(Path.of(model));
        double first = once(model, savedModel);
        double[] warm = new double[Math.max(1, repeats)];
        for (int i = 0; i < warm.length; i++) {
            warm[i] = once(model, savedModel);
        }
        out.accept(String.format(
                Locale.ROOT,
                "summary%s %s: first call %.1f ms, warm median %.2f ms over %d repeats",
                savedModel ? " + inspect" : "",
                model,
                first,
                TrainBenchmark.median(warm),
                warm.length));
    }

    private static double once(String model, boolean savedModel) {
        long t0 = System.nanoTime();
        StringBuilder sink = new StringBuilder();
        Keras3SummaryPrinter.print(
                ModelSource.resolve(model).summary(), Keras3SummaryPrinter.DEFAULT_WIDTH, l -> sink.append(l)
                        .append('\n'));
        if (savedModel) {
            SavedModelInspector.inspect(Path.of(model), Set.of("serve"));
        }
        return (System.nanoTime() - t0) / 1e6;
    }
}
