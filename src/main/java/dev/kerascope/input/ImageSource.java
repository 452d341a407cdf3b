package dev.kerascope.input;

import java.nio.file.Path;

/** Where an image fed to a model comes from: a file, or a data set's grey image, made to fit the model's input. */
public interface ImageSource {
    /**
     * The image at the model's input size and channels.
     *
     * @param input the model's image input
     * @return the pixels, 0..255
     */
    Pixels pixels(ModelInput input);

    /**
     * What the image is, for the console and the report.
     *
     * @return a file name or a data set entry
     */
    String describe();

    /**
     * An image file.
     *
     * @param image the file
     * @return the source
     */
    static ImageSource file(Path image) {
        return new ImageSource() {
            @Override
            public Pixels pixels(ModelInput input) {
                return input.load(image);
            }

            @Override
            public String describe() {
                return image.toString();
            }
        };
    }

    /**
     * A grey image of a data set, resized to the model's input and repeated over its channels.
     *
     * @param rows the image height
     * @param cols the image width
     * @param grey grey levels 0..255, row-major
     * @param description what the image is, such as {@code mnist test image 0 (label 7)}
     * @return the source
     */
    static ImageSource grey(int rows, int cols, int[] grey, String description) {
        return new ImageSource() {
            @Override
            public Pixels pixels(ModelInput input) {
                return input.fromGrey(rows, cols, grey);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
