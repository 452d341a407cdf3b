package dev.kerascope.cli;

import dev.kerascope.app.ReportJob;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
    description = "The main job: an offline HTML report of a model (summary, signatures, training curves, filters, feature maps and predictions for sample inputs).")
public final class ReportCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = "saved-models/keras-mnist/saved_model",
      description = "a SavedModel folder (default: the model kerascope ships, ${DEFAULT-VALUE})")
  Path model;

  @Option(names = "--inputs", defaultValue = "examples/digits", description = "folder of sample images (default: ${DEFAULT-VALUE})") Path inputs;
  @Option(names = "--max-inputs", defaultValue = "10", description = "at most this many sample images (default: ${DEFAULT-VALUE})") int maxInputs;
  @Option(names = "--out", defaultValue = "output/report", description = "folder (default: ${DEFAULT-VALUE})") Path out;

  @Override
  public Integer call() {
    if (maxInputs < 1) {
      throw new dev.kerascope.io.BadInputException("--max-inputs must be at least 1");
    }
    ReportJob.Outcome o = ReportJob.run(model, inputs, maxInputs, out);
    System.out.println("wrote " + o.index() + " (" + o.figures() + " figures, " + o.inputs() + " inputs)");
    return 0;
  }
}
