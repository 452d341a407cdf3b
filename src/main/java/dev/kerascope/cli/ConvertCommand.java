package dev.kerascope.cli;

import dev.kerascope.io.BadInputException;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.layers.KerasConverter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "convert",
        description =
                "Write a .keras or .h5 model file as a SavedModel (tag serve, serving_default, every layer's output "
                        + "as <layer>/output).")
public final class ConvertCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "MODEL", description = "a Keras 3 .keras file or a Keras 1/2 .h5 file")
    Path model;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "the SavedModel folder to write: missing, empty or an earlier convert output (replaced); any"
                    + " other folder is refused")
    Path out;

    @Override
    void execute() {
        if (!KerasFiles.isKerasFile(model)) {
            throw BadInputException.inFile(
                    model, Files.exists(model) ? "is not a .keras or .h5 model file" : "no such file");
        }
        KerasConverter.convert(model, out);
        System.out.println("Wrote " + out + " (SavedModel, tag serve, signature serving_default) from " + model);
    }
}
