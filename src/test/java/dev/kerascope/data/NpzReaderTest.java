package dev.kerascope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.SyntheticDigits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzReaderTest {
    @TempDir
    Path dir;

    /** A .npy stream as numpy.save writes it (format 1.0, header padded to 64 bytes). */
    static byte[] npy(String descr, String shape, byte[] data) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String header = dict + " ".repeat(pad) + "\n";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(0x93);
        b.write("NUMPY".getBytes(StandardCharsets.US_ASCII));
        b.write(1);
        b.write(0);
        b.write(header.length() & 0xff);
        b.write(header.length() >> 8);
        b.write(header.getBytes(StandardCharsets.US_ASCII));
        b.write(data);
        return b.toByteArray();
    }

    static void npz(Path file, String dtype, int n) throws IOException {
        var set = SyntheticDigits.make(n, 2);
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(file))) {
            for (String split : new String[] {"train", "test"}) {
                z.putNextEntry(new ZipEntry("x_" + split + ".npy"));
                z.write(npy(dtype, "(" + n + ", 28, 28)", set.pixels()));
                z.putNextEntry(new ZipEntry("y_" + split + ".npy"));
                z.write(npy(dtype, "(" + n + ",)", set.labels()));
            }
        }
    }

    @Test
    void readsKerasMnistLayout() throws Exception {
        Path f = dir.resolve("mnist.npz");
        npz(f, "|u1", 6);
        LabeledImages[] splits = NpzReader.readKerasSplits(f);
        assertEquals(6, splits[0].count());
        assertEquals(28, splits[1].cols());
        assertArrayEquals(SyntheticDigits.make(6, 2).labels(), splits[1].labels());
    }

    @Test
    void refusesOtherDtypes() throws Exception {
        Path f = dir.resolve("mnist.npz");
        npz(f, "<f4", 2);
        BadInputException e = assertThrows(BadInputException.class, () -> NpzReader.readKerasSplits(f));
        assertTrue(e.getMessage().contains("not uint8"), e.getMessage());
    }

    @Test
    void refusesAFileThatIsNotAZip() throws Exception {
        Path f = dir.resolve("mnist.npz");
        Files.writeString(f, "hello");
        BadInputException e = assertThrows(BadInputException.class, () -> NpzReader.readKerasSplits(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }
}
