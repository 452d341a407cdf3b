package dev.kerascope.app;

import dev.kerascope.arch.Architecture;
import dev.kerascope.data.DatasetId;
import dev.kerascope.precision.Precision;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Everything a training run is asked to do; {@code limit} keeps the first N training images,
 * {@code precision} is the one chosen (with why) before the run starts.
 */
public record TrainOptions(Architecture architecture, DatasetId dataset, Optional<Path> dataDir, int epochs,
    int batchSize, long seed, Optional<Integer> limit, Path out, int verbose, Precision.Choice precision) {
  /** float32, as every run before --precision existed. */
  public TrainOptions(Architecture architecture, DatasetId dataset, Optional<Path> dataDir, int epochs,
      int batchSize, long seed, Optional<Integer> limit, Path out, int verbose) {
    this(architecture, dataset, dataDir, epochs, batchSize, seed, limit, out, verbose, new Precision.Choice(Precision.FLOAT32, "default"));
  }

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
