package dev.kerascope.cli;

import dev.kerascope.app.FiguresJob;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "curves",
        description =
                "Plot loss and accuracy per epoch (training and validation) from a Keras history.json, as PNG and SVG.")
public final class CurvesCommand extends BaseCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "HISTORY.json",
            defaultValue = "saved-models/keras-mnist/history.json")
    Path history;

    @Option(names = "--out", defaultValue = "output/figures", description = "folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Override
    void execute() {
        FiguresJob.curves(history, out).forEach(f -> System.out.println("wrote " + f));
    }
}
