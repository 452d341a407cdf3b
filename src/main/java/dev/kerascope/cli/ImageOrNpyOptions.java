package dev.kerascope.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The input of activations: an image, a data set's test image, or {@code .npy} arrays fed as they are ({@code --input
 * FILE.npy}, or one {@code --input NAME=FILE.npy} per input).
 */
public class ImageOrNpyOptions extends InputOptions {
    @Option(
            names = "--input",
            paramLabel = "IMAGE|FILE.npy|NAME=FILE.npy",
            description = "an image (PNG, JPEG, GIF, BMP, binary PGM; resized to the model's input, grey or RGB as it "
                    + "takes), "
                    + "or .npy arrays fed as they are (NAME=FILE.npy per input for models with several); "
                    + "repeatable for .npy")
    List<String> inputs = new ArrayList<>();

    @Override
    List<String> inputs() {
        return inputs;
    }

    @Override
    boolean takesNpy() {
        return true;
    }
}
