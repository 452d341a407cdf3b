package dev.kerascope.cli;

import dev.kerascope.app.ActivationsJob;
import dev.kerascope.app.ImageInput;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.io.BadInputException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --input IMAGE} or {@code --dataset D --index I}: the one image a command runs through a model. */
public class ImageOptions {
  @Option(names = "--input", paramLabel = "IMAGE", description = "PNG, JPEG, GIF, BMP or binary PGM; converted to grey and resized to the model's input")
  Path input;

  @Option(names = "--index", paramLabel = "I", description = "with --dataset: the I-th test image") Integer index;

  @Mixin DatasetOptions datasetOptions;

  /** The image source, and a line saying what it is. */
  record Source(ActivationsJob.ImageSource image, String description) {}

  Source source(Path model) {
    if (input != null) {
      return new Source((rows, cols) -> ImageInput.grey(input, rows, cols), input + " (grey, resized to the model's input size)");
    }
    if (index == null) {
      throw new BadInputException("give --input IMAGE, or --dataset D --index I");
    }
    Dataset d = DatasetLocator.standard().load(datasetOptions.datasetOr("mnist"), datasetOptions.dataDir());
    if (index < 0 || index >= d.test().count()) {
      throw new BadInputException("--index must be between 0 and " + (d.test().count() - 1));
    }
    int i0 = index;
    ActivationsJob.ImageSource image = (rows, cols) -> {
      if (rows != d.test().rows() || cols != d.test().cols()) {
        throw new BadInputException(model + " takes " + rows + "x" + cols + " images, the data set has " + d.test().rows() + "x" + d.test().cols());
      }
      int[] grey = new int[rows * cols];
      for (int i = 0; i < grey.length; i++) {
        grey[i] = d.test().pixels()[i0 * grey.length + i] & 0xff;
      }
      return grey;
    };
    return new Source(image, d.id() + " test image " + index + " (label " + d.id().classNames().get(d.test().label(index)) + ")");
  }
}
