package dev.kerascope.cli;

import dev.kerascope.io.BadInputException;
import dev.kerascope.app.FiguresJob;
import dev.kerascope.viz.FeatureMapGrid;
import dev.kerascope.viz.Palette;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "featuremaps", mixinStandardHelpOptions = true,
    description = "Draw one grid of feature maps per conv and pool layer for one image (the input beside the first layer's maps).")
public final class FeatureMapsCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = "saved-models/keras-mnist/saved_model") Path model;
  @Mixin ImageOptions imageOptions;
  @Option(names = "--layers", split = ",", description = "layers (default: every conv and pool layer)") List<String> layers = new ArrayList<>();
  @Option(names = "--out", defaultValue = "output/figures", description = "folder (default: ${DEFAULT-VALUE})") Path out;
  @Option(names = "--tags", split = ",", defaultValue = "serve", description = "the meta graph's tag set (default: serve)") Set<String> tags;
  @Option(names = "--signature", defaultValue = "serving_default", description = "the signature (default: serving_default)") String signature;
  @Option(names = "--map-scale", defaultValue = "layer", paramLabel = "layer|per-map",
      description = "layer: one scale for all maps of a layer (default); per-map: each map from its own min to max")
  String mapScale;
  @Option(names = "--palette", defaultValue = "viridis", description = "viridis (default), cividis, gray, blue-orange") String palette;

  @Override
  public Integer call() {
    FeatureMapGrid.Scale scale = mapScale(mapScale);
    if (!imageOptions.npyInputs().isEmpty()) {
      throw new BadInputException("featuremaps draws images; give --input IMAGE or --dataset D --index I (activations takes .npy)");
    }
    FiguresJob.FeatureMaps maps = FiguresJob.featureMaps(model, tags, signature, imageOptions.image(model),
        imageOptions.preprocessing.scale, imageOptions.preprocessing.normalize, layers, scale, Palette.parse(palette), out);
    System.out.println("input: " + maps.fed());
    if (!maps.skipped().isEmpty()) {
      System.out.println("skipped (not feature maps): " + String.join(", ", maps.skipped()));
    }
    for (Path f : maps.written()) {
      System.out.println("wrote " + f);
    }
    return 0;
  }

  static FeatureMapGrid.Scale mapScale(String s) {
    return switch (s) {
      case "layer" -> FeatureMapGrid.Scale.LAYER;
      case "per-map" -> FeatureMapGrid.Scale.PER_MAP;
      default -> throw new BadInputException("--map-scale must be layer or per-map");
    };
  }
}
