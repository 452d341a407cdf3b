package dev.kerascope.bench;

import dev.kerascope.app.ExportJob;
import dev.kerascope.data.Dataset;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.precision.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code bench export}: export rounds into fresh folders under {@code dir} (deleted after the last), images/s and
 * figures/s with their median, and the process's peak resident memory (VmHWM).
 */
public final class ExportBenchmark {
    private ExportBenchmark() {}

    /** The export's rounds with its session in {@code precision}; returns the median images/s. */
    public static double run(
            Path model, Dataset data, int count, int rounds, Path dir, Precision precision, Consumer<String> out)
            throws IOException {
        double[] rates = new double[rounds];
        int figuresPerImage = 0;
        List<Path> written = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            Path target = dir.resolve("round-" + r + "-" + System.nanoTime());
            written.add(target);
            ExportJob.Outcome o = ExportJob.run(
                    new ExportJob.Options(
                            model,
                            data,
                            count,
                            List.of(),
                            target,
                            false,
                            64,
                            Runtime.getRuntime().availableProcessors(),
                            null,
                            null,
                            Set.of("serve"),
                            "serving_default",
                            precision),
                    (d, t, s) -> {});
            rates[r] = o.images() / o.seconds();
            figuresPerImage = o.figures() / o.images();
            out.accept(String.format(
                    Locale.ROOT,
                    "round %d: %d images in %.2f s = %.0f images/s, %.0f figures/s",
                    r + 1,
                    o.images(),
                    o.seconds(),
                    rates[r],
                    rates[r] * figuresPerImage));
        }
        // Deleted only after the last round: deleting thousands of files between rounds left the file system
        // freeing (and, with ext4's online discard, trimming) blocks while the next round wrote.
        for (Path target : written) {
            AtomicFiles.deleteRecursively(target);
        }
        double median = TrainBenchmark.median(rates);
        String peak = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM"))
                .findFirst()
                .orElse("VmHWM: ?")
                .replaceAll("\\s+", " ");
        out.accept(String.format(
                Locale.ROOT,
                "export of %d images with %d figures each into %s (%s): median %.0f images/s (%.0f"
                        + " figures/s); peak memory %s",
                count,
                figuresPerImage,
                dir,
                precision.cliName(),
                median,
                median * figuresPerImage,
                peak));
        return median;
    }
}
