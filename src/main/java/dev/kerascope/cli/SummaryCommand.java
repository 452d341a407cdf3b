package dev.kerascope.cli;

import dev.kerascope.app.ModelSource;
import dev.kerascope.io.BadInputException;
import dev.kerascope.summary.Keras2SummaryPrinter;
import dev.kerascope.summary.Keras3SummaryPrinter;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.ReceptiveFields;
import dev.kerascope.summary.SummaryJson;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print what Keras's model.summary() prints, for a built-in architecture, an architecture file or any SavedModel.")
public final class SummaryCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", defaultValue = "keras-mnist",
      description = "built-in architecture, architecture JSON file, or SavedModel folder (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--format", description = "keras3 (Rich table) or keras2 (tf.keras 2.13-2.15 layout); default: the layout of the Keras"
      + " that saved the model (keras2 for a Keras 2 SavedModel, keras3 otherwise)")
  String format;

  @Option(names = "--width", description = "line width (default: 76 for keras3, 65 or 98 for keras2, as Keras prints off a terminal)")
  Integer width;

  @Option(names = "--json", description = "print the summary as JSON instead of a table") boolean json;

  @Option(names = "--tags", split = ",", defaultValue = "serve", description = "a SavedModel's meta graph tag set (default: ${DEFAULT-VALUE})")
  Set<String> tags;

  @Option(names = "--rf", description = "add output sizes, receptive fields, jumps and start offsets per layer") boolean rf;

  @Override
  public Integer call() {
    if (format != null && !format.equals("keras3") && !format.equals("keras2")) {
      throw new BadInputException("--format must be keras3 or keras2, not " + format);
    }
    if (width != null && (width < 20 || width > 1000)) {
      throw new BadInputException("--width must be between 20 and 1000");
    }
    ModelSource source = ModelSource.resolve(model, tags);
    ModelSummary summary = source.summary();
    List<ReceptiveFields.Row> fields = rf && summary.spatialChain() != null ? summary.spatialChain().rows() : null;
    if (rf && fields == null) {
      throw new BadInputException(model + ": --rf needs a sequential-like model with an image input whose windows are known; this one is not");
    }
    if (json) {
      System.out.println(SummaryJson.toJson(summary, fields));
      return 0;
    }
    if (summary.note() != null) {
      System.out.println("# " + summary.note());
    }
    String layout = format != null ? format : summary.defaultLayout().flag();
    if (layout.equals("keras2")) {
      Keras2SummaryPrinter.print(summary, width, System.out::println);
    } else {
      Keras3SummaryPrinter.print(summary, width != null ? width : Keras3SummaryPrinter.DEFAULT_WIDTH, System.out::println);
    }
    if (fields != null) {
      ReceptiveFields.print(fields, width != null ? width : Keras3SummaryPrinter.DEFAULT_WIDTH, System.out::println);
    }
    return 0;
  }
}
