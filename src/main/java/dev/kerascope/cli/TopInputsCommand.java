package dev.kerascope.cli;

import dev.kerascope.app.TopInputsJob;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.explain.TopInputs;
import dev.kerascope.precision.Precision;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "top-inputs",
        description = "Per channel of a layer, the test images that activate it most (one streamed pass): "
                + "a grid per channel "
                + "and top_inputs.json; dead channels listed.")
public final class TopInputsCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = DEFAULT_SAVED_MODEL)
    Path model;

    @Mixin
    DatasetOptions datasetOptions;

    @Mixin
    PreprocessingOptions preprocessing;

    @Option(names = "--layer", required = true, description = "the layer whose channels are followed")
    String layer;

    @Option(
            names = "--channels",
            split = OptionTypes.COMMA,
            splitSynopsisLabel = ",",
            converter = OptionTypes.TrimmedIntType.class,
            description = "channels (default: all)")
    List<Integer> channels;

    @Option(names = "--count", defaultValue = "9", description = "images per channel (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--limit", defaultValue = "0", description = "only the first N test images (default: all)")
    int limit;

    @Option(names = "--batch", defaultValue = "64", description = "images per run (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--out", defaultValue = "output/top-inputs", description = "folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    MetaGraphOptions metaGraph;

    @Mixin
    MapPaletteOptions mapPalette;

    @Mixin
    AnalysisPrecisionOptions analysisPrecision;

    @Override
    void execute() {
        requireRange("--count", count, 1, Long.MAX_VALUE);
        requireRange("--batch", batch, 1, 4096);
        requireRange("--limit", limit, 0, Long.MAX_VALUE);
        Precision.Choice p = analysisPrecision.choose(this);
        Dataset d = DatasetLocator.standard().load(datasetOptions.datasetOr("mnist"), datasetOptions.dataDir());
        int[] chosen = channels == null
                ? null
                : channels.stream().mapToInt(Integer::intValue).toArray();
        TopInputsJob.Outcome r = TopInputsJob.run(new TopInputsJob.Options(
                model,
                metaGraph.tags,
                metaGraph.signature,
                d.test(),
                d.id().toString(),
                limit,
                layer,
                chosen,
                count,
                batch,
                preprocessing.scale,
                preprocessing.normalize(),
                mapPalette.palette,
                out,
                p.precision()));
        System.out.println("precision " + p.describe());
        System.out.printf(
                Locale.ROOT,
                "%d %s test images through %s in %.1f s (%.0f images/s)%n",
                r.images(),
                d.id(),
                layer,
                r.seconds(),
                r.images() / r.seconds());
        for (TopInputs.ChannelTop c : r.channels()) {
            System.out.printf(
                    Locale.ROOT,
                    "channel %d: top %s%n",
                    c.channel(),
                    c.top().isEmpty()
                            ? "-"
                            : "#" + c.top().get(0).index()
                                    + String.format(
                                            Locale.ROOT,
                                            " (%.3g)",
                                            c.top().get(0).value()));
        }
        System.out.println("dead channels (never active): " + (r.dead().isEmpty() ? "none" : r.dead()));
        System.out.println("wrote " + r.json() + " and " + r.channels().size() + " grids");
    }
}
