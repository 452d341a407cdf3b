package dev.kerascope.cli;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.bench.ActivationsBenchmark;
import dev.kerascope.bench.ExplainBenchmark;
import dev.kerascope.bench.ExportBenchmark;
import dev.kerascope.bench.SummaryBenchmark;
import dev.kerascope.bench.TrainBenchmark;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.data.LabeledImages;
import dev.kerascope.precision.Precision;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = KerascopeCommand.Version.class,
        description = "Benchmarks (medians of several rounds).",
        subcommands = {
            BenchCommand.Train.class,
            BenchCommand.Summary.class,
            BenchCommand.Activations.class,
            BenchCommand.Export.class,
            BenchCommand.Explain.class
        })
public final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                spec.commandLine(), "name a benchmark: train, summary, activations, export or explain");
    }

    @Command(
            name = "train",
            description = "Training speed: bare step at several batch sizes, then a full epoch through the real loop.")
    static final class Train extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", defaultValue = DEFAULT_ARCHITECTURE)
        String model;

        @Mixin
        DatasetOptions datasetOptions;

        @Option(
                names = "--batch-sizes",
                split = OptionTypes.COMMA,
                splitSynopsisLabel = ",",
                converter = OptionTypes.TrimmedIntType.class,
                defaultValue = "32,64,128")
        List<Integer> batchSizes;

        @Option(
                names = "--steps",
                defaultValue = "200",
                description = "timed steps per round (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(
                names = "--rounds",
                defaultValue = "3",
                description = "rounds; the median is reported (default: ${DEFAULT-VALUE})")
        int rounds;

        @Option(
                names = "--epoch-rounds",
                defaultValue = "3",
                description = "full epochs timed; 0 skips them (default: ${DEFAULT-VALUE})")
        int epochRounds;

        @Option(
                names = "--precision",
                paramLabel = "P",
                defaultValue = "both",
                converter = OptionTypes.BenchPrecisionType.class,
                completionCandidates = OptionTypes.BenchPrecisionType.class,
                description = "both (float32 and mixed_bfloat16 side by side,"
                        + " rounds alternating), float32, mixed_bfloat16 or auto (default: ${DEFAULT-VALUE})")
        OptionTypes.PrecisionOption precision;

        @Override
        void execute() {
            batchSizes.forEach(b -> requireRange("--batch-sizes", b, 1, 65536));
            requireRange("--steps", steps, 1, Long.MAX_VALUE);
            requireRange("--rounds", rounds, 1, Long.MAX_VALUE);
            requireRange("--epoch-rounds", epochRounds, 0, Long.MAX_VALUE);
            Architecture arch = Architectures.resolve(model);
            TrainBenchmark bench = new TrainBenchmark(arch, System.out::println);
            Precision.Choice auto = OptionTypes.PrecisionOption.AUTO.choose();
            List<Precision> precisions = precision == OptionTypes.PrecisionOption.BOTH
                    ? List.of(Precision.FLOAT32, Precision.MIXED_BFLOAT16)
                    : List.of(precision.choose().precision());
            System.out.println("bench train " + arch.name() + " (TensorFlow " + org.tensorflow.TensorFlow.version()
                    + ", " + Runtime.getRuntime().availableProcessors() + " cores; auto would pick " + auto.describe()
                    + ")");
            for (int b : batchSizes) {
                bench.compare(b, steps, rounds, precisions);
            }
            if (epochRounds > 0) {
                LabeledImages train = DatasetLocator.standard()
                        .load(datasetOptions.datasetOr(arch.training().dataset()), datasetOptions.dataDir())
                        .train();
                for (Precision p : precisions) {
                    bench.epoch(train, batchSizes.get(0), epochRounds, steps, p);
                }
            }
        }
    }

    @Command(
            name = "summary",
            description = "Time summary and inspect in this JVM (first call, then the median of repeats);"
                    + " JVM start is not included.")
    static final class Summary extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "MODEL", defaultValue = DEFAULT_SAVED_MODEL)
        String model;

        @Option(names = "--repeats", defaultValue = "20")
        int repeats;

        @Override
        void execute() {
            requireRange("--repeats", repeats, 1, Long.MAX_VALUE);
            SummaryBenchmark.run(model, repeats, System.out::println);
        }
    }

    @Command(
            name = "activations",
            description = "Images/s for all conv and pool outputs through the walker on SAVEDMODEL,"
                    + " against ARCH built directly in the same run.")
    static final class Activations extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = DEFAULT_SAVED_MODEL)
        Path model;

        @Option(
                names = "--direct",
                defaultValue = "keras-mnist",
                description = "architecture built directly for the baseline: a built-in, a file, or"
                        + " three-stage (the shape of keras2_tf23_mnist_cnn_3stage)")
        String direct;

        @Option(names = "--batch", defaultValue = "256")
        int batch;

        @Option(names = "--steps", defaultValue = "20")
        int steps;

        @Option(names = "--rounds", defaultValue = "5")
        int rounds;

        @Option(
                names = "--precision",
                paramLabel = "P",
                defaultValue = "float32",
                converter = OptionTypes.PrecisionType.class,
                completionCandidates = OptionTypes.PrecisionType.class,
                description = "float32, mixed_bfloat16 or auto, for both sessions (default: ${DEFAULT-VALUE})")
        OptionTypes.PrecisionOption precision;

        @Override
        void execute() {
            requireRange("--batch", batch, 1, 4096);
            requireRange("--steps", steps, 1, Long.MAX_VALUE);
            requireRange("--rounds", rounds, 1, Long.MAX_VALUE);
            Architecture arch =
                    direct.equals("three-stage") ? ActivationsBenchmark.threeStage() : Architectures.resolve(direct);
            Precision.Choice p = precision.choose();
            System.out.println("bench activations, precision " + p.describe());
            ActivationsBenchmark.run(arch, model, batch, steps, rounds, p.precision(), System.out::println);
        }
    }

    @Command(
            name = "export",
            description = "Images/s and figures/s of export into a fresh folder under --dir, rounds,"
                    + " medians; the process's peak resident memory.")
    static final class Export extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = DEFAULT_SAVED_MODEL)
        Path model;

        @Mixin
        DatasetOptions datasetOptions;

        @Option(names = "--count", defaultValue = "1000")
        int count;

        @Option(names = "--rounds", defaultValue = "3")
        int rounds;

        @Option(
                names = "--dir",
                defaultValue = "output/bench-export",
                description = "where the rounds write (a tmpfs such as /dev/shm measures without the disk)")
        Path dir;

        @Option(
                names = "--precision",
                paramLabel = "P",
                defaultValue = "auto",
                converter = OptionTypes.PrecisionType.class,
                completionCandidates = OptionTypes.PrecisionType.class,
                description = "float32, mixed_bfloat16 or auto, as export (default: ${DEFAULT-VALUE})")
        OptionTypes.PrecisionOption precision;

        @Override
        void execute() throws Exception {
            requireRange("--count", count, 1, Long.MAX_VALUE);
            requireRange("--rounds", rounds, 1, Long.MAX_VALUE);
            Precision.Choice p = choosePrecision(precision, "asked for");
            var data = DatasetLocator.standard().load(datasetOptions.datasetOr("mnist"), datasetOptions.dataDir());
            System.out.println("bench export, precision " + p.describe());
            ExportBenchmark.run(model, data, count, rounds, dir, p.precision(), System.out::println);
        }
    }

    @Command(
            name = "explain",
            description = "Images/s of the forward pass, saliency and Grad-CAM (predicted class) on"
                    + " SAVEDMODEL's test images; medians of rounds.")
    static final class Explain extends BaseCommand {
        @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = DEFAULT_SAVED_MODEL)
        Path model;

        @Mixin
        DatasetOptions datasetOptions;

        @Option(names = "--batch", defaultValue = "64")
        int batch;

        @Option(names = "--steps", defaultValue = "20", description = "batches per round (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--rounds", defaultValue = "5")
        int rounds;

        @Override
        void execute() {
            requireRange("--batch", batch, 1, 4096);
            requireRange("--steps", steps, 1, Long.MAX_VALUE);
            requireRange("--rounds", rounds, 1, Long.MAX_VALUE);
            var data = DatasetLocator.standard().load(datasetOptions.datasetOr("mnist"), datasetOptions.dataDir());
            ExplainBenchmark.run(model, data.test(), batch, steps, rounds, System.out::println);
        }
    }
}
