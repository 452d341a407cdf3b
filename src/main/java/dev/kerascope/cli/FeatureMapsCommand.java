package dev.kerascope.cli;

import dev.kerascope.app.ActivationsJob;
import dev.kerascope.app.FiguresJob;
import dev.kerascope.viz.Palette;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
  @Option(names = "--palette", defaultValue = "viridis", description = "viridis (default), cividis, gray, blue-orange") String palette;

  @Override
  public Integer call() {
    ActivationsJob.ImageSource image = imageOptions.source(model).image();
    for (Path f : FiguresJob.featureMaps(model, image, ActivationsJob.defaultScaling(model), layers, Palette.parse(palette), out)) {
      System.out.println("wrote " + f);
    }
    return 0;
  }
}
