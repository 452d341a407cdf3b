package dev.kerascope.cli;

import dev.kerascope.app.ActivationsJob;
import dev.kerascope.io.BadInputException;
import dev.kerascope.precision.Precision;
import dev.kerascope.savedmodel.TensorRef;
import dev.kerascope.walker.ActivationStats;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "activations",
        description = "Run one image through a SavedModel and show (or save as .npy) the output of every"
                + " layer, fetched by Keras layer name.")
public final class ActivationsCommand extends BaseCommand {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SAVEDMODEL",
            defaultValue = DEFAULT_SAVED_MODEL,
            description = "a SavedModel folder (default: ${DEFAULT-VALUE})")
    Path model;

    @Mixin
    ImageOrNpyOptions imageOptions;

    @Option(
            names = "--layers",
            split = OptionTypes.COMMA,
            splitSynopsisLabel = ",",
            converter = OptionTypes.TrimmedType.class,
            description = "layer names (default: all)")
    List<String> layers = new ArrayList<>();

    @Option(
            names = "--raw",
            description = "also fetch each layer's value before its activation (Conv2D + BiasAdd before the ReLU)")
    boolean raw;

    @Option(
            names = "--tensor",
            paramLabel = "NAME",
            description = "also fetch a graph tensor by name, e.g. y:0 (TF1 graphs); repeatable")
    List<String> tensors = new ArrayList<>();

    @Option(names = "--npy", paramLabel = "DIR", description = "write <layer>.npy, input.npy and index.json here")
    Path npy;

    @Mixin
    MetaGraphOptions metaGraph;

    @Mixin
    AnalysisPrecisionOptions analysisPrecision;

    @Override
    void execute() {
        for (String t : tensors) {
            try {
                TensorRef.parse(t);
            } catch (IllegalArgumentException e) {
                throw new BadInputException("--tensor " + t + ": not a tensor name such as y:0");
            }
        }
        List<String> npyInputs = imageOptions.npyInputs();
        if (!npyInputs.isEmpty() && imageOptions.preprocessing.given()) {
            throw new BadInputException("--scale and --normalize apply to images; an .npy input is fed as it is");
        }
        Precision.Choice p = analysisPrecision.choose(this);
        var outcome = ActivationsJob.run(new ActivationsJob.Request(
                model,
                metaGraph.tags,
                metaGraph.signature,
                imageOptions.image(),
                npyInputs,
                imageOptions.preprocessing.scale,
                imageOptions.preprocessing.normalize(),
                layers,
                raw,
                tensors,
                npy,
                p.precision()));
        System.out.println(PreprocessingOptions.fedLine(outcome.fed()));
        System.out.println("precision " + p.describe());
        outcome.notes().forEach(n -> System.out.println("note: " + n));
        if (outcome.signatureOutputsOnly()) {
            System.out.println("note: --tensor NAME fetches any graph tensor");
        }
        for (ActivationStats s : outcome.stats()) {
            System.out.printf(
                    Locale.ROOT,
                    "%-28s %-20s min %9.4f  max %9.4f  mean %9.4f  zeros %5.1f%%  top channels %s%n",
                    s.layer(),
                    Arrays.toString(s.shape()),
                    s.min(),
                    s.max(),
                    s.mean(),
                    100 * s.zeroFraction(),
                    s.topChannels());
        }
        if (npy != null) {
            System.out.println("wrote " + count(outcome.tensors().size(), "layer .npy file")
                    + ", the input and index.json to " + npy);
        }
    }
}
