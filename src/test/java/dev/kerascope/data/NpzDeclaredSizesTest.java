package dev.kerascope.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size limits of an npz member at their exact boundaries. The sizes an archive declares are what the limits read,
 * so the archives here are real zips whose central directory then declares chosen sizes (APPNOTE.TXT 4.3.12: the
 * uncompressed size at offset 24 of a central file header, signature 0x02014b50); nothing of that size is ever made.
 */
class NpzDeclaredSizesTest {
    @TempDir
    Path dir;

    /** A zip holding one deflated member {@code x_train.npy} of {@code content}, declaring {@code declared} bytes. */
    private Path zipDeclaring(byte[] content, long declared) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            NpyFiles.member(zip, "x_train.npy", content);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = b.capacity() - 46; i >= 0; i--) {
            if (b.getInt(i) == 0x02014b50) {
                b.putInt(i + 24, (int) declared);
                break;
            }
        }
        return Files.write(dir.resolve("m.npz"), b.array());
    }

    private String refusal(Path npz) {
        return assertThrows(BadInputException.class, () -> NpzReader.readKerasSplits(npz))
                .getMessage();
    }

    @Test
    void aMemberDeclaringExactlyTheLimitIsNotRefusedForItsSizeAndOneByteMoreIs() throws Exception {
        byte[] zeros = new byte[4096];
        String atLimit = refusal(zipDeclaring(zeros, NpzReader.MAX_MEMBER_BYTES));
        assertTrue(atLimit.contains("a zip bomb"), "then its ratio is checked: " + atLimit);
        String over = refusal(zipDeclaring(zeros, NpzReader.MAX_MEMBER_BYTES + 1));
        assertTrue(over.contains("members over " + NpzReader.MAX_MEMBER_BYTES + " bytes are refused"), over);
        String empty = refusal(zipDeclaring(new byte[0], 0));
        assertTrue(empty.contains("x_train.npy") && !empty.contains("refused"), "0 bytes is a size: " + empty);
    }

    @Test
    void theRatioLimitStartsAboveOneMebibyteAndAboveOneHundredToOne() throws Exception {
        // Exactly 1 MiB of zeros deflates about 1000:1 but is small enough to need no ratio check.
        String mebibyte = refusal(zipDeclaring(new byte[1 << 20], 1 << 20));
        assertTrue(!mebibyte.contains("zip bomb") && mebibyte.contains("x_train.npy"), mebibyte);
        byte[] noise = new byte[32768];
        new java.util.Random(7).nextBytes(noise); // incompressible: deflated it packs about as many bytes
        Path probe = zipDeclaring(noise, noise.length);
        long packed;
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(probe.toFile())) {
            packed = z.getEntry("x_train.npy").getCompressedSize();
        }
        String hundred = refusal(zipDeclaring(noise, 100 * packed));
        assertTrue(!hundred.contains("zip bomb"), "100:1 is allowed: " + hundred);
        String over = refusal(zipDeclaring(noise, 100 * packed + packed));
        assertTrue(
                over.contains("unpacks " + packed + " bytes to " + (101 * packed) + " (ratio 101:1, over 100:1)"),
                over);
    }

    @Test
    void aShapeOfExactly2To30BytesIsReadUntilTheDataEnds() throws Exception {
        for (String shape : new String[] {"1073741824,", "32768, 32768"}) {
            byte[] npy = NpyFiles.npy("|u1", shape, new byte[] {1, 2});
            String m = assertThrows(
                            BadInputException.class,
                            () -> NpyArray.readUint8(new ByteArrayInputStream(npy), "m.npz!x.npy"))
                    .getMessage();
            assertEquals(
                    "m.npz!x.npy: truncated .npy array (shape " + dims(shape) + " needs 1073741824 bytes, found 2)", m);
        }
        NpyArray none = NpyArray.readUint8(new ByteArrayInputStream(NpyFiles.npy("|u1", "0, 28", new byte[0])), "x");
        assertEquals(0, none.data().length, "an axis of 0 holds nothing, and is no error");
        byte[] over = NpyFiles.npy("|u1", "32768, 32769", new byte[] {1, 2});
        assertTrue(assertThrows(BadInputException.class, () -> NpyArray.readUint8(new ByteArrayInputStream(over), "x"))
                .getMessage()
                .contains("impossible shape [32768, 32769]"));
    }

    private static String dims(String shape) {
        return shape.endsWith(",") ? "[" + shape.substring(0, shape.length() - 1) + "]" : "[" + shape + "]";
    }
}
