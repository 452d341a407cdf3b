package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The hand-written PNG read chunk by chunk as the PNG specification lays it out (length, type, data, CRC-32 of type and
 * data; IHDR, PLTE, tEXt, IDAT, IEND), since ImageIO's reader does not check CRCs.
 */
class IndexedPngChunksTest {
    record Chunk(String type, byte[] data) {}

    static List<Chunk> chunks(byte[] png) {
        byte[] signature = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        assertArrayEquals(signature, Arrays.copyOf(png, 8));
        ByteBuffer b = ByteBuffer.wrap(png, 8, png.length - 8);
        List<Chunk> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int length = b.getInt();
            byte[] type = new byte[4];
            b.get(type);
            byte[] data = new byte[length];
            b.get(data);
            CRC32 crc = new CRC32();
            crc.update(type);
            crc.update(data);
            String name = new String(type, StandardCharsets.US_ASCII);
            assertEquals((int) crc.getValue(), b.getInt(), name + "'s CRC");
            out.add(new Chunk(name, data));
        }
        return out;
    }

    static byte[] inflate(byte[] z) throws Exception {
        Inflater inflater = new Inflater();
        inflater.setInput(z);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!inflater.finished()) {
            out.write(buf, 0, inflater.inflate(buf));
        }
        inflater.end();
        return out.toByteArray();
    }

    @Test
    void chunksFollowThePngLayoutWithValidCrcs() throws Exception {
        // 300 x 2: a width over 255 needs IHDR's second-lowest byte (300 = 0x012c).
        int width = 300;
        byte[] pixels = new byte[width * 2];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i % 7);
        }
        int[] palette = new int[256];
        for (int i = 0; i < 256; i++) {
            palette[i] = (i << 16) | ((255 - i) << 8) | (i / 2);
        }
        byte[] png = IndexedPng.encode(width, 2, pixels, palette, "A title", "A description");
        List<Chunk> chunks = chunks(png);
        assertEquals(
                List.of("IHDR", "PLTE", "tEXt", "tEXt", "IDAT", "IEND"),
                chunks.stream().map(Chunk::type).toList());
        byte[] ihdr = chunks.get(0).data();
        assertArrayEquals(new byte[] {0, 0, 1, 0x2c, 0, 0, 0, 2, 8, 3, 0, 0, 0}, ihdr);
        byte[] plte = chunks.get(1).data();
        assertEquals(768, plte.length);
        assertEquals(200, plte[3 * 200] & 0xff);
        assertEquals(55, plte[3 * 200 + 1] & 0xff);
        assertEquals(100, plte[3 * 200 + 2] & 0xff);
        assertEquals("Title\0A title", new String(chunks.get(2).data(), StandardCharsets.ISO_8859_1));
        assertEquals("Description\0A description", new String(chunks.get(3).data(), StandardCharsets.ISO_8859_1));
        byte[] raw = inflate(chunks.get(4).data());
        assertEquals(2 * (1 + width), raw.length, "each row: filter byte, then one index per pixel");
        for (int y = 0; y < 2; y++) {
            assertEquals(0, raw[y * (width + 1)], "filter type 0 (none)");
            for (int x = 0; x < width; x++) {
                assertEquals(pixels[y * width + x], raw[y * (width + 1) + 1 + x]);
            }
        }
        assertEquals(0, chunks.get(5).data().length);
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(width, img.getWidth());
        assertEquals(palette[6], img.getRGB(6, 0) & 0xffffff);
    }

    @Test
    void textOutsideLatin1AndControlCharactersBecomeQuestionMarks() {
        byte[] png = IndexedPng.encode(1, 1, new byte[] {0}, new int[256], "a → b\n", "ü ok");
        List<Chunk> chunks = chunks(png);
        assertEquals("Title\0a ? b?", new String(chunks.get(2).data(), StandardCharsets.ISO_8859_1));
        assertEquals("Description\0ü ok", new String(chunks.get(3).data(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void encodingAgainOnTheSameThreadGivesTheSamePicture() throws Exception {
        int[] palette = new int[256];
        palette[1] = 0x336699;
        byte[] pixels = {1, 0, 0, 1};
        byte[] first = IndexedPng.encode(2, 2, pixels, palette, "t", "d");
        byte[] second = IndexedPng.encode(2, 2, pixels, palette, "t", "d");
        assertArrayEquals(first, second, "the per-thread deflater starts afresh");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(second));
        assertEquals(0x336699, img.getRGB(1, 1) & 0xffffff);
        assertEquals(0, img.getRGB(1, 0) & 0xffffff);
    }

    @Test
    void indexedTilesOfTallMapsPlaceEveryValueInItsChannelsCell() {
        // The second of two images (offset 12) of 2 x 2 maps with 3 channels, values 0..254 so the index is the value.
        float[] second = new float[12];
        float[][] perChannel = {{0, 1, 2, 3}, {10, 11, 12, 13}, {20, 21, 22, 254}};
        for (int p = 0; p < 4; p++) {
            for (int ch = 0; ch < 3; ch++) {
                second[p * 3 + ch] = perChannel[ch][p];
            }
        }
        float[] values = new float[24];
        Arrays.fill(values, 0, 12, 999);
        System.arraycopy(second, 0, values, 12, 12);
        IndexedTiles.Indexed t = IndexedTiles.indices(values, 12, 2, 2, 3);
        int w = 255;
        int[] expected = {
            w, w, w, w, w, w, w,
            w, 0, 1, w, 10, 11, w,
            w, 2, 3, w, 12, 13, w,
            w, w, w, w, w, w, w,
            w, 20, 21, w, w, w, w,
            w, 22, 254, w, w, w, w,
            w, w, w, w, w, w, w
        };
        assertEquals(7, t.width());
        assertEquals(7, t.height());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], t.pixels()[i] & 0xff, "pixel " + i % 7 + "," + i / 7);
        }
    }
}
