package dev.kerascope.app;

import dev.kerascope.arch.Architecture;
import dev.kerascope.data.DatasetId;
import java.nio.file.Path;
import java.util.Optional;

/** Everything a training run is asked to do; {@code limit} keeps the first N training images. */
public record TrainOptions(Architecture architecture, DatasetId dataset, Optional<Path> dataDir, int epochs,
    int batchSize, long seed, Optional<Integer> limit, Path out, int verbose) {
  public TrainOptions {
    if (epochs < 1) {
      throw new dev.kerascope.io.BadInputException("--epochs must be at least 1");
    }
    if (batchSize < 1 || batchSize > 65536) {
      throw new dev.kerascope.io.BadInputException("--batch-size must be between 1 and 65536");
    }
    if (limit.isPresent() && limit.get() < 1) {
      throw new dev.kerascope.io.BadInputException("--limit must be at least 1");
    }
    if (verbose < 0 || verbose > 2) {
      throw new dev.kerascope.io.BadInputException("--verbose must be 0, 1 or 2");
    }
  }
}
