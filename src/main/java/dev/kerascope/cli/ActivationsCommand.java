package dev.kerascope.cli;

import dev.kerascope.app.ActivationsJob;
import dev.kerascope.io.BadInputException;
import dev.kerascope.walker.ActivationStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "activations", mixinStandardHelpOptions = true,
    description = "Run one image through a SavedModel and show (or save as .npy) the output of every layer, fetched by Keras layer name.")
public final class ActivationsCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = "saved-models/keras-mnist/saved_model",
      description = "a SavedModel folder (default: ${DEFAULT-VALUE})")
  Path model;

  @Mixin ImageOptions imageOptions;

  @Option(names = "--layers", split = ",", description = "layer names (default: all)") List<String> layers = new ArrayList<>();
  @Option(names = "--raw", description = "also fetch each layer's value before its activation (Conv2D + BiasAdd before the ReLU)") boolean raw;
  @Option(names = "--tensor", paramLabel = "NAME", description = "also fetch a graph tensor by name, e.g. y:0 (TF1 graphs); repeatable")
  List<String> tensors = new ArrayList<>();
  @Option(names = "--npy", paramLabel = "DIR", description = "write <layer>.npy, input.npy and index.json here") Path npy;
  @Option(names = "--scale", description = "multiply grey levels 0..255 by this (e.g. 0.00392156862745098 for 1/255)") Double scale;
  @Option(names = "--normalize", split = ",", paramLabel = "MEAN,STD", description = "then subtract MEAN and divide by STD") List<Double> normalize;
  @Option(names = "--tags", split = ",", defaultValue = "serve") Set<String> tags;
  @Option(names = "--signature", defaultValue = "serving_default") String signature;

  @Override
  public Integer call() {
    ActivationsJob.Scaling scaling = ActivationsJob.defaultScaling(model);
    if (scale != null || normalize != null) {
      if (normalize != null && (normalize.size() != 2 || !(normalize.get(1) > 0))) {
        throw new BadInputException("--normalize takes MEAN,STD with STD > 0");
      }
      scaling = new ActivationsJob.Scaling(scale != null ? scale : scaling.scale(), normalize != null ? normalize.get(0) : 0,
          normalize != null ? normalize.get(1) : 1, "given on the command line");
    }
    ImageOptions.Source source = imageOptions.source(model);
    ActivationsJob.ImageSource image = source.image();
    String what = source.description();
    System.out.printf(Locale.ROOT, "input: %s; scaling (v * %.6g - %.4g) / %.4g, %s%n", what, scaling.scale(), scaling.mean(), scaling.std(), scaling.source());
    var outcome = ActivationsJob.run(model, tags, signature, image, scaling, layers, raw, tensors, npy);
    for (ActivationStats s : outcome.stats()) {
      System.out.printf(Locale.ROOT, "%-28s %-20s min %9.4f  max %9.4f  mean %9.4f  zeros %5.1f%%  top channels %s%n", s.layer(),
          Arrays.toString(s.shape()), s.min(), s.max(), s.mean(), 100 * s.zeroFraction(), s.topChannels());
    }
    if (npy != null) {
      System.out.println("wrote " + (outcome.tensors().size() + 1) + " .npy files and index.json to " + npy);
    }
    return 0;
  }
}
