package dev.kerascope.cli;

import dev.kerascope.app.ExportJob;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.precision.Precision;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "export",
        description = "Write the feature-map figures of every conv and pool layer for the first COUNT"
                + " test images, with manifest.json.")
public final class ExportCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = DEFAULT_SAVED_MODEL)
    Path model;

    @Mixin
    DatasetOptions datasetOptions;

    @Mixin
    PreprocessingOptions preprocessing;

    @Option(names = "--count", defaultValue = "1000", description = "images (default: ${DEFAULT-VALUE})")
    int count;

    @Option(
            names = "--layers",
            split = OptionTypes.COMMA,
            splitSynopsisLabel = ",",
            converter = OptionTypes.TrimmedType.class,
            description = "layers (default: every conv and pool layer)")
    List<String> layers = new ArrayList<>();

    @Option(names = "--out", defaultValue = "output/export", description = "folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--resume",
            description = "continue an interrupted or smaller export in --out exactly (same model,"
                    + " layers, batch and preprocessing)")
    boolean resume;

    @Mixin
    MetaGraphOptions metaGraph;

    @Option(names = "--batch", defaultValue = "64", description = "images per session run (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(
            names = "--precision",
            paramLabel = "P",
            defaultValue = "auto",
            converter = OptionTypes.PrecisionType.class,
            completionCandidates = OptionTypes.PrecisionType.class,
            description =
                    "auto (default: mixed_bfloat16 where the CPU has bf16 instructions, else float32), float32, or"
                            + " mixed_bfloat16 (TensorFlow's oneDNN bfloat16 rewrite: faster figures; the manifest's"
                            + " probabilities within bfloat16's precision)")
    OptionTypes.PrecisionOption precision;

    @Override
    void execute() {
        requireRange("--batch", batch, 1, 4096);
        requireRange("--count", count, 1, Long.MAX_VALUE);
        List<Double> normalize = preprocessing.normalize();
        // Like train --resume: an export continues in the precision it was started in, whatever auto says now.
        Precision.Choice p =
                choosePrecision(precision, "asked for", resume ? ExportJob.resumedPrecision(out) : Optional.empty());
        System.out.println("precision " + p.describe());
        Dataset d = DatasetLocator.standard().load(datasetOptions.datasetOr("mnist"), datasetOptions.dataDir());
        requireRange("--count", count, 1, d.test().count());
        ExportJob.Outcome o = ExportJob.run(
                new ExportJob.Options(
                        model,
                        d,
                        count,
                        layers,
                        out,
                        resume,
                        batch,
                        Runtime.getRuntime().availableProcessors(),
                        preprocessing.scale,
                        normalize,
                        metaGraph.tags,
                        metaGraph.signature,
                        p.precision()),
                ExportJob.consoleProgress(System.out, System.console() != null));
        System.out.printf(
                Locale.ROOT,
                "wrote %d figures for %d images to %s in %.1f s (%.0f images/s)%s%n",
                o.figures(),
                o.images(),
                out,
                o.seconds(),
                o.images() / o.seconds(),
                o.skippedBatches() > 0 ? "; " + o.skippedBatches() + " finished batches skipped" : "");
    }
}
