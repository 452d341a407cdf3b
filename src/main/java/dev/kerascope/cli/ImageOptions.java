package dev.kerascope.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The input of the commands that draw on an image (featuremaps, explain): one image, or a data set's test image. */
public class ImageOptions extends InputOptions {
    @Option(
            names = "--input",
            paramLabel = "IMAGE",
            description = "an image (PNG, JPEG, GIF, BMP, binary PGM; resized to the model's input, grey or RGB as it "
                    + "takes)")
    List<String> inputs = new ArrayList<>();

    @Override
    List<String> inputs() {
        return inputs;
    }

    @Override
    boolean takesNpy() {
        return false;
    }
}
