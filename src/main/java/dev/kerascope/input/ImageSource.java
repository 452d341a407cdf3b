package dev.kerascope.input;

import java.nio.file.Path;

/** Where an image fed to a model comes from: a file, or a data set's grey image, made to fit the model's input. */
public interface ImageSource {
  Pixels pixels(ModelInput input);

  /** What the image is, for the console and the report. */
  String describe();

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

  /** A grey image of a data set, resized to the model's input and repeated over its channels. */
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
