package dev.kerascope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.SharedData;
import dev.kerascope.testing.SyntheticDigits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsRawAndGzipFilesAlike() throws Exception {
        LabeledImages set = SyntheticDigits.make(7, 3);
        Files.write(dir.resolve("img"), SyntheticDigits.imagesIdx(set));
        Files.write(dir.resolve("lab"), SyntheticDigits.labelsIdx(set));
        SyntheticDigits.write(dir.resolve("img.gz"), SyntheticDigits.imagesIdx(set));
        SyntheticDigits.write(dir.resolve("lab.gz"), SyntheticDigits.labelsIdx(set));
        LabeledImages raw = IdxReader.read(dir.resolve("img"), dir.resolve("lab"));
        LabeledImages gz = IdxReader.read(dir.resolve("img.gz"), dir.resolve("lab.gz"));
        for (LabeledImages r : new LabeledImages[] {raw, gz}) {
            assertEquals(7, r.count());
            assertEquals(28, r.rows());
            assertArrayEquals(set.pixels(), r.pixels());
            assertArrayEquals(set.labels(), r.labels());
        }
    }

    @Test
    void refusesWrongMagicNamingTheFile() throws Exception {
        LabeledImages set = SyntheticDigits.make(2, 1);
        Files.write(dir.resolve("lab"), SyntheticDigits.labelsIdx(set));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("lab")));
        assertTrue(e.getMessage().startsWith(dir.resolve("lab").toString()), e.getMessage());
        assertTrue(e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void refusesTruncatedPixels() throws Exception {
        byte[] full = SyntheticDigits.imagesIdx(SyntheticDigits.make(3, 1));
        Files.write(dir.resolve("img"), Arrays.copyOf(full, full.length - 100));
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("img")));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void refusesTruncatedHeader() throws Exception {
        Files.write(dir.resolve("img"), new byte[] {0, 0, 8, 3, 0, 0});
        assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("img")));
    }

    @Test
    void refusesLabelCountMismatch() throws Exception {
        Files.write(dir.resolve("img"), SyntheticDigits.imagesIdx(SyntheticDigits.make(5, 1)));
        Files.write(dir.resolve("lab"), SyntheticDigits.labelsIdx(SyntheticDigits.make(4, 1)));
        BadInputException e =
                assertThrows(BadInputException.class, () -> IdxReader.read(dir.resolve("img"), dir.resolve("lab")));
        assertTrue(e.getMessage().contains("4 labels") && e.getMessage().contains("5 images"), e.getMessage());
    }

    @Test
    void refusesCorruptGzip() throws Exception {
        SyntheticDigits.write(dir.resolve("img.gz"), SyntheticDigits.imagesIdx(SyntheticDigits.make(50, 1)));
        byte[] bytes = Files.readAllBytes(dir.resolve("img.gz"));
        for (int i = 20; i < bytes.length - 8; i += 7) {
            bytes[i] ^= 0x5a;
        }
        Files.write(dir.resolve("img.gz"), bytes);
        assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("img.gz")));
    }

    @Test
    void refusesAbsurdDimensionsBeforeAllocating() throws Exception {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(b);
        out.writeInt(0x803);
        out.writeInt(1 << 30);
        out.writeInt(1 << 10);
        out.writeInt(1 << 10);
        Files.write(dir.resolve("img"), b.toByteArray());
        BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("img")));
        assertTrue(e.getMessage().contains("impossible"), e.getMessage());
    }

    @Test
    void readsTheOriginalMnistFilesWithLeCunsExactClassCounts() {
        Path mnist = SharedData.require(SharedData.mnist());
        LabeledImages train = IdxReader.read(
                mnist.resolve("train-images-idx3-ubyte.gz"), mnist.resolve("train-labels-idx1-ubyte.gz"));
        LabeledImages test =
                IdxReader.read(mnist.resolve("t10k-images-idx3-ubyte.gz"), mnist.resolve("t10k-labels-idx1-ubyte.gz"));
        assertEquals(60000, train.count());
        assertEquals(10000, test.count());
        assertEquals(28, train.rows());
        assertEquals(28, test.cols());
        // The per-digit counts of the published files (np.bincount of Keras's mnist.load_data() labels).
        assertArrayEquals(new int[] {5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949}, perClass(train));
        assertArrayEquals(new int[] {980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009}, perClass(test));
    }

    static int[] perClass(LabeledImages set) {
        int[] n = new int[10];
        for (int i = 0; i < set.count(); i++) {
            n[set.label(i)]++;
        }
        return n;
    }

    /** An IDX image header (magic 0x803) claiming count × rows × cols, followed by {@code body}. */
    static byte[] images(int count, int rows, int cols, byte[] body) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + body.length);
        b.putInt(0x803).putInt(count).putInt(rows).putInt(cols).put(body);
        return b.array();
    }

    @Test
    void anEmptySetIsReadAndZeroSizedImagesAreRefused() throws Exception {
        Files.write(dir.resolve("empty"), images(0, 28, 28, new byte[0]));
        Files.write(
                dir.resolve("labels"),
                java.nio.ByteBuffer.allocate(8).putInt(0x801).putInt(0).array());
        LabeledImages e = IdxReader.read(dir.resolve("empty"), dir.resolve("labels"));
        assertEquals(0, e.count());
        Files.write(dir.resolve("rows0"), images(1, 0, 28, new byte[0]));
        assertTrue(assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("rows0")))
                .getMessage()
                .contains("impossible image dimensions 1x0x28"));
        Files.write(dir.resolve("cols0"), images(1, 28, 0, new byte[0]));
        assertTrue(assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("cols0")))
                .getMessage()
                .contains("impossible image dimensions 1x28x0"));
        // No images, but each one would hold 2^31 pixels: refused although the set holds nothing.
        Files.write(dir.resolve("huge0"), images(0, 1 << 16, 1 << 15, new byte[0]));
        assertTrue(assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("huge0")))
                .getMessage()
                .contains("impossible image dimensions 0x65536x32768"));
        Files.write(dir.resolve("negative"), images(-1, 28, 28, new byte[0]));
        assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("negative")));
        Files.write(
                dir.resolve("neglabels"),
                java.nio.ByteBuffer.allocate(8).putInt(0x801).putInt(-1).array());
        assertTrue(assertThrows(BadInputException.class, () -> IdxReader.readLabels(dir.resolve("neglabels")))
                .getMessage()
                .contains("impossible label count -1"));
    }

    @Test
    void bytesBeyondWhatTheHeaderAnnouncesAreRefused() throws Exception {
        Files.write(dir.resolve("img"), images(1, 2, 2, new byte[] {1, 2, 3, 4, 5}));
        assertTrue(assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("img")))
                .getMessage()
                .endsWith("img: has trailing bytes after the data its header announces"));
        Files.write(
                dir.resolve("lab"),
                java.nio.ByteBuffer.allocate(11)
                        .putInt(0x801)
                        .putInt(2)
                        .put(new byte[] {1, 2, 3})
                        .array());
        assertTrue(assertThrows(BadInputException.class, () -> IdxReader.readLabels(dir.resolve("lab")))
                .getMessage()
                .contains("trailing bytes"));
        Files.write(dir.resolve("zero"), images(1, 2, 2, new byte[] {1, 2, 3, 4, 0}));
        assertThrows(
                BadInputException.class,
                () -> IdxReader.readImages(dir.resolve("zero")),
                "a trailing zero byte is a byte too");
        Files.write(dir.resolve("exact"), images(1, 2, 2, new byte[] {1, 2, 3, (byte) 255}));
        IdxReader.Images ok = IdxReader.readImages(dir.resolve("exact"));
        assertEquals(255, ok.pixels()[3] & 0xff);
    }
}
