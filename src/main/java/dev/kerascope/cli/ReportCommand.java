package dev.kerascope.cli;

import dev.kerascope.app.ReportJob;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetId;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.input.ImageSource;
import dev.kerascope.io.BadInputException;
import dev.kerascope.precision.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "report",
        description = "The main job: an offline HTML report of a model (summary, signatures, training curves, filters, "
                + "feature maps and predictions for sample inputs).")
public final class ReportCommand extends BaseCommand {
    /** CIFAR-10's classes in Keras's label order (keras.datasets.cifar10). */
    static final List<String> CIFAR10 =
            List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck");

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SAVEDMODEL",
            defaultValue = DEFAULT_SAVED_MODEL,
            description = "a SavedModel folder or a kerascope run folder (default: the model kerascope ships, "
                    + "${DEFAULT-VALUE})")
    Path model;

    @Option(
            names = "--inputs",
            description =
                    "folder of sample images (default: examples/digits, or the data set's test images with --dataset)")
    Path inputs;

    @Mixin
    DatasetOptions datasetOptions;

    @Mixin
    PreprocessingOptions preprocessing;

    @Option(
            names = "--max-inputs",
            defaultValue = "10",
            description = "at most this many sample images (default: ${DEFAULT-VALUE})")
    int maxInputs;

    @Option(
            names = "--class-names",
            paramLabel = "FILE|mnist|fashion-mnist|cifar10",
            description =
                    "names of the classes for the predictions: a text file with one name per line, or a built-in list")
    String classNames;

    @Mixin
    MetaGraphOptions metaGraph;

    @Option(
            names = "--top-inputs",
            paramLabel = "DIR",
            description =
                    "a folder that top-inputs wrote, linked from its layer in the report (repeatable, one per layer)")
    List<Path> topInputs = new ArrayList<>();

    @Option(
            names = "--out",
            defaultValue = "output/report",
            description = "folder (default: ${DEFAULT-VALUE}), replaced as a whole: missing, empty or an earlier"
                    + " report; any other folder is refused")
    Path out;

    @Option(
            names = "--precision",
            paramLabel = "P",
            defaultValue = "auto",
            converter = OptionTypes.PrecisionType.class,
            completionCandidates = OptionTypes.PrecisionType.class,
            description = "auto (default: mixed_bfloat16 where the"
                    + " CPU has amx_bf16 or avx512_bf16, float32 elsewhere), float32 (the model's own numbers) or "
                    + "mixed_bfloat16"
                    + " (TensorFlow's oneDNN bfloat16 rewrite)")
    OptionTypes.PrecisionOption precision;

    @Override
    void execute() {
        requireRange("--max-inputs", maxInputs, 1, Long.MAX_VALUE);
        List<Double> normalize = preprocessing.normalize();
        List<ImageSource> samples = new ArrayList<>();
        String from;
        List<String> names = classNames == null ? null : classNames(classNames);
        if (datasetOptions.dataset != null && inputs == null) {
            Dataset d = DatasetLocator.standard().load(datasetOptions.datasetOr("mnist"), datasetOptions.dataDir());
            int size = d.test().imageSize();
            for (int i = 0; i < Math.min(maxInputs, d.test().count()); i++) {
                int[] grey = new int[size];
                for (int j = 0; j < size; j++) {
                    grey[j] = d.test().pixels()[i * size + j] & 0xff;
                }
                samples.add(ImageSource.grey(d.test().rows(), d.test().cols(), grey, d.id() + "-test-" + i + ".png"));
            }
            from = d.id() + "'s test set";
            names = names != null ? names : d.id().classNames();
        } else {
            Path dir = inputs != null ? inputs : Path.of("examples/digits");
            ReportJob.images(dir, maxInputs).forEach(p -> samples.add(ImageSource.file(p)));
            from = dir.toString();
        }
        Precision.Choice p = choosePrecision(precision, "asked for");
        ReportJob.Outcome o = ReportJob.run(new ReportJob.Options(
                model,
                metaGraph.tags,
                metaGraph.signature,
                samples,
                from,
                preprocessing.scale,
                normalize,
                names,
                topInputs,
                out,
                p));
        System.out.println("precision " + p.describe());
        System.out.println(
                "wrote " + o.index() + " (" + count(o.figures(), "figure") + ", " + count(o.inputs(), "input") + ")");
    }

    static List<String> classNames(String arg) {
        // the built-in lists take any case and Keras's spellings, like every closed-set option (--dataset MNIST)
        switch (arg.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "cifar10", "cifar-10":
                return CIFAR10;
            case "mnist", "fashion-mnist", "fashion":
                return DatasetId.parse(arg).classNames();
            default:
                Path file = Path.of(arg);
                if (!Files.isRegularFile(file)) {
                    throw new BadInputException(
                            "--class-names: " + arg + " is neither mnist, fashion-mnist, cifar10 nor a file");
                }
                try {
                    if (Files.size(file) > 1 << 20) {
                        throw BadInputException.inFile(
                                file, "is over 1 MB; a class-name file has one short name per line");
                    }
                    List<String> out = Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                            .map(String::strip)
                            .filter(s -> !s.isEmpty())
                            .toList();
                    if (out.isEmpty()) {
                        throw BadInputException.inFile(file, "holds no class names");
                    }
                    return out;
                } catch (IOException | UncheckedIOException e) {
                    throw BadInputException.inFile(file, "cannot read class names (" + e.getMessage() + ")");
                }
        }
    }
}
