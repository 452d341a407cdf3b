package dev.kerascope.cli;

import dev.kerascope.app.ExplainJob;
import dev.kerascope.io.BadInputException;
import dev.kerascope.precision.Precision;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "explain",
        description =
                "Which input pixels drove a prediction: saliency, SmoothGrad, Grad-CAM or Grad-CAM++ for one image "
                        + "(heatmap, overlay, .npy of the values, captions).")
public final class ExplainCommand extends BaseCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SAVEDMODEL", defaultValue = DEFAULT_SAVED_MODEL)
    Path model;

    @Mixin
    ImageOptions imageOptions;

    @Option(names = "--class", paramLabel = "C", description = "class to explain (default: the predicted one)")
    Integer classIndex;

    @Option(
            names = "--method",
            defaultValue = "gradcam",
            converter = OptionTypes.ExplainMethodType.class,
            completionCandidates = OptionTypes.ExplainMethodType.class,
            description = "saliency, smoothgrad, gradcam (default) or gradcam++")
    ExplainJob.Method method;

    @Option(names = "--layer", description = "Grad-CAM's layer (default: the last convolution)")
    String layer;

    @Option(
            names = "--samples",
            defaultValue = "25",
            description = "SmoothGrad's noisy copies (default: ${DEFAULT-VALUE})")
    int samples;

    @Option(
            names = "--noise",
            defaultValue = "0.15",
            description = "SmoothGrad's noise: standard deviation as a fraction of the input's value range "
                    + "(default: ${DEFAULT-VALUE})")
    double noise;

    @Option(names = "--seed", defaultValue = "0", description = "SmoothGrad's noise seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", defaultValue = "output/explain", description = "folder (default: ${DEFAULT-VALUE})")
    Path out;

    @Mixin
    MetaGraphOptions metaGraph;

    @Mixin
    MapPaletteOptions mapPalette;

    @Mixin
    AnalysisPrecisionOptions analysisPrecision;

    @Override
    void execute() {
        if (!imageOptions.npyInputs().isEmpty()) {
            throw new BadInputException("explain takes an image; give --input IMAGE or --dataset D --index I");
        }
        requireRange("--class", classIndex, 0, Long.MAX_VALUE);
        requireRange("--samples", samples, 1, 10_000);
        if (!(noise >= 0)) {
            throw new BadInputException("--noise must be at least 0");
        }
        if (layer != null && !method.atLayer()) {
            throw new BadInputException(
                    "--layer is for gradcam and gradcam++; " + method.flag() + " is taken at the input");
        }
        Precision.Choice p = analysisPrecision.choose(this);
        ExplainJob.Outcome r = ExplainJob.run(new ExplainJob.Options(
                model,
                metaGraph.tags,
                metaGraph.signature,
                imageOptions.image(),
                imageOptions.preprocessing.scale,
                imageOptions.preprocessing.normalize(),
                classIndex,
                method,
                layer,
                samples,
                noise,
                seed,
                mapPalette.palette,
                out,
                p.precision()));
        System.out.println(PreprocessingOptions.fedLine(r.fed()));
        System.out.println("precision " + p.describe());
        System.out.println("score: " + r.score());
        System.out.println(r.caption());
        for (Path f : r.written()) {
            System.out.println("wrote " + f);
        }
    }
}
