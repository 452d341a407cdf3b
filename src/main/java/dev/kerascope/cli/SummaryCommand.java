package dev.kerascope.cli;

import dev.kerascope.app.ModelSource;
import dev.kerascope.io.BadInputException;
import dev.kerascope.summary.Keras3SummaryPrinter;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.ModelSummary.Layout;
import dev.kerascope.summary.ReceptiveFields;
import dev.kerascope.summary.SummaryJson;
import dev.kerascope.summary.SummaryPrinter;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "summary", mixinStandardHelpOptions = true,
    description = "Print what Keras's model.summary() prints, for a built-in architecture, an architecture file or any SavedModel.")
public final class SummaryCommand implements Callable<Integer> {
  @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", defaultValue = "keras-mnist",
      description = "built-in architecture, architecture JSON file, or SavedModel folder (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--format", description = "keras3 (Rich table) or keras2 (tf.keras 2.13-2.15 layout); default: the layout of the Keras"
      + " that saved the model (keras2 for a Keras 2 SavedModel, keras3 otherwise)")
  String format;

  @Option(names = "--keras-version", paramLabel = "VERSION", description = "print the layout of this Keras version: 2.0-2.6 (e.g. 2.4),"
      + " 2.7-2.12 (e.g. 2.10), 2.13-2.15 (e.g. 2.15) or 3; default: the Keras that saved the model")
  String kerasVersion;

  @Option(names = "--width", description = "line width (default: 76 for keras3, 65 or 98 for keras2, as Keras prints off a terminal)")
  Integer width;

  @Option(names = "--json", description = "print the summary as JSON instead of a table") boolean json;

  @Option(names = "--tags", split = ",", defaultValue = "serve", description = "a SavedModel's meta graph tag set (default: ${DEFAULT-VALUE})")
  Set<String> tags;

  @Option(names = "--rf", description = "add output sizes, receptive fields, jumps and start offsets per layer") boolean rf;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (format != null && !format.equals("keras3") && !format.equals("keras2")) {
      throw new BadInputException("--format must be keras3 or keras2, not " + format);
    }
    Layout asked = kerasVersion == null ? null : layoutOf(kerasVersion);
    if (asked != null && format != null && !asked.flag().equals(format)) {
      throw new BadInputException("--format " + format + " and --keras-version " + kerasVersion + " name different layouts");
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
    // stdout holds exactly what Keras printed, so that it diffs clean; kerascope's own remarks go to stderr.
    if (summary.note() != null) {
      spec.commandLine().getErr().println("# " + summary.note());
      spec.commandLine().getErr().flush();
    }
    Layout layout = asked != null ? asked : format == null ? summary.defaultLayout()
        : format.equals("keras2") ? Layout.KERAS2 : Layout.KERAS3;
    SummaryPrinter.print(summary, layout, width, System.out::println);
    if (fields != null) {
      ReceptiveFields.print(fields, width != null ? width : Keras3SummaryPrinter.DEFAULT_WIDTH, System.out::println);
    }
    return 0;
  }

  /** "2.4", "2.10", "2.15", "3", or any version of a family ("2.0", "2.11.0", "3.3.3"). */
  static Layout layoutOf(String version) {
    Matcher m = Pattern.compile("2\\.(\\d{1,2})(\\.\\d+)?|3(\\.\\d+){0,2}").matcher(version);
    if (!m.matches() || (m.group(1) != null && Integer.parseInt(m.group(1)) > 15)) {
      throw new BadInputException("--keras-version must be a tf.keras 2.0-2.15 or a Keras 3 version (2.4, 2.10, 2.15 or 3), not " + version);
    }
    return Layout.ofKerasVersion(version.equals("3") ? "3.0" : version);
  }
}
