package dev.kerascope.cli;

import dev.kerascope.data.DatasetId;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --dataset} and {@code --data}, shared by every command that reads a data set. */
public class DatasetOptions {
  @Option(names = "--dataset", paramLabel = "NAME", description = "mnist or fashion-mnist (default: the architecture's own)")
  String dataset;

  @Option(names = "--data", paramLabel = "DIR", description = "folder with the four IDX files (.gz or raw) or mnist.npz; "
      + "default: Keras's cache ~/.keras/datasets, then /usr/share/datasets, then a download")
  Path data;

  public DatasetId datasetOr(String fallback) {
    try {
      return DatasetId.parse(dataset != null ? dataset : fallback);
    } catch (IllegalArgumentException e) {
      throw new dev.kerascope.io.BadInputException("--dataset: " + e.getMessage());
    }
  }

  public Optional<Path> dataDir() {
    return Optional.ofNullable(data);
  }
}
