package dev.kerascope.cli;

import dev.kerascope.app.FiguresJob;
import dev.kerascope.io.BadInputException;
import dev.kerascope.precision.Precision;
import dev.kerascope.viz.FeatureMapGrid;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "featuremaps",
        description = "Draw one grid of feature maps per conv and pool layer for one image (the input beside the first "
                + "layer's maps).")
public final class FeatureMapsCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = DEFAULT_SAVED_MODEL)
    Path model;

    @Mixin
    ImageOptions imageOptions;

    @Option(
            names = "--layers",
            split = OptionTypes.COMMA,
            splitSynopsisLabel = ",",
            converter = OptionTypes.TrimmedType.class,
            description = "layers (default: every conv and pool layer)")
    List<String> layers = new ArrayList<>();

    @Option(names = "--out", defaultValue = "output/figures", description = "folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    MetaGraphOptions metaGraph;

    @Option(
            names = "--map-scale",
            defaultValue = "layer",
            paramLabel = "layer|per-map",
            converter = OptionTypes.MapScaleType.class,
            completionCandidates = OptionTypes.MapScaleType.class,
            description =
                    "layer: one scale for all maps of a layer (default); per-map: each map from its own min to max")
    FeatureMapGrid.Scale mapScale;

    @Mixin
    MapPaletteOptions mapPalette;

    @Mixin
    AnalysisPrecisionOptions analysisPrecision;

    @Override
    void execute() {
        if (!imageOptions.npyInputs().isEmpty()) {
            throw new BadInputException(
                    "featuremaps draws images; give --input IMAGE or --dataset D --index I (activations takes .npy)");
        }
        Precision.Choice p = analysisPrecision.choose(this);
        FiguresJob.FeatureMaps maps = FiguresJob.featureMaps(
                model,
                metaGraph.tags,
                metaGraph.signature,
                imageOptions.image(),
                imageOptions.preprocessing.scale,
                imageOptions.preprocessing.normalize(),
                layers,
                mapScale,
                mapPalette.palette,
                out,
                p.precision());
        System.out.println(PreprocessingOptions.fedLine(maps.fed()));
        System.out.println("precision " + p.describe());
        if (!maps.skipped().isEmpty()) {
            System.out.println("skipped (not feature maps): " + String.join(", ", maps.skipped()));
        }
        for (Path f : maps.written()) {
            System.out.println("wrote " + f);
        }
    }
}
