package dev.kerascope.app;

import dev.kerascope.arch.Architecture;
import dev.kerascope.data.DatasetId;
import dev.kerascope.io.BadInputException;
import dev.kerascope.precision.Precision;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Everything a training run is asked to do; {@code limit} keeps the first N training images. A run either trains a new
 * model of {@code architecture} or continues a loaded one ({@code from}; the architecture is then null).
 * {@code precision} is the one chosen (with why) before the run starts.
 */
public record TrainOptions(
        Architecture architecture,
        DatasetId dataset,
        Optional<Path> dataDir,
        int epochs,
        int batchSize,
        long seed,
        Optional<Integer> limit,
        Path out,
        int verbose,
        Optional<From> from,
        Precision.Choice precision) {
    /**
     * {@code train --from MODEL}: the model file or SavedModel, Adam's learning rate, and the command line's
     * {@code --scale}/{@code --normalize} as given (null when not), over the model's default input.
     */
    public record From(Path model, double learningRate, Double scale, List<Double> normalize) {
        public From {
            normalize = normalize == null ? null : List.copyOf(normalize);
        }
    }

    public TrainOptions {
        if (epochs < 1) {
            throw new BadInputException("epochs must be at least 1");
        }
        if (batchSize < 1 || batchSize > 65536) {
            throw new BadInputException("the batch size must be between 1 and 65536");
        }
        if (limit.isPresent() && limit.get() < 1) {
            throw new BadInputException("the training image limit must be at least 1");
        }
        if (verbose < 0 || verbose > 2) {
            throw new BadInputException("verbosity must be 0, 1 or 2");
        }
        if ((architecture == null) == from.isEmpty()) {
            throw new IllegalArgumentException("a run trains an architecture or continues a model, one of the two");
        }
    }

    /** float32, as every run before --precision existed. */
    public TrainOptions(
            Architecture architecture,
            DatasetId dataset,
            Optional<Path> dataDir,
            int epochs,
            int batchSize,
            long seed,
            Optional<Integer> limit,
            Path out,
            int verbose,
            Optional<From> from) {
        this(
                architecture,
                dataset,
                dataDir,
                epochs,
                batchSize,
                seed,
                limit,
                out,
                verbose,
                from,
                new Precision.Choice(Precision.FLOAT32, "default"));
    }

    /** A new model of {@code architecture}, in float32. */
    public TrainOptions(
            Architecture architecture,
            DatasetId dataset,
            Optional<Path> dataDir,
            int epochs,
            int batchSize,
            long seed,
            Optional<Integer> limit,
            Path out,
            int verbose) {
        this(architecture, dataset, dataDir, epochs, batchSize, seed, limit, out, verbose, Optional.empty());
    }
}
