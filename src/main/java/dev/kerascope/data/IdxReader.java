package dev.kerascope.data;

import dev.kerascope.io.BadInputException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads LeCun's IDX files (raw or gzip-compressed, detected by content): unsigned-byte images (magic 2051) and labels
 * (magic 2049). Written by hand because the format is 16 bytes of header and no maintained Java library reads it; every
 * header field is checked before any allocation.
 */
final class IdxReader {
    static final int LABELS_MAGIC = 0x00000801;
    static final int IMAGES_MAGIC = 0x00000803;
    /** Larger than any MNIST-like file; stops a corrupt header from asking for gigabytes. */
    static final long MAX_BYTES = 1L << 30;

    private IdxReader() {}

    /** Reads an image file and its label file into one set, checking that the counts agree. */
    public static LabeledImages read(Path images, Path labels) {
        Images img = readImages(images);
        byte[] lab = readLabels(labels);
        if (lab.length != img.count) {
            throw BadInputException.inFile(
                    labels,
                    "holds " + lab.length + " labels but " + images.getFileName() + " holds " + img.count + " images");
        }
        return new LabeledImages(img.pixels, lab, img.count, img.rows, img.cols);
    }

    record Images(byte[] pixels, int count, int rows, int cols) {}

    static Images readImages(Path file) {
        return readChecked(file, IMAGES_MAGIC, "image", in -> {
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            // Each factor is bounded first: three ints can overflow even a long product.
            if (count < 0
                    || rows <= 0
                    || cols <= 0
                    || count > MAX_BYTES
                    || (long) rows * cols > MAX_BYTES
                    || (long) count * rows * cols > MAX_BYTES) {
                throw BadInputException.inFile(file, "impossible image dimensions " + count + "x" + rows + "x" + cols);
            }
            return new Images(readFully(in, count * rows * cols, file, "pixel"), count, rows, cols);
        });
    }

    static byte[] readLabels(Path file) {
        return readChecked(file, LABELS_MAGIC, "label", in -> {
            int count = in.readInt();
            if (count < 0 || count > MAX_BYTES) {
                throw BadInputException.inFile(file, "impossible label count " + count);
            }
            return readFully(in, count, file, "label");
        });
    }

    /** What follows an IDX file's magic number, read up to the end its header announces. */
    private interface Body<T> {
        T read(DataInputStream in) throws IOException;
    }

    /**
     * Opens {@code file}, checks its magic number, reads the rest with {@code body} and checks that nothing follows;
     * read failures become one line naming the file.
     */
    private static <T> T readChecked(Path file, int magic, String kind, Body<T> body) {
        try (DataInputStream in = open(file)) {
            int found = in.readInt();
            if (found != magic) {
                throw BadInputException.inFile(
                        file, String.format("not an IDX %s file (magic 0x%08x, expected 0x%08x)", kind, found, magic));
            }
            T value = body.read(in);
            expectEnd(in, file);
            return value;
        } catch (EOFException e) {
            throw BadInputException.inFile(file, "truncated IDX header");
        } catch (ZipException e) {
            throw BadInputException.inFile(file, "corrupt gzip data (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw BadInputException.inFile(file, "cannot read (" + e.getMessage() + ")");
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw BadInputException.inFile(file, "no such file");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
    }

    /**
     * Reads {@code n} bytes, growing the buffer as data arrives (readNBytes), so a header that announces a gigabyte
     * over a few bytes of data costs a few bytes, not the gigabyte.
     */
    private static byte[] readFully(InputStream in, int n, Path file, String what) throws IOException {
        byte[] out = in.readNBytes(n);
        if (out.length < n) {
            throw BadInputException.inFile(
                    file, "truncated: expected " + n + " " + what + " bytes, found " + out.length);
        }
        return out;
    }

    private static void expectEnd(InputStream in, Path file) throws IOException {
        if (in.read() >= 0) {
            throw BadInputException.inFile(file, "has trailing bytes after the data its header announces");
        }
    }
}
