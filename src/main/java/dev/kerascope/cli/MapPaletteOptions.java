package dev.kerascope.cli;

import dev.kerascope.viz.Palette;
import picocli.CommandLine.Option;

/** {@code --palette} for the commands that draw activation maps (featuremaps, explain, top-inputs): Viridis first. */
public class MapPaletteOptions {
    @Option(
            names = "--palette",
            defaultValue = "viridis",
            converter = OptionTypes.PaletteType.class,
            completionCandidates = OptionTypes.PaletteType.class,
            description = "viridis (default), cividis, gray, blue-orange")
    Palette palette;
}
