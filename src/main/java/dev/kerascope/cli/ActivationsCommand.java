package dev.kerascope.cli;

import dev.kerascope.app.ActivationsJob;
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
  @Option(names = "--tags", split = ",", defaultValue = "serve") Set<String> tags;
  @Option(names = "--signature", defaultValue = "serving_default") String signature;

  @Override
  public Integer call() {
    var outcome = ActivationsJob.run(new ActivationsJob.Request(model, tags, signature, imageOptions.image(model),
        imageOptions.npyInputs(), imageOptions.preprocessing.scale, imageOptions.preprocessing.normalize, layers, raw, tensors, npy));
    System.out.println("input: " + outcome.fed());
    outcome.notes().forEach(n -> System.out.println("note: " + n));
    for (ActivationStats s : outcome.stats()) {
      System.out.printf(Locale.ROOT, "%-28s %-20s min %9.4f  max %9.4f  mean %9.4f  zeros %5.1f%%  top channels %s%n", s.layer(),
          Arrays.toString(s.shape()), s.min(), s.max(), s.mean(), 100 * s.zeroFraction(), s.topChannels());
    }
    if (npy != null) {
      System.out.println("wrote " + outcome.tensors().size() + " layer .npy files, the input and index.json to " + npy);
    }
    return 0;
  }
}
