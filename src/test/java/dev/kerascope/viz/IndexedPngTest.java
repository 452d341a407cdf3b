package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class IndexedPngTest {
    @Test
    void decodesWithImageIoToThePaletteColours() throws Exception {
        int[] palette = new int[256];
        palette[0] = 0x102030;
        palette[1] = 0xff8000;
        palette[255] = 0xffffff;
        byte[] pixels = {0, 1, (byte) 255, 1, 0, 0};
        byte[] png = IndexedPng.encode(3, 2, pixels, palette, "t", "d");
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(3, img.getWidth());
        assertEquals(2, img.getHeight());
        assertEquals(0x102030, img.getRGB(0, 0) & 0xffffff);
        assertEquals(0xff8000, img.getRGB(1, 0) & 0xffffff);
        assertEquals(0xffffff, img.getRGB(2, 0) & 0xffffff);
        assertEquals(0xff8000, img.getRGB(0, 1) & 0xffffff);
        String text = new String(png, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("tEXtDescription\0d"), "description chunk");
    }

    @Test
    void tilesPutEveryChannelInItsOwnCellWithWhiteGutters() {
        // 1 image, 1x1 maps, 4 channels: values 0, 1, 2, 3 -> 2x2 grid of single pixels.
        IndexedTiles.Indexed t = IndexedTiles.indices(new float[] {0, 1, 2, 3}, 0, 1, 1, 4);
        assertEquals(5, t.width());
        assertEquals(5, t.height());
        assertEquals(0, t.pixels()[1 * 5 + 1] & 0xff, "the minimum is index 0");
        assertEquals(254, t.pixels()[3 * 5 + 3] & 0xff, "the maximum is index 254");
        assertEquals(255, t.pixels()[0] & 0xff, "gutters are the white index");
    }
}
