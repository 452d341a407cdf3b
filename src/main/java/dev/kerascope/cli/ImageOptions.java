package dev.kerascope.cli;

import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.input.ImageSource;
import dev.kerascope.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a command runs through a model: {@code --input IMAGE}, {@code --input FILE.npy} (or one {@code --input
 * NAME=FILE.npy} per input), or {@code --dataset D --index I}; and how images are preprocessed ({@code --scale},
 * {@code --normalize}).
 */
public class ImageOptions {
    @Option(
            names = "--input",
            paramLabel = "IMAGE|FILE.npy|NAME=FILE.npy",
            description = "an image (PNG, JPEG, GIF, BMP, binary PGM; resized to the model's input, grey or RGB as it "
                    + "takes), "
                    + "or .npy arrays fed as they are (NAME=FILE.npy per input for models with several); "
                    + "repeatable for .npy")
    List<String> inputs = new ArrayList<>();

    @Option(names = "--index", paramLabel = "I", description = "with --dataset: the I-th test image (from 0)")
    Integer index;

    @Mixin
    DatasetOptions datasetOptions;

    @Mixin
    PreprocessingOptions preprocessing;

    /** The .npy inputs, when that is what was given. */
    List<String> npyInputs() {
        boolean npy = inputs.stream().anyMatch(ImageOptions::isNpy);
        if (npy && (inputs.stream().anyMatch(i -> !isNpy(i)) || index != null)) {
            throw new BadInputException(
                    "--input: give either .npy files or one image (or --dataset D --index I), not both");
        }
        return npy ? List.copyOf(inputs) : List.of();
    }

    private static boolean isNpy(String arg) {
        return arg.toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /** The image, when an image (not .npy) was asked for; null for .npy inputs. */
    ImageSource image(Path model) {
        if (!npyInputs().isEmpty()) {
            return null;
        }
        if (inputs.size() > 1) {
            throw new BadInputException("--input takes one image (several --input are for .npy files)");
        }
        if (inputs.size() == 1) {
            if (index != null) {
                throw new BadInputException("give --input IMAGE or --dataset D --index I, not both");
            }
            return ImageSource.file(Path.of(inputs.get(0)));
        }
        if (index == null) {
            throw new BadInputException("give --input IMAGE, --input FILE.npy, or --dataset D --index I");
        }
        Dataset d = DatasetLocator.standard().load(datasetOptions.datasetOr("mnist"), datasetOptions.dataDir());
        if (index < 0 || index >= d.test().count()) {
            throw new BadInputException(
                    "--index must be between 0 and " + (d.test().count() - 1));
        }
        int size = d.test().imageSize();
        int[] grey = new int[size];
        for (int i = 0; i < size; i++) {
            grey[i] = d.test().pixels()[index * size + i] & 0xff;
        }
        return ImageSource.grey(
                d.test().rows(),
                d.test().cols(),
                grey,
                d.id() + " test image " + index + " (label "
                        + d.id().classNames().get(d.test().label(index)) + ")");
    }
}
