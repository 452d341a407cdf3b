package dev.kerascope.cli;

import dev.kerascope.precision.Precision;
import picocli.CommandLine.Option;

/**
 * {@code --precision} where the command's numbers are analysis (activations, featuremaps, explain, top-inputs): float32
 * by default, so the numbers equal the model's own; mixed_bfloat16 or auto on request.
 */
public class AnalysisPrecisionOptions {
    /** Why these commands default to float32, as their first output line says. */
    static final String DEFAULT_REASON = "the default for analysis: the numbers equal the model's own";

    @Option(
            names = "--precision",
            paramLabel = "P",
            defaultValue = "float32",
            converter = OptionTypes.PrecisionType.class,
            completionCandidates = OptionTypes.PrecisionType.class,
            description = "float32 (default: the numbers equal the model's own), mixed_bfloat16 (TensorFlow's oneDNN"
                    + " bfloat16 rewrite: within bfloat16's precision) or auto (mixed_bfloat16 where the CPU has bf16"
                    + " instructions)")
    OptionTypes.PrecisionOption precision;

    /** The precision the command runs in, with why (float32 by default, for analysis). */
    Precision.Choice choose(BaseCommand command) {
        return command.choosePrecision(precision, DEFAULT_REASON);
    }
}
