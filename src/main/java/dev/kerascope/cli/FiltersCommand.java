package dev.kerascope.cli;

import dev.kerascope.app.FiguresJob;
import dev.kerascope.io.BadInputException;
import dev.kerascope.viz.FilterGallery;
import dev.kerascope.viz.Palette;
import dev.kerascope.viz.PngFiles;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "filters",
        description = "Draw every kernel of a Conv2D layer as a grid (diverging palette centred on zero, colour bar, "
                + "caption and alt text).")
public final class FiltersCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = DEFAULT_SAVED_MODEL)
    Path model;

    @Option(names = "--layer", required = true, description = "the Conv2D layer, e.g. conv1")
    String layer;

    @Option(names = "--out", defaultValue = "output/figures", description = "folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(
            names = "--scale",
            defaultValue = "shared",
            converter = OptionTypes.FilterScaleType.class,
            completionCandidates = OptionTypes.FilterScaleType.class,
            description = "shared (one scale for all filters, default; also: layer) or per-filter (also: per-map)")
    FilterGallery.Scale scale;

    @Option(
            names = "--input-channel",
            paramLabel = "K",
            description = "show input channel K instead of the mean over input channels")
    Integer inputChannel;

    @Mixin
    MetaGraphOptions metaGraph;

    @Option(
            names = "--palette",
            defaultValue = "blue-orange",
            converter = OptionTypes.PaletteType.class,
            completionCandidates = OptionTypes.PaletteType.class,
            description = "blue-orange (default), viridis, cividis, gray")
    Palette palette;

    @Override
    void execute() {
        if (inputChannel != null && inputChannel < 0) {
            throw new BadInputException("--input-channel must not be negative");
        }
        Path file = FiguresJob.filters(
                model,
                metaGraph.tags,
                metaGraph.signature,
                layer,
                inputChannel == null ? -1 : inputChannel,
                scale,
                palette,
                out);
        System.out.println("wrote " + file);
        System.out.println("wrote " + PngFiles.svgBeside(file));
    }
}
