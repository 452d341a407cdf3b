package dev.kerascope.cli;

import dev.kerascope.io.BadInputException;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --scale} and {@code --normalize}: how pixel values 0..255 become a model's input, for every command that feeds
 * images.
 */
public class PreprocessingOptions {
    @Option(
            names = "--scale",
            paramLabel = "S",
            converter = OptionTypes.PositiveNumberType.class,
            description =
                    "multiply pixel values 0..255 by S (e.g. 1/255, or 1 for raw pixels); default: what the model "
                            + "expects (see the README)")
    Double scale;

    @Option(
            names = "--normalize",
            split = OptionTypes.COMMA,
            splitSynopsisLabel = ",",
            paramLabel = "MEAN,STD",
            converter = OptionTypes.NumberType.class,
            description = "then subtract MEAN and divide by STD; one pair for all channels or all means then all stds "
                    + "(0.485,0.456,0.406,0.229,0.224,0.225)")
    List<Double> normalize;

    boolean given() {
        return scale != null || normalize != null;
    }

    /** The means then the stds, checked: pairs, stds above 0. */
    List<Double> normalize() {
        if (normalize == null) {
            return null;
        }
        if (normalize.size() < 2 || normalize.size() % 2 != 0) {
            throw new BadInputException("--normalize takes MEAN,STD or one mean per channel then one std per channel"
                    + " (e.g. 0.485,0.456,0.406,0.229,0.224,0.225); got " + normalize.size() + " values");
        }
        for (double std : normalize.subList(normalize.size() / 2, normalize.size())) {
            if (!(std > 0)) {
                throw new BadInputException("--normalize STD must be above 0");
            }
        }
        return List.copyOf(normalize);
    }

    /**
     * The console's "input: ..." line, with the options that change it where the preprocessing was not read from the
     * model (kerascope's record or a rescaling layer) but assumed, or taken raw from a Keras file that records none.
     */
    static String fedLine(String fed) {
        boolean guessed = fed.contains("assumed:") || fed.contains("records no preprocessing");
        return "input: " + fed + (guessed ? " (override with --scale/--normalize)" : "");
    }
}
