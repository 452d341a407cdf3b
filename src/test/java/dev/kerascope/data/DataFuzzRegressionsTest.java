package dev.kerascope.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs the fuzz tests found or the limits promise: each is refused with its reason before a large allocation. */
class DataFuzzRegressionsTest {
    @TempDir
    Path dir;

    private String refused(Path file, boolean images) {
        return assertThrows(BadInputException.class, () -> {
                    if (images) {
                        IdxReader.readImages(file);
                    } else {
                        IdxReader.readLabels(file);
                    }
                })
                .getMessage();
    }

    @Test
    void idxDimensionsWhoseLongProductWrapsAreRefused() throws IOException {
        // Found by IdxFuzzTest: 1426063362 x 1286 x 117967114 overflows a long to a small number, and
        // the int size was negative (NegativeArraySizeException).
        Path f = Files.write(dir.resolve("crash-idx"), HexFormat.of().parseHex("0000080355000002000005060708090a0b0c"));
        assertEquals(f + ": impossible image dimensions 1426063362x1286x117967114", refused(f, true));
    }

    @Test
    void anIdxHeaderAnnouncingAGigabyteOverThreeBytesIsTruncatedNotAllocated() throws IOException {
        Path f = Files.write(
                dir.resolve("labels"), NpyFiles.idx(IdxReader.LABELS_MAGIC, new int[] {1 << 30}, new byte[] {1, 2, 3}));
        assertEquals(f + ": truncated: expected 1073741824 label bytes, found 3", refused(f, false));
    }

    @Test
    void npyDimensionsOf2To40AndShapesWhoseProductWrapsAreRefused() {
        for (String shape : new String[] {"1099511627776,", "1073741824, 17179869184", "4, 4611686018427387904"}) {
            byte[] npy = NpyFiles.npy("|u1", shape, new byte[16]);
            String numbers = assertThrows(
                            BadInputException.class,
                            () -> NpyNumbers.read(new ByteArrayInputStream(npy), npy.length, "a.npy"))
                    .getMessage();
            assertTrue(numbers.startsWith("a.npy: shape [") && numbers.contains("impossible"), numbers);
            String uint8 = assertThrows(
                            BadInputException.class, () -> NpyArray.readUint8(new ByteArrayInputStream(npy), "a.npy"))
                    .getMessage();
            assertTrue(uint8.startsWith("a.npy: impossible shape"), uint8);
        }
    }

    @Test
    void aFourGigabyteNpyHeaderLengthIsRefused() {
        byte[] npy = HexFormat.of().parseHex("934e554d5059" + "0200" + "ffffffff" + "7b7d");
        String m = assertThrows(
                        BadInputException.class, () -> NpyArray.readUint8(new ByteArrayInputStream(npy), "a.npy"))
                .getMessage();
        assertEquals("a.npy: .npy header of 4294967295 bytes is implausible", m);
    }

    @Test
    void aStreamedNpyAnnouncingAGigabyteIsTruncatedNotAllocated() {
        byte[] npy = NpyFiles.npy("|u1", "1024, 1024, 1024", new byte[5]);
        String m = assertThrows(
                        BadInputException.class, () -> NpyArray.readUint8(new ByteArrayInputStream(npy), "a.npy"))
                .getMessage();
        assertTrue(m.startsWith("a.npy: truncated .npy array") && m.contains("found 5"), m);
    }

    @Test
    void anNpzZipBombIsRefusedBeforeItIsInflated() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            NpyFiles.member(zip, "x_train.npy", NpyFiles.npy("|u1", "2048, 64, 64", new byte[2048 * 64 * 64]));
        }
        Path f = Files.write(dir.resolve("bomb.npz"), bytes.toByteArray());
        String m = assertThrows(BadInputException.class, () -> NpzReader.readKerasSplits(f))
                .getMessage();
        assertTrue(m.startsWith(f + ": x_train.npy unpacks") && m.contains("zip bomb"), m);
    }
}
