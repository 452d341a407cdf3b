package dev.kerascope.data;

import dev.kerascope.io.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads Keras's {@code mnist.npz} cache: a zip of x_train, y_train, x_test, y_test arrays. */
public final class NpzReader {
  private NpzReader() {}

  public static LabeledImages[] readKerasSplits(Path file) {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      LabeledImages train = split(zip, file, "x_train", "y_train");
      LabeledImages test = split(zip, file, "x_test", "y_test");
      return new LabeledImages[] {train, test};
    } catch (BadInputException e) {
      throw e;
    } catch (IOException e) {
      throw BadInputException.inFile(file, "not a readable .npz archive (" + e.getMessage() + ")");
    }
  }

  private static LabeledImages split(ZipFile zip, Path file, String xName, String yName) throws IOException {
    NpyArray x = member(zip, file, xName);
    NpyArray y = member(zip, file, yName);
    if (x.shape().length != 3) {
      throw BadInputException.inFile(file, xName + " has shape " + java.util.Arrays.toString(x.shape()) + ", expected (count, rows, cols)");
    }
    if (y.shape().length != 1 || y.shape()[0] != x.shape()[0]) {
      throw BadInputException.inFile(file, yName + " holds " + java.util.Arrays.toString(y.shape()) + " labels for " + x.shape()[0] + " images");
    }
    return new LabeledImages(x.data(), y.data(), (int) x.shape()[0], (int) x.shape()[1], (int) x.shape()[2]);
  }

  private static NpyArray member(ZipFile zip, Path file, String name) throws IOException {
    ZipEntry e = zip.getEntry(name + ".npy");
    if (e == null) {
      throw BadInputException.inFile(file, "has no " + name + ".npy member");
    }
    try (InputStream in = zip.getInputStream(e)) {
      return NpyArray.readUint8(in, file + "!" + name + ".npy");
    }
  }
}
