package dev.kerascope.app;

import dev.kerascope.io.BadInputException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an image file (PNG, JPEG, GIF, BMP through ImageIO; binary PGM by hand, which ImageIO
 * lacks) as grey levels 0..255 resized to the model's input size. The header is read first, so a
 * huge or empty image is refused before any pixel is decoded.
 */
public final class ImageInput {
  static final long MAX_FILE_BYTES = 64L << 20;
  static final int MAX_SIDE = 16384;

  private ImageInput() {}

  /** Grey levels, row-major, {@code rows x cols} after a bilinear resize when the sizes differ. */
  public static int[] grey(Path file, int rows, int cols) {
    try {
      if (!Files.isRegularFile(file)) {
        throw BadInputException.inFile(file, "no such image file");
      }
      long size = Files.size(file);
      if (size == 0) {
        throw BadInputException.inFile(file, "is empty");
      }
      if (size > MAX_FILE_BYTES) {
        throw BadInputException.inFile(file, "is " + size + " bytes; images over " + (MAX_FILE_BYTES >> 20) + " MB are refused");
      }
      BufferedImage img = isPgm(file) ? readPgm(file) : readImageIo(file);
      return resize(img, rows, cols);
    } catch (IOException e) {
      throw BadInputException.inFile(file, "cannot read the image (" + e.getMessage() + ")");
    }
  }

  private static boolean isPgm(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] m = in.readNBytes(2);
      return m.length == 2 && m[0] == 'P' && m[1] == '5';
    }
  }

  private static BufferedImage readImageIo(Path file) throws IOException {
    try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
      Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
      if (readers == null || !readers.hasNext()) {
        throw BadInputException.inFile(file, "is not an image kerascope can read (PNG, JPEG, GIF, BMP or binary PGM)");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        checkSize(file, w, h);
        return reader.read(0);
      } finally {
        reader.dispose();
      }
    }
  }

  private static void checkSize(Path file, int w, int h) {
    if (w < 1 || h < 1) {
      throw BadInputException.inFile(file, "has no pixels (" + w + "x" + h + ")");
    }
    if (w > MAX_SIDE || h > MAX_SIDE) {
      throw BadInputException.inFile(file, "is " + w + "x" + h + " pixels; sides over " + MAX_SIDE + " are refused");
    }
  }

  /** Binary PGM (P5), 8-bit: "P5", width, height, maxval, one whitespace, then the pixels. */
  static BufferedImage readPgm(Path file) throws IOException {
    byte[] b = Files.readAllBytes(file);
    int[] pos = {2};
    int w = pgmInt(b, pos, file);
    int h = pgmInt(b, pos, file);
    int maxval = pgmInt(b, pos, file);
    pos[0]++;
    checkSize(file, w, h);
    if (maxval < 1 || maxval > 255 || b.length - pos[0] < (long) w * h) {
      throw BadInputException.inFile(file, "is a truncated or 16-bit PGM");
    }
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int v = (b[pos[0] + y * w + x] & 0xff) * 255 / maxval;
        img.getRaster().setSample(x, y, 0, v);
      }
    }
    return img;
  }

  private static int pgmInt(byte[] b, int[] pos, Path file) {
    while (pos[0] < b.length && (Character.isWhitespace(b[pos[0]]) || b[pos[0]] == '#')) {
      if (b[pos[0]] == '#') {
        while (pos[0] < b.length && b[pos[0]] != '\n') {
          pos[0]++;
        }
      }
      pos[0]++;
    }
    int start = pos[0];
    while (pos[0] < b.length && Character.isDigit(b[pos[0]])) {
      pos[0]++;
    }
    if (start == pos[0] || pos[0] - start > 9) {
      throw BadInputException.inFile(file, "has a broken PGM header");
    }
    return Integer.parseInt(new String(b, start, pos[0] - start, StandardCharsets.US_ASCII));
  }

  private static int[] resize(BufferedImage src, int rows, int cols) {
    BufferedImage grey = new BufferedImage(cols, rows, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = grey.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(src, 0, 0, cols, rows, null);
    g.dispose();
    int[] out = new int[rows * cols];
    grey.getRaster().getPixels(0, 0, cols, rows, out);
    return out;
  }
}
