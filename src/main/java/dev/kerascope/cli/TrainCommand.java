package dev.kerascope.cli;

import dev.kerascope.app.TrainJob;
import dev.kerascope.app.TrainOptions;
import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.io.BadInputException;
import dev.kerascope.precision.Precision;
import dev.kerascope.report.ProgbarLogger;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "train",
        description = "Train a CNN with TensorFlow ops the way Keras's fit does, and export it as a SavedModel.")
public final class TrainCommand extends BaseCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "MODEL",
            description =
                    "built-in architecture (keras-mnist, tiny-mnist, tiny-fashion, padded-mnist) or an architecture "
                            + "JSON file")
    String model;

    @Mixin
    DatasetOptions datasetOptions;

    @Mixin
    PreprocessingOptions preprocessingOptions;

    @Option(
            names = "--from",
            paramLabel = "FILE|SAVEDMODEL",
            description = "continue training a loaded model: a .keras or .h5 file,"
                    + " or a SavedModel kerascope wrote (train, convert); input 28x28x1 (default epochs 1, "
                    + "batch size 32, Adam 1e-3, data mnist)")
    Path from;

    @Option(
            names = "--learning-rate",
            paramLabel = "LR",
            converter = OptionTypes.PositiveNumberType.class,
            description = "Adam's learning rate with --from, above 0 (default: 0.001, Keras's)")
    Double learningRate;

    @Option(names = "--epochs", description = "epochs to train (default: the architecture's)")
    Integer epochs;

    @Option(names = "--batch-size", description = "batch size (default: the architecture's)")
    Integer batchSize;

    @Option(
            names = "--seed",
            description = "seed for weights and shuffling; same seed, same run (default: random, recorded in run.json)")
    Long seed;

    @Option(names = "--limit", paramLabel = "N", description = "train on the first N training images only")
    Integer limit;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default: output/runs/MODEL-TIMESTAMP)")
    Path out;

    @Option(
            names = "--resume",
            paramLabel = "DIR",
            description = "continue the run in DIR from its last complete epoch")
    Path resume;

    @Option(
            names = "--verbose",
            defaultValue = "1",
            description = "0 silent, 1 progress bar, 2 one line per epoch (default: ${DEFAULT-VALUE})")
    int verbose;

    @Option(
            names = "--precision",
            paramLabel = "P",
            converter = OptionTypes.PrecisionType.class,
            completionCandidates = OptionTypes.PrecisionType.class,
            description = "float32, mixed_bfloat16 (TensorFlow's oneDNN bfloat16"
                    + " rewrite; variables and the SavedModel stay float32) or auto: mixed_bfloat16 where the CPU has "
                    + "amx_bf16 or avx512_bf16"
                    + " (default: auto)")
    OptionTypes.PrecisionOption precision;

    @Option(
            names = "--ansi",
            description =
                    "Keras's colour codes in the epoch lines even when stdout is not a terminal, as Keras 3 prints"
                            + " them in a notebook (also FORCE_COLOR or CLICOLOR_FORCE set, as Rich honours them; "
                            + "NO_COLOR turns them off)")
    boolean ansi;

    /** Rich's rule: FORCE_COLOR or CLICOLOR_FORCE set (and not empty) forces colour; NO_COLOR wins over both. */
    static boolean colour(boolean terminal, boolean flag, Function<String, String> env) {
        if (env.apply("NO_COLOR") != null && !env.apply("NO_COLOR").isEmpty()) {
            return false;
        }
        boolean forced =
                (env.apply("FORCE_COLOR") != null && !env.apply("FORCE_COLOR").isEmpty())
                        || (env.apply("CLICOLOR_FORCE") != null
                                && !env.apply("CLICOLOR_FORCE").isEmpty()
                                && !env.apply("CLICOLOR_FORCE").equals("0"));
        return terminal || flag || forced;
    }

    @Override
    void execute() {
        requireRange("--epochs", epochs, 1, Long.MAX_VALUE);
        requireRange("--batch-size", batchSize, 1, 65536);
        requireRange("--limit", limit, 1, Long.MAX_VALUE);
        if (verbose < 0 || verbose > 2) {
            throw new BadInputException("--verbose must be 0, 1 or 2");
        }
        TrainJob job = new TrainJob(DatasetLocator.standard(), System.out);
        boolean terminal = System.console() != null;
        boolean colour = colour(terminal, ansi, System::getenv);
        TrainJob.ProgressFactory progress =
                log -> new ProgbarLogger(System.out, terminal, colour, verbose, log, System::nanoTime);
        if (resume != null) {
            if (model != null
                    || out != null
                    || seed != null
                    || batchSize != null
                    || limit != null
                    || from != null
                    || learningRate != null
                    || preprocessingOptions.given()
                    || precision != null) {
                throw new BadInputException(
                        "--resume takes the run's own settings; only --epochs, --data and --verbose may be "
                                + "given with it");
            }
            job.resume(resume, Optional.ofNullable(epochs), datasetOptions.dataDir(), verbose, progress);
            return;
        }
        if (from != null) {
            trainFrom(job, progress);
            return;
        }
        if (learningRate != null || preprocessingOptions.given()) {
            throw new BadInputException(
                    "--learning-rate, --scale and --normalize go with --from; an architecture brings its own");
        }
        Architecture arch = Architectures.resolve(model != null ? model : DEFAULT_ARCHITECTURE);
        var t = arch.training();
        Path dir = out != null
                ? out
                : Path.of(
                        "output",
                        "runs",
                        arch.name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        TrainOptions options = new TrainOptions(
                arch,
                datasetOptions.datasetOr(t.dataset()),
                datasetOptions.dataDir(),
                epochs != null ? epochs : t.epochs(),
                batchSize != null ? batchSize : t.batchSize(),
                seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1L << 31),
                Optional.ofNullable(limit),
                dir,
                verbose,
                Optional.empty(),
                precision());
        job.start(options, progress);
    }

    /** Keras's fit defaults for a loaded model: one epoch, batches of 32, on MNIST unless told. */
    private void trainFrom(TrainJob job, TrainJob.ProgressFactory progress) {
        if (model != null) {
            throw new BadInputException("give either MODEL or --from, not both");
        }
        String stem = from.getFileName() == null
                ? "model"
                : from.getFileName().toString().replaceAll("\\.(keras|h5|hdf5)$", "");
        Path dir = out != null
                ? out
                : Path.of(
                        "output",
                        "runs",
                        stem + "-from-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        TrainOptions.From f = new TrainOptions.From(
                from,
                learningRate != null ? learningRate : 1e-3,
                preprocessingOptions.scale,
                preprocessingOptions.normalize());
        TrainOptions options = new TrainOptions(
                null,
                datasetOptions.datasetOr("mnist"),
                datasetOptions.dataDir(),
                epochs != null ? epochs : 1,
                batchSize != null ? batchSize : 32,
                seed != null ? seed : ThreadLocalRandom.current().nextLong(1, 1L << 31),
                Optional.ofNullable(limit),
                dir,
                verbose,
                Optional.of(f),
                precision());
        job.start(options, progress);
    }

    /** The precision asked for; auto when none was. */
    private Precision.Choice precision() {
        return (precision != null ? precision : OptionTypes.PrecisionOption.AUTO).choose();
    }
}
