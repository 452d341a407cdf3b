package dev.kerascope.cli;

import java.util.List;
import picocli.CommandLine.Option;

/** {@code --scale} and {@code --normalize}: how pixel values 0..255 become a model's input, for every command that feeds images. */
public class PreprocessingOptions {
  @Option(names = "--scale", paramLabel = "S",
      description = "multiply pixel values 0..255 by S (e.g. 1/255, or 1 for raw pixels); default: what the model expects (see the README)")
  String scale;

  @Option(names = "--normalize", split = ",", paramLabel = "MEAN,STD",
      description = "then subtract MEAN and divide by STD; one pair for all channels or all means then all stds "
          + "(0.485,0.456,0.406,0.229,0.224,0.225)")
  List<String> normalize;
}
