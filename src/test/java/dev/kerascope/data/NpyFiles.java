package dev.kerascope.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Small .npy, .npz and IDX files as NumPy and LeCun write them: seeds and regression inputs. */
final class NpyFiles {
    private NpyFiles() {}

    /** A version-1 .npy file: magic, header length, the dict padded to 64 bytes, then the body. */
    static byte[] npy(String descr, String shape, byte[] body) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] header = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x93);
        out.writeBytes("NUMPY".getBytes(StandardCharsets.US_ASCII));
        out.write(1);
        out.write(0);
        out.write(header.length & 0xff);
        out.write(header.length >> 8);
        out.writeBytes(header);
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** Keras's mnist.npz layout with {@code count} images of rows x cols, members deflated or stored. */
    static byte[] npz(int count, int rows, int cols, boolean deflate) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(deflate ? 9 : 0);
            for (String split : new String[] {"train", "test"}) {
                member(
                        zip,
                        "x_" + split + ".npy",
                        npy("|u1", count + ", " + rows + ", " + cols, new byte[count * rows * cols]));
                member(zip, "y_" + split + ".npy", npy("|u1", count + ",", new byte[count]));
            }
        }
        return bytes.toByteArray();
    }

    static void member(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }

    /** An IDX file: magic, big-endian dimensions, then the bytes. */
    static byte[] idx(int magic, int[] dims, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, magic);
        for (int d : dims) {
            writeInt(out, d);
        }
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }
}
