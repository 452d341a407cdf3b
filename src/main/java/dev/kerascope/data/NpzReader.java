package dev.kerascope.data;

import dev.kerascope.io.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Reads Keras's {@code mnist.npz} cache: a zip of x_train, y_train, x_test, y_test arrays. */
final class NpzReader {
    /** The largest .npy member: IdxReader's limit on image bytes plus room for the header. */
    static final long MAX_MEMBER_BYTES = IdxReader.MAX_BYTES + (1 << 20);
    /**
     * Deflate packs MNIST's digits about 5:1 and blank images about 1000:1; above 100:1 a large member is refused as a
     * zip bomb before it is inflated.
     */
    static final long MAX_RATIO = 100;
    /** Members up to this size are read whatever their ratio (a small all-zero test array packs well). */
    static final long RATIO_FREE_BYTES = 1 << 20;

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
            throw BadInputException.inFile(
                    file, xName + " has shape " + Arrays.toString(x.shape()) + ", expected (count, rows, cols)");
        }
        if (y.shape().length != 1 || y.shape()[0] != x.shape()[0]) {
            throw BadInputException.inFile(
                    file, yName + " holds " + Arrays.toString(y.shape()) + " labels for " + x.shape()[0] + " images");
        }
        return new LabeledImages(x.data(), y.data(), (int) x.shape()[0], (int) x.shape()[1], (int) x.shape()[2]);
    }

    private static NpyArray member(ZipFile zip, Path file, String name) throws IOException {
        ZipEntry e;
        try {
            e = zip.getEntry(name + ".npy");
        } catch (IllegalArgumentException malformed) {
            // java.util.zip refuses entry names that are not valid UTF-8 this way (found by NpzFuzzTest)
            throw BadInputException.inFile(file, "is a zip with malformed entry names: not Keras's mnist.npz");
        }
        if (e == null) {
            throw BadInputException.inFile(file, "has no " + name + ".npy member");
        }
        long size = e.getSize();
        long packed = Math.max(1, e.getCompressedSize());
        if (size < 0 || size > MAX_MEMBER_BYTES) {
            throw BadInputException.inFile(
                    file,
                    name + ".npy unpacks to " + size + " bytes; members over " + MAX_MEMBER_BYTES
                            + " bytes are refused");
        }
        if (size > RATIO_FREE_BYTES && size / packed > MAX_RATIO) {
            throw BadInputException.inFile(
                    file,
                    name + ".npy unpacks " + packed + " bytes to " + size + " (ratio " + size / packed + ":1, over "
                            + MAX_RATIO + ":1): a zip bomb, not image data");
        }
        // Never more than the size the archive declares (and the checks above passed) is inflated, so a
        // member whose header lies about its size cannot inflate further.
        try (InputStream in = zip.getInputStream(e)) {
            return NpyArray.readUint8(new ByteArrayInputStream(in.readNBytes((int) size)), file + "!" + name + ".npy");
        }
    }
}
