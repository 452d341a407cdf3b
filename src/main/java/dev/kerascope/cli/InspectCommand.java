package dev.kerascope.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kerascope.io.BadInputException;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.savedmodel.InspectPrinter;
import dev.kerascope.savedmodel.SavedModelInfo;
import dev.kerascope.savedmodel.SavedModelInspector;
import java.nio.file.Path;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "inspect",
        description =
                "Show what saved_model_cli show --all shows, plus each signature's function call tree, the variables "
                        + "and an op histogram.")
public final class InspectCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "SAVEDMODEL", description = "a SavedModel folder")
    Path dir;

    @Option(
            names = "--tags",
            split = OptionTypes.COMMA,
            splitSynopsisLabel = ",",
            converter = OptionTypes.TrimmedType.class,
            defaultValue = "serve",
            description = "the meta graph's tag set (default: ${DEFAULT-VALUE})")
    Set<String> tags;

    @Option(names = "--json", description = "print the same content as JSON")
    boolean json;

    @Override
    void execute() throws Exception {
        if (KerasFiles.isKerasFile(dir)) {
            throw BadInputException.inFile(
                    dir,
                    "is a Keras model file; inspect reads SavedModels (summary reads this file,"
                            + " and convert FILE --out DIR makes a SavedModel of it)");
        }
        SavedModelInfo info = SavedModelInspector.inspect(dir, tags);
        if (json) {
            System.out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(info));
        } else {
            InspectPrinter.print(info, System.out::println);
        }
    }
}
