package dev.kerascope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerascope.io.BadInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The uint8 .npy members of mnist.npz, written by the NPY format's rules (magic, version, LE header length, dict). */
class NpyArrayTest {
    /**
     * A version 2.0 .npy: 4-byte little-endian header length, the header padded with spaces to {@code headerLength}.
     */
    private static byte[] npyV2(int headerLength, byte[] data) {
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + data.length + ",), }";
        String header = dict + " ".repeat(headerLength - dict.length() - 1) + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0});
        out.writeBytes(new byte[] {
            (byte) headerLength, (byte) (headerLength >> 8), (byte) (headerLength >> 16), (byte) (headerLength >> 24)
        });
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(data);
        return out.toByteArray();
    }

    @Test
    void aHeaderOfExactlyOneMebibyteIsReadAndOneByteMoreIsRefused() throws Exception {
        NpyArray a = NpyArray.readUint8(new ByteArrayInputStream(npyV2(1 << 20, new byte[] {7, 8})), "m.npz!x.npy");
        assertArrayEquals(new long[] {2}, a.shape());
        assertArrayEquals(new byte[] {7, 8}, a.data());
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> NpyArray.readUint8(
                        new ByteArrayInputStream(npyV2((1 << 20) + 1, new byte[] {7, 8})), "m.npz!x.npy"));
        assertEquals("m.npz!x.npy: .npy header of 1048577 bytes is implausible", e.getMessage());
    }
}
