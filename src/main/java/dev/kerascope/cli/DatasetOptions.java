package dev.kerascope.cli;

import dev.kerascope.data.DatasetId;
import dev.kerascope.io.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --dataset} and {@code --data}, shared by every command that reads a data set. */
public class DatasetOptions {
    @Option(
            names = "--dataset",
            paramLabel = "NAME",
            converter = OptionTypes.DatasetType.class,
            completionCandidates = OptionTypes.DatasetType.class,
            description = "mnist or fashion-mnist (default: the architecture's own)")
    DatasetId dataset;

    @Option(
            names = "--data",
            paramLabel = "DIR",
            description = "folder with the four IDX files (.gz or raw) or mnist.npz; "
                    + "default: Keras's cache ~/.keras/datasets, then /usr/share/datasets, then a download")
    Path data;

    /** The data set asked for, else {@code fallback} (an architecture's own, as its file names it). */
    public DatasetId datasetOr(String fallback) {
        return dataset != null ? dataset : DatasetId.parse(fallback);
    }

    /** The --data folder, checked here so that the refusal names the option. */
    public Optional<Path> dataDir() {
        if (data != null && !Files.isDirectory(data)) {
            throw BadInputException.inFile(
                    data,
                    Files.exists(data)
                            ? "is not a folder (--data takes the folder with the four IDX files" + " or mnist.npz)"
                            : "no such folder (--data takes the folder with the four IDX files or mnist.npz)");
        }
        return Optional.ofNullable(data);
    }
}
