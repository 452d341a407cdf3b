package dev.kerascope.viz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A direct PNG encoder for 8-bit indexed images with tEXt chunks (IHDR, PLTE, tEXt, IDAT, IEND). Written by hand for
 * batch export: ImageIO's PNG writer spends about a millisecond per small image on writer lookup and metadata trees,
 * more than the figure itself takes to draw; this takes a tenth of that, which is what makes thousands of figures per
 * second possible.
 */
public final class IndexedPng {
    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.BEST_SPEED));

    private IndexedPng() {}

    /** {@code pixels}: one palette index per pixel, row-major; {@code palette}: 256 RGB values. */
    public static byte[] encode(int width, int height, byte[] pixels, int[] palette, String title, String description) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(pixels.length / 2 + 1200);
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] ihdr = new byte[13];
        putInt(ihdr, 0, width);
        putInt(ihdr, 4, height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 3; // colour type: indexed
        chunk(out, "IHDR", ihdr);
        byte[] plte = new byte[palette.length * 3];
        for (int i = 0; i < palette.length; i++) {
            plte[3 * i] = (byte) (palette[i] >> 16);
            plte[3 * i + 1] = (byte) (palette[i] >> 8);
            plte[3 * i + 2] = (byte) palette[i];
        }
        chunk(out, "PLTE", plte);
        text(out, "Title", title);
        text(out, "Description", description);
        byte[] raw = new byte[height * (width + 1)];
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, y * width, raw, y * (width + 1) + 1, width); // filter type 0 per row
        }
        // One Deflater per thread, reset between figures: making one allocates and clears zlib's window and
        // hash tables (about 300 KB) for every figure of an export.
        Deflater deflater = DEFLATERS.get();
        try {
            deflater.setInput(raw);
            deflater.finish();
            ByteArrayOutputStream z = new ByteArrayOutputStream(raw.length / 2 + 64);
            byte[] buf = new byte[16384];
            while (!deflater.finished()) {
                z.write(buf, 0, deflater.deflate(buf));
            }
            chunk(out, "IDAT", z.toByteArray());
        } finally {
            deflater.reset();
        }
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void text(ByteArrayOutputStream out, String keyword, String value) {
        byte[] k = keyword.getBytes(StandardCharsets.ISO_8859_1);
        byte[] v = value.replaceAll("[^\\x20-\\xff]", "?").getBytes(StandardCharsets.ISO_8859_1);
        byte[] data = new byte[k.length + 1 + v.length];
        System.arraycopy(k, 0, data, 0, k.length);
        System.arraycopy(v, 0, data, k.length + 1, v.length);
        chunk(out, "tEXt", data);
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] head = new byte[8];
        putInt(head, 0, data.length);
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, head, 4, 4);
        out.writeBytes(head);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
