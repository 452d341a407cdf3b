package dev.kerascope.cli;

import dev.kerascope.app.ModelSource;
import dev.kerascope.io.BadInputException;
import dev.kerascope.summary.Keras3SummaryPrinter;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.ModelSummary.Layout;
import dev.kerascope.summary.ReceptiveFields;
import dev.kerascope.summary.SummaryJson;
import dev.kerascope.summary.SummaryPrinter;
import dev.kerascope.summary.TooNarrowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "summary",
        description =
                "Print what Keras's model.summary() prints, for a built-in architecture, an architecture file or any "
                        + "SavedModel.")
public final class SummaryCommand extends BaseCommand {
    static final int MIN_WIDTH = 20;
    static final int MAX_WIDTH = 1000;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "MODEL",
            defaultValue = DEFAULT_ARCHITECTURE,
            description =
                    "built-in architecture, architecture JSON file, or SavedModel folder (default: ${DEFAULT-VALUE})")
    String model;

    @Option(
            names = "--format",
            paramLabel = "LAYOUT",
            converter = OptionTypes.SummaryFormatType.class,
            completionCandidates = OptionTypes.SummaryFormatType.class,
            description = "keras3 (Rich table) or keras2 (tf.keras 2.13-2.15"
                    + " layout); default: the layout of the Keras that saved the model (keras2 for a Keras 2 "
                    + "SavedModel, keras3 otherwise)")
    Layout format;

    @Option(
            names = "--keras-version",
            paramLabel = "VERSION",
            converter = OptionTypes.KerasVersionType.class,
            description = "print the layout of this Keras version: 2.0-2.6 (e.g. 2.4), 2.7-2.12 (e.g. 2.10), 2.13-2.15 "
                    + "(e.g. 2.15) or 3;"
                    + " default: the Keras that saved the model")
    Layout kerasVersion;

    @Option(
            names = "--width",
            description = "line width, " + MIN_WIDTH + "-" + MAX_WIDTH
                    + " (default: 76 for keras3, 65 or 98 for keras2, as Keras prints off a terminal)")
    Integer width;

    @Option(names = "--json", description = "print the summary as JSON instead of a table")
    boolean json;

    @Option(
            names = "--tags",
            split = OptionTypes.COMMA,
            splitSynopsisLabel = ",",
            converter = OptionTypes.TrimmedType.class,
            defaultValue = "serve",
            description = "a SavedModel's meta graph tag set (default: ${DEFAULT-VALUE})")
    Set<String> tags;

    @Option(names = "--rf", description = "add output sizes, receptive fields, jumps and start offsets per layer")
    boolean rf;

    @Override
    void execute() {
        if (kerasVersion != null && format != null && !kerasVersion.flag().equals(format.flag())) {
            throw new BadInputException("--format " + format.flag() + " and --keras-version " + kerasVersion.version()
                    + " name different layouts");
        }
        requireRange("--width", width, MIN_WIDTH, MAX_WIDTH);
        ModelSource source = ModelSource.resolve(model, tags);
        ModelSummary summary = source.summary();
        List<ReceptiveFields.Row> fields =
                rf && summary.spatialChain() != null ? summary.spatialChain().rows() : null;
        if (rf && fields == null) {
            throw new BadInputException(model
                    + ": --rf needs a sequential-like model with an image input whose windows are known; this "
                    + "one is not");
        }
        if (json) {
            System.out.println(SummaryJson.toJson(summary, fields));
            return;
        }
        Layout layout = kerasVersion != null ? kerasVersion : format != null ? format : summary.defaultLayout();
        // Rendered whole before printing, so that a width too narrow for this model prints nothing but the refusal.
        List<String> lines = render(summary, layout, width);
        if (lines == null) {
            throw new BadInputException(model + ": --width " + width + " is too narrow for this summary in the "
                    + layout.label() + " layout; the narrowest that fits is " + narrowest(summary, layout));
        }
        // stdout holds exactly what Keras printed, so that it diffs clean; kerascope's own remarks go to stderr.
        if (summary.note() != null) {
            spec.commandLine().getErr().println("# " + summary.note());
            spec.commandLine().getErr().flush();
        }
        lines.forEach(System.out::println);
        if (fields != null) {
            ReceptiveFields.print(
                    fields, width != null ? width : Keras3SummaryPrinter.DEFAULT_WIDTH, System.out::println);
        }
    }

    /** The summary's lines, or null where {@code width} is too narrow for them. */
    private static List<String> render(ModelSummary summary, Layout layout, Integer width) {
        List<String> lines = new ArrayList<>();
        try {
            SummaryPrinter.print(summary, layout, width, lines::add);
            return lines;
        } catch (TooNarrowException e) {
            return null;
        }
    }

    private static String narrowest(ModelSummary summary, Layout layout) {
        for (int w = MIN_WIDTH; w <= MAX_WIDTH; w++) {
            if (render(summary, layout, w) != null) {
                return String.valueOf(w);
            }
        }
        return "none up to " + MAX_WIDTH;
    }
}
