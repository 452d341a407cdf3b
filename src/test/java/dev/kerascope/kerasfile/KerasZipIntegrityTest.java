package dev.kerascope.kerasfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .keras} changed after Keras wrote it is refused by the CRC-32 each zip member carries, STORED (as Keras 3
 * writes them, which {@link ZipFile} never checks) or DEFLATED, instead of being read as other weights.
 */
class KerasZipIntegrityTest {
    private static final byte[] HDF5_SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
    /** The central directory header's signature, and where its CRC-32 and name length sit (PKWARE APPNOTE 4.3.12). */
    private static final int CENTRAL_SIGNATURE = 0x02014b50;

    private static final int CENTRAL_CRC = 16;
    private static final int CENTRAL_NAME_LENGTH = 28;
    private static final int CENTRAL_NAME = 46;

    @TempDir
    Path dir;

    private Path storedKeras(String name) throws IOException {
        return KerasFileFixtures.keras3(dir, name, MalformedKerasFilesTest.DENSE3, denseVars(), ZipEntry.STORED);
    }

    private static String refused(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> KerasFiles.read(file));
        return e.getMessage();
    }

    private static String crcMessage(Path file) {
        return crcMessage(file, "model.weights.h5");
    }

    private static String crcMessage(Path file, String member) {
        return file + ": damaged: " + member + " does not match its CRC-32 (the file was changed after it was written)";
    }

    @Test
    void anIntactStoredKerasFileReadsItsWeights() throws IOException {
        Path ok = storedKeras("ok");
        try (ZipFile z = new ZipFile(ok.toFile())) {
            assertEquals(ZipEntry.STORED, z.getEntry("model.weights.h5").getMethod());
        }
        KerasFile f = KerasFiles.read(ok);
        assertArrayEquals(KerasFileFixtures.values(3, 2), f.weight("d", "bias").values());
    }

    @Test
    void aFlippedByteInsideStoredWeightsIsRefusedNamingFileAndMember() throws IOException {
        Path intact = storedKeras("intact");
        byte[] zip = Files.readAllBytes(intact);
        int h5 = indexOf(zip, HDF5_SIGNATURE);
        int size = (int) declaredSize(intact);
        // the last byte of the member: raw weight data or padding, never the zip's own structure
        zip[h5 + size - 1] ^= 0x5a;
        Path flipped = dir.resolve("flipped.keras");
        Files.write(flipped, zip);
        assertEquals(crcMessage(flipped), refused(flipped));
    }

    @Test
    void everyByteOfTheStoredWeightsIsCovered() throws IOException {
        Path file = storedKeras("every");
        byte[] intact = Files.readAllBytes(file);
        int h5 = indexOf(intact, HDF5_SIGNATURE);
        int size = (int) declaredSize(file);
        for (int at = h5; at < h5 + size; at += Math.max(1, size / 37)) {
            byte[] zip = intact.clone();
            zip[at] ^= 0x01;
            Path changed = dir.resolve("changed" + at + ".keras");
            Files.write(changed, zip);
            assertEquals(crcMessage(changed), refused(changed), "byte " + (at - h5) + " of the member");
        }
    }

    @Test
    void aDeflatedMemberWhoseCrcDiffersIsRefused() throws IOException {
        Path deflated = KerasFileFixtures.keras3(
                dir, "deflated", MalformedKerasFilesTest.DENSE3, denseVars(), ZipEntry.DEFLATED);
        KerasFiles.read(deflated); // intact, it reads
        byte[] zip = Files.readAllBytes(deflated);
        ByteBuffer b = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int entry = centralEntry(b, "model.weights.h5");
        b.putInt(entry + CENTRAL_CRC, b.getInt(entry + CENTRAL_CRC) ^ 0x0100);
        Path badCrc = dir.resolve("badcrc.keras");
        Files.write(badCrc, zip);
        assertEquals(crcMessage(badCrc), refused(badCrc));
    }

    @Test
    void aDamagedConfigIsNamedAsSuch() throws IOException {
        byte[] zip = Files.readAllBytes(storedKeras("config"));
        int at = indexOf(zip, "\"units\": 3".getBytes(StandardCharsets.US_ASCII));
        zip[at + 9] = '4'; // still JSON; the CRC is checked before anything is parsed
        Path changed = dir.resolve("changedconfig.keras");
        Files.write(changed, zip);
        assertEquals(crcMessage(changed, "config.json"), refused(changed));
    }

    private static Map<String, Weight> denseVars() {
        Map<String, Weight> vars = new LinkedHashMap<>();
        vars.put("layers/dense/vars/0", new Weight(KerasFileFixtures.values(12, 1), 4, 3));
        vars.put("layers/dense/vars/1", new Weight(KerasFileFixtures.values(3, 2), 3));
        return vars;
    }

    private static long declaredSize(Path keras) throws IOException {
        try (ZipFile z = new ZipFile(keras.toFile())) {
            return z.getEntry("model.weights.h5").getSize();
        }
    }

    /** The offset of the central directory header of the member {@code name}. */
    private static int centralEntry(ByteBuffer b, String name) {
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        for (int at = 0; at + CENTRAL_NAME < b.limit(); at++) {
            if (b.getInt(at) != CENTRAL_SIGNATURE) {
                continue;
            }
            int length = Short.toUnsignedInt(b.getShort(at + CENTRAL_NAME_LENGTH));
            byte[] got = new byte[length];
            b.get(at + CENTRAL_NAME, got);
            if (Arrays.equals(got, wanted)) {
                return at;
            }
        }
        throw new AssertionError("no central directory entry " + name);
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
