package dev.kerascope.cli;

import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetId;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.input.ImageSource;
import dev.kerascope.io.BadInputException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What a command runs through a model: {@code --input} (an image; {@link ImageOrNpyOptions} also takes .npy files), or
 * {@code --dataset D --index I}; and how images are preprocessed ({@code --scale}, {@code --normalize}). Each subclass
 * declares {@code --input} with the help and label of what its commands accept.
 */
abstract class InputOptions {
    @Option(names = "--index", paramLabel = "I", description = "with --dataset: the I-th test image (from 0)")
    Integer index;

    @Mixin
    DatasetOptions datasetOptions;

    @Mixin
    PreprocessingOptions preprocessing;

    /** The --input values as given. */
    abstract List<String> inputs();

    /** Whether --input also takes .npy arrays: the refusals suggest only what the command accepts. */
    abstract boolean takesNpy();

    static boolean isNpy(String arg) {
        return arg.toLowerCase(Locale.ROOT).endsWith(".npy");
    }

    /** The .npy inputs, when that is what was given. */
    List<String> npyInputs() {
        boolean npy = inputs().stream().anyMatch(InputOptions::isNpy);
        if (npy && (inputs().stream().anyMatch(i -> !isNpy(i)) || index != null)) {
            throw new BadInputException(
                    "--input: give either .npy files or one image (or --dataset D --index I), not both");
        }
        return npy ? List.copyOf(inputs()) : List.of();
    }

    /** The image, when an image (not .npy) was asked for; null for .npy inputs. */
    ImageSource image() {
        if (!npyInputs().isEmpty()) {
            return null;
        }
        if (inputs().size() > 1) {
            throw new BadInputException(
                    "--input takes one image" + (takesNpy() ? " (several --input are for .npy files)" : ""));
        }
        if (inputs().size() == 1) {
            if (index != null) {
                throw new BadInputException("give --input IMAGE or --dataset D --index I, not both");
            }
            return ImageSource.file(Path.of(inputs().get(0)));
        }
        if (index == null) {
            throw new BadInputException(
                    takesNpy()
                            ? "give --input IMAGE, --input FILE.npy, or --dataset D --index I"
                            : "give --input IMAGE or --dataset D --index I");
        }
        if (datasetOptions.dataset == null) {
            // No default: MNIST and Fashion-MNIST both fit a 28x28x1 model, and a silent MNIST fed to another model
            // was a download and a confusing failure.
            throw new BadInputException("--index needs --dataset NAME ("
                    + String.join(
                            " or ",
                            Arrays.stream(DatasetId.values())
                                    .map(DatasetId::cliName)
                                    .toList())
                    + ")");
        }
        Dataset d = DatasetLocator.standard().load(datasetOptions.dataset, datasetOptions.dataDir());
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
