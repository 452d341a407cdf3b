package dev.kerascope.input;

import dev.kerascope.io.BadInputException;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads an image file (PNG, JPEG, GIF, BMP through ImageIO; binary PGM by hand, which ImageIO lacks) as pixel values
 * 0..255 at the model's input size: grey for one channel, RGB for three. The header is read first, so a huge or empty
 * image is refused before any pixel is decoded.
 *
 * <p>Grey is PIL's {@code convert("L")} (ITU-R 601 luma, what Keras's {@code load_img} gives); resizing is TensorFlow's
 * bilinear with half-pixel centres ({@code tf.image.resize}, Keras's {@code Resizing}), written out here because
 * Java2D's scaling is neither and converts grey through a linear colour space.
 */
public final class ImageInput {
    static final long MAX_FILE_BYTES = 64L << 20;
    static final int MAX_SIDE = 16384;
    /** 16.7 megapixels: decoded as ints (three channels) that is 200 MB, refused from the header before decoding. */
    static final long MAX_PIXELS = 1L << 24;
    /** Longest side fed to a model that accepts any size; larger images are scaled down to it. */
    static final int MAX_FREE_SIDE = 1024;

    private ImageInput() {}

    /**
     * Grey levels, row-major, {@code rows x cols} after a bilinear resize when the sizes differ.
     *
     * @param file the image file
     * @param rows the height wanted
     * @param cols the width wanted
     * @return grey levels 0..255
     * @throws BadInputException when the file is not a readable image or too large
     */
    public static int[] grey(Path file, int rows, int cols) {
        return pixels(file, rows, cols, 1).values();
    }

    /**
     * Pixels with {@code channels} interleaved (1: grey; 3: RGB; 4: RGB and opaque alpha; any other count: grey
     * repeated), resized to {@code rows x cols}; a side below 1 keeps the image's own size (models that take any size),
     * scaled down to {@value #MAX_FREE_SIDE} at most.
     *
     * @param file the image file
     * @param rows the height wanted, or below 1 for the image's own
     * @param cols the width wanted, or below 1 for the image's own
     * @param channels the channels wanted
     * @return the pixels, 0..255
     * @throws BadInputException when the file is not a readable image or too large
     */
    public static Pixels pixels(Path file, int rows, int cols, int channels) {
        try {
            if (!Files.isRegularFile(file)) {
                throw BadInputException.inFile(
                        file, Files.isDirectory(file) ? "is a folder, not an image file" : "no such image file");
            }
            long size = Files.size(file);
            if (size == 0) {
                throw BadInputException.inFile(file, "is empty");
            }
            if (size > MAX_FILE_BYTES) {
                throw BadInputException.inFile(
                        file, "is " + size + " bytes; images over " + (MAX_FILE_BYTES >> 20) + " MB are refused");
            }
            BufferedImage img = isPgm(file) ? readPgm(file) : readImageIo(file);
            Pixels src = decode(img, channels == 3 || channels == 4 ? 3 : 1);
            int h = rows > 0 ? rows : freeSide(img.getHeight(), img.getWidth(), img.getHeight());
            int w = cols > 0 ? cols : freeSide(img.getWidth(), img.getWidth(), img.getHeight());
            return src.resized(h, w).withChannels(channels);
        } catch (IOException e) {
            throw BadInputException.inFile(file, "cannot read the image (" + e.getMessage() + ")");
        }
    }

    private static int freeSide(int side, int w, int h) {
        int longest = Math.max(w, h);
        return longest <= MAX_FREE_SIDE ? side : Math.max(1, (int) Math.round((double) side * MAX_FREE_SIDE / longest));
    }

    /**
     * The image's own pixels as grey (1) or RGB (3). Grey images are read from their raster, not through a colour
     * conversion.
     */
    static Pixels decode(BufferedImage img, int channels) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] out = new int[w * h * channels];
        ColorModel cm = img.getColorModel();
        boolean grey = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY && !(cm instanceof IndexColorModel);
        int shift = grey ? Math.max(0, cm.getComponentSize(0) - 8) : 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int r;
                int g;
                int b;
                if (grey) {
                    r = g = b = img.getRaster().getSample(x, y, 0) >> shift;
                } else {
                    int rgb = img.getRGB(x, y);
                    r = (rgb >> 16) & 0xff;
                    g = (rgb >> 8) & 0xff;
                    b = rgb & 0xff;
                }
                int at = (y * w + x) * channels;
                if (channels == 1) {
                    out[at] = grey ? r : (r * 19595 + g * 38470 + b * 7471 + 0x8000) >> 16;
                } else {
                    out[at] = r;
                    out[at + 1] = g;
                    out[at + 2] = b;
                }
            }
        }
        return new Pixels(h, w, channels, out);
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
                throw BadInputException.inFile(
                        file, "is not an image kerascope can read (PNG, JPEG, GIF, BMP or binary PGM)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                checkSize(file, w, h);
                return reader.read(0);
            } catch (BadInputException e) {
                throw e;
            } catch (RuntimeException e) {
                // The JDK's decoders report some corrupt files with unchecked exceptions (the GIF reader's
                // IndexOutOfBoundsException, ArrayIndexOutOfBounds in the PNG and BMP readers); the file is
                // the fault, not kerascope.
                throw BadInputException.inFile(
                        file,
                        "is a corrupt " + reader.getFormatName().toUpperCase(Locale.ROOT) + " image ("
                                + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                                + ")");
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
            throw BadInputException.inFile(
                    file, "is " + w + "x" + h + " pixels; sides over " + MAX_SIDE + " are refused");
        }
        if ((long) w * h > MAX_PIXELS) {
            throw BadInputException.inFile(
                    file, "is " + w + "x" + h + " pixels; images over " + MAX_PIXELS + " pixels are refused");
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
}
