package dev.kerascope.cli;

import dev.kerascope.app.ExportJob;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.io.BadInputException;
import dev.kerascope.precision.Precision;
import dev.kerascope.precision.Sessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write the feature-map figures of every conv and pool layer for the first COUNT test images, with manifest.json.")
public final class ExportCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = "saved-models/keras-mnist/saved_model") Path model;
  @Mixin DatasetOptions datasetOptions;
  @Mixin PreprocessingOptions preprocessing;
  @Option(names = "--count", defaultValue = "1000", description = "images (default: ${DEFAULT-VALUE})") int count;
  @Option(names = "--layers", split = ",", description = "layers (default: every conv and pool layer)") List<String> layers = new ArrayList<>();
  @Option(names = "--out", defaultValue = "output/export", description = "folder (default: ${DEFAULT-VALUE})") Path out;
  @Option(names = "--resume", description = "continue an interrupted or smaller export in --out exactly (same model, layers, batch and preprocessing)") boolean resume;
  @Option(names = "--tags", split = ",", defaultValue = "serve", description = "the meta graph's tag set (default: serve)") Set<String> tags;
  @Option(names = "--signature", defaultValue = "serving_default", description = "the signature (default: serving_default)") String signature;
  @Option(names = "--batch", defaultValue = "64", description = "images per session run (default: ${DEFAULT-VALUE})") int batch;
  @Option(names = "--precision", paramLabel = "P", defaultValue = "float32", description = "float32, mixed_bfloat16 (TensorFlow's oneDNN"
      + " bfloat16 rewrite: faster figures, values within bfloat16's precision) or auto (default: ${DEFAULT-VALUE})") String precision;

  @Override
  public Integer call() {
    if (batch < 1 || batch > 4096) {
      throw new BadInputException("--batch must be between 1 and 4096");
    }
    Precision.Choice p = Precision.choose(precision);
    if (p.precision() != Precision.FLOAT32) {
      System.out.println("precision " + p.describe());
      if (!Sessions.softmaxStaysFloat32()) {
        System.err.println("warning: started without bin/kerascope's environment, so Softmax runs in bfloat16 (wrong probabilities seen)");
      }
    }
    Dataset d = DatasetLocator.standard().load(datasetOptions.datasetOr("mnist"), datasetOptions.dataDir());
    ExportJob.Outcome o = ExportJob.run(new ExportJob.Options(model, d, count, layers, out, resume, batch,
        Runtime.getRuntime().availableProcessors(), preprocessing.scale, preprocessing.normalize, tags, signature, p.precision()), ExportJob.consoleProgress(System.out, System.console() != null));
    System.out.printf(Locale.ROOT, "wrote %d figures for %d images to %s in %.1f s (%.0f images/s)%s%n", o.figures(), o.images(), out,
        o.seconds(), o.images() / o.seconds(), o.skippedBatches() > 0 ? "; " + o.skippedBatches() + " finished batches skipped" : "");
    return 0;
  }
}
