package dev.kerascope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** .npy files written byte by byte as NumPy's format documentation describes them, read back exactly. */
class NpyNumbersTest {
    @TempDir
    Path dir;

    /** Magic, version, little-endian header length (2 bytes for v1, 4 for v2), the dict, then the body. */
    static byte[] npy(int major, String header, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        byte[] h = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer len = ByteBuffer.allocate(major == 1 ? 2 : 4).order(ByteOrder.LITTLE_ENDIAN);
        if (major == 1) {
            len.putShort((short) h.length);
        } else {
            len.putInt(h.length);
        }
        out.writeBytes(len.array());
        out.writeBytes(h);
        out.writeBytes(body);
        return out.toByteArray();
    }

    static String dict(String descr, String shape) {
        return "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }\n";
    }

    NpyNumbers read(byte[] bytes) throws Exception {
        return NpyNumbers.read(Files.write(dir.resolve("a.npy"), bytes));
    }

    String refusal(byte[] bytes) throws Exception {
        Path f = Files.write(dir.resolve("bad.npy"), bytes);
        return assertThrows(BadInputException.class, () -> NpyNumbers.read(f)).getMessage();
    }

    static byte[] le(int bytes, long... values) {
        ByteBuffer b = ByteBuffer.allocate(bytes * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            switch (bytes) {
                case 1 -> b.put((byte) v);
                case 2 -> b.putShort((short) v);
                case 4 -> b.putInt((int) v);
                default -> b.putLong(v);
            }
        }
        return b.array();
    }

    @Test
    void everyIntegerWidthKeepsItsSignOrItsFullUnsignedRange() throws Exception {
        assertArrayEquals(
                new long[] {-128, 127},
                read(npy(1, dict("|i1", "(2,)"), le(1, -128, 127))).ints());
        assertArrayEquals(
                new long[] {255, 0},
                read(npy(1, dict("|u1", "(2,)"), le(1, 255, 0))).ints());
        assertArrayEquals(
                new long[] {-32768, 32767},
                read(npy(1, dict("<i2", "(2,)"), le(2, -32768, 32767))).ints());
        assertArrayEquals(
                new long[] {65535},
                read(npy(1, dict("<u2", "(1,)"), le(2, 65535))).ints());
        assertArrayEquals(
                new long[] {-2147483648L, 5},
                read(npy(1, dict("<i4", "(2,)"), le(4, -2147483648L, 5))).ints());
        assertArrayEquals(
                new long[] {4294967295L},
                read(npy(1, dict("<u4", "(1,)"), le(4, 4294967295L))).ints());
        NpyNumbers big = read(npy(1, dict("<i8", "(1,)"), le(8, (1L << 53) + 1)));
        assertArrayEquals(new long[] {(1L << 53) + 1}, big.ints(), "int64 beyond float precision keeps every bit");
        assertEquals("int64", big.dtype());
        assertNull(big.floats());
        NpyNumbers bool = read(npy(1, dict("|b1", "(3,)"), le(1, 1, 0, 1)));
        assertEquals("bool", bool.dtype());
        assertArrayEquals(new long[] {1, 0, 1}, bool.ints());
        assertEquals("uint8", read(npy(1, dict("|u1", "(1,)"), le(1, 7))).dtype());
    }

    @Test
    void floatsInEitherByteOrderAndWidth() throws Exception {
        ByteBuffer f32 = ByteBuffer.allocate(8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(1.5f)
                .putFloat(-0.25f);
        NpyNumbers a = read(npy(1, dict("<f4", "(2, 1)"), f32.array()));
        assertArrayEquals(new float[] {1.5f, -0.25f}, a.floats());
        assertArrayEquals(new long[] {2, 1}, a.shape());
        assertEquals("float32", a.dtype());
        assertEquals(2, a.count());
        ByteBuffer be = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putFloat(3.25f);
        assertArrayEquals(
                new float[] {3.25f},
                read(npy(1, dict(">f4", "(1,)"), be.array())).floats());
        ByteBuffer f64 = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.1);
        NpyNumbers d = read(npy(2, dict("<f8", "(1,)"), f64.array()));
        assertArrayEquals(new float[] {0.1f}, d.floats());
        assertEquals("float64", d.dtype());
    }

    @Test
    void aFloat64BeyondFloat32sRangeIsRefusedNotMadeInfinite() throws Exception {
        ByteBuffer f64 = ByteBuffer.allocate(24)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(3.0e38) // below float32's largest, 3.4028235e38: read
                .putDouble(1e300)
                .putDouble(Double.POSITIVE_INFINITY);
        BadInputException e =
                assertThrows(BadInputException.class, () -> read(npy(1, dict("<f8", "(3,)"), f64.array())));
        assertTrue(
                e.getMessage()
                        .endsWith(": holds 1.0E300 at index 1, beyond float32's range (kerascope reads float64"
                                + " arrays as float32)"),
                e.getMessage());
        ByteBuffer inf = ByteBuffer.allocate(16)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putDouble(3.0e38)
                .putDouble(Double.NEGATIVE_INFINITY);
        assertArrayEquals(
                new float[] {3.0e38f, Float.NEGATIVE_INFINITY},
                read(npy(1, dict("<f8", "(2,)"), inf.array())).floats(),
                "an infinity stored is an infinity read");
    }

    @Test
    void aScalarHasOneValueAndAnEmptyArrayNone() throws Exception {
        NpyNumbers scalar = read(npy(1, dict("<i4", "()"), le(4, 42)));
        assertArrayEquals(new long[0], scalar.shape());
        assertEquals(1, scalar.count());
        assertArrayEquals(new long[] {42}, scalar.ints());
        NpyNumbers empty = read(npy(1, dict("<f4", "(0, 3)"), new byte[0]));
        assertEquals(0, empty.count());
        assertEquals(0, empty.floats().length);
    }

    @Test
    void malformedHeadersAreRefusedWithTheReason() throws Exception {
        byte[] good = npy(1, dict("<i4", "(1,)"), le(4, 1));
        byte[] magic = good.clone();
        magic[0] = (byte) 0x92;
        assertTrue(refusal(magic).endsWith("not a .npy array (bad magic)"));
        byte[] name = good.clone();
        name[5] = 'X';
        assertTrue(refusal(name).contains("bad magic"));
        assertTrue(refusal(npy(4, dict("<i4", "(1,)"), le(4, 1))).contains("version 4"));
        byte[] v0 = good.clone();
        v0[6] = 0;
        assertTrue(refusal(v0).contains("is implausible"));
        byte[] longHeader = good.clone();
        longHeader[8] = (byte) 0xff;
        assertTrue(refusal(longHeader).contains("is implausible"), "a header longer than the file");
        // Header length + the 10-byte prefix just past the end of the file (by 5 bytes) is implausible too.
        byte[] justOver = good.clone();
        int claimed = justOver.length - 10 + 5;
        justOver[8] = (byte) claimed;
        justOver[9] = (byte) (claimed >> 8);
        assertTrue(refusal(justOver).contains("is implausible"), "header + prefix past the end by 5 bytes");
        assertTrue(refusal(npy(1, dict("<U3", "(1,)"), le(4, 1))).contains("not a number type"));
        assertTrue(refusal(npy(1, dict("<f2", "(1,)"), le(2, 1))).contains(".npy dtype <f2 is not supported"));
        assertTrue(refusal(npy(1, dict("<u8", "(1,)"), le(8, 1))).contains("<u8 is not supported"));
        assertTrue(refusal(npy(1, dict("|b2", "(1,)"), le(2, 1))).contains("|b2 is not supported"));
        assertTrue(refusal(npy(1, dict("<i3", "(1,)"), le(4, 1))).contains("<i3 is not supported"));
        assertTrue(refusal(npy(1, dict("<c8", "(1,)"), le(8, 1))).contains("<c8 is not supported"));
        assertTrue(refusal(npy(1, "{'descr': '<i4', 'fortran_order': True, 'shape': (1,), }", le(4, 1)))
                .contains("Fortran"));
        assertTrue(refusal(npy(1, "{'descr': '<i4', 'fortran_order': False, }", le(4, 1)))
                .contains("has no shape"));
        assertTrue(refusal(npy(1, dict("<i4", "(a,)"), le(4, 1))).contains("unreadable shape"));
    }

    @Test
    void shapesAreCheckedAgainstTheLimitAndTheFileBeforeAllocating() throws Exception {
        assertTrue(refusal(npy(1, dict("<i4", "(-1,)"), le(4, 1))).contains("shape [-1] is impossible"));
        // 2^28 values is the limit itself: refused only as truncated, one more is refused as too many.
        assertTrue(refusal(npy(1, dict("|u1", "(16384, 16384)"), le(1, 1)))
                .contains("truncated .npy array (shape [16384, 16384] needs 268435456 bytes)"));
        assertTrue(refusal(npy(1, dict("|u1", "(16384, 16385)"), le(1, 1))).contains("holds over 268435456 values"));
        assertTrue(refusal(npy(1, dict("|u1", "(268435456,)"), le(1, 1))).contains("truncated"), "one axis of 2^28");
        assertTrue(refusal(npy(1, dict("<i4", "(3,)"), le(4, 1, 2))).contains("needs 12 bytes"));
        byte[] exact = npy(1, dict("<i4", "(2,)"), le(4, 1, 2));
        assertArrayEquals(new long[] {1, 2}, read(exact).ints(), "a body of exactly the announced size");
        assertTrue(refusal(new byte[] {(byte) 0x93, 'N', 'U'}).contains("truncated .npy array"));
        // Version 3 (UTF-8 header, 4-byte length) is read; a file that is exactly its header holds an empty array.
        assertArrayEquals(
                new long[] {9}, read(npy(3, dict("<i4", "(1,)"), le(4, 9))).ints());
        assertEquals(0, read(npy(1, dict("<i4", "(0,)"), new byte[0])).count());
        // A header of exactly 1 MiB is plausible; NumPy pads headers with spaces.
        String padded = dict("<i4", "(1,)");
        padded = padded.substring(0, padded.length() - 1) + " ".repeat((1 << 20) - padded.length()) + "\n";
        assertArrayEquals(new long[] {3}, read(npy(2, padded, le(4, 3))).ints());
        String over = padded.substring(0, padded.length() - 1) + " \n";
        assertTrue(refusal(npy(2, over, le(4, 3))).contains("1048577 bytes) is implausible"));
        Path missing = dir.resolve("none.npy");
        assertEquals(
                missing + ": no such .npy file",
                assertThrows(BadInputException.class, () -> NpyNumbers.read(missing))
                        .getMessage());
    }
}
