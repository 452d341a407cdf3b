package dev.kerascope.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerascope.io.BadInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Image files written here pixel by pixel (PNG through ImageIO, binary PGM by its format: "P5", width, height, maxval,
 * one whitespace, pixels) and read back as the model's input.
 */
class ImageFilesTest {
    @TempDir
    Path dir;

    private Path pgm(String name, String header, int... pixels) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        for (int p : pixels) {
            b.write(p);
        }
        return Files.write(dir.resolve(name), b.toByteArray());
    }

    private Path png(String name, BufferedImage img) throws Exception {
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return f;
    }

    private static String refused(Path f) {
        return assertThrows(BadInputException.class, () -> ImageInput.pixels(f, 1, 1, 1))
                .getMessage();
    }

    @Test
    void binaryPgmIsReadWithCommentsAndItsMaxvalStretchedTo255() throws Exception {
        Path f = pgm("a.pgm", "P5\n# made by hand\n3 1\n255\n", 0, 128, 255);
        assertArrayEquals(new int[] {0, 128, 255}, ImageInput.grey(f, 1, 3));
        Path low = pgm("b.pgm", "P5 2 1 15 ", 5, 15);
        assertArrayEquals(new int[] {85, 255}, ImageInput.grey(low, 1, 2), "5 of 15 is 85 of 255");
        assertEquals(
                low.resolveSibling("c.pgm") + ": is a truncated or 16-bit PGM",
                refused(pgm("c.pgm", "P5 3 1 255 ", 1, 2)));
        assertEquals(
                low.resolveSibling("d.pgm") + ": is a truncated or 16-bit PGM",
                refused(pgm("d.pgm", "P5 1 1 65535 ", 1, 2)));
        assertEquals(
                low.resolveSibling("e.pgm") + ": is a truncated or 16-bit PGM", refused(pgm("e.pgm", "P5 1 1 0 ", 1)));
        assertEquals(
                low.resolveSibling("f.pgm") + ": has a broken PGM header", refused(pgm("f.pgm", "P5 x 1 255 ", 1)));
        assertEquals(
                low.resolveSibling("g.pgm") + ": has a broken PGM header",
                refused(pgm("g.pgm", "P5 1234567890 1 255 ", 1)));
        assertEquals(low.resolveSibling("h.pgm") + ": has no pixels (0x1)", refused(pgm("h.pgm", "P5 0 1 255 ")));
    }

    @Test
    void colourImagesAreReadAsRgbOrAsPilGrey() throws Exception {
        BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 0xff0000);
        img.setRGB(1, 0, 0x00ff00);
        Path f = png("c.png", img);
        assertArrayEquals(
                new int[] {255, 0, 0, 0, 255, 0}, ImageInput.pixels(f, 1, 2, 3).values());
        assertArrayEquals(
                new int[] {255, 0, 0, 255, 0, 255, 0, 255},
                ImageInput.pixels(f, 1, 2, 4).values());
        assertArrayEquals(new int[] {76, 150}, ImageInput.grey(f, 1, 2), "(R·19595 + G·38470 + B·7471 + 0x8000) >> 16");
        assertArrayEquals(
                new int[] {76, 76, 150, 150}, ImageInput.pixels(f, 1, 2, 2).values());
    }

    @Test
    void aTwoRowColourImageKeepsEveryPixelInPlaceAndGreysBlueToo() throws Exception {
        int[][] rgb = {{255, 0, 0}, {0, 255, 0}, {0, 0, 255}, {10, 200, 250}};
        BufferedImage img = new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < 4; i++) {
            img.setRGB(i % 2, i / 2, rgb[i][0] << 16 | rgb[i][1] << 8 | rgb[i][2]);
        }
        Path f = png("square.png", img);
        int[] expectedRgb = Arrays.stream(rgb).flatMapToInt(Arrays::stream).toArray();
        assertArrayEquals(expectedRgb, ImageInput.pixels(f, 2, 2, 3).values());
        // PIL's documented luma L = R·299/1000 + G·587/1000 + B·114/1000, rounded: 76.2, 149.7, 29.1 and 148.9.
        int[] expectedGrey = Arrays.stream(rgb)
                .mapToInt(p -> (int) Math.round(p[0] * 0.299 + p[1] * 0.587 + p[2] * 0.114))
                .toArray();
        assertArrayEquals(new int[] {76, 150, 29, 149}, expectedGrey, "the oracle itself");
        assertArrayEquals(expectedGrey, ImageInput.grey(f, 2, 2));
    }

    @Test
    void sixteenBitGreyKeepsItsTopEightBits() throws Exception {
        BufferedImage img = new BufferedImage(3, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setSample(0, 0, 0, 0xffff);
        img.getRaster().setSample(1, 0, 0, 0x80ff);
        img.getRaster().setSample(2, 0, 0, 0x00ff);
        assertArrayEquals(new int[] {255, 128, 0}, ImageInput.grey(png("g16.png", img), 1, 3));
        BufferedImage grey8 = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey8.getRaster().setSample(0, 0, 0, 77);
        assertArrayEquals(
                new int[] {77, 77, 77},
                ImageInput.pixels(png("g8.png", grey8), 1, 1, 3).values(),
                "grey read from the raster, repeated");
    }

    @Test
    void aModelOfAnySizeTakesTheImageAsItIsUpTo1024OnTheLongestSide() throws Exception {
        Path small = png("s.png", new BufferedImage(5, 3, BufferedImage.TYPE_INT_RGB));
        Pixels p = ImageInput.pixels(small, 0, -1, 1);
        assertEquals(3, p.rows());
        assertEquals(5, p.cols());
        Path wide = png("w.png", new BufferedImage(2048, 4, BufferedImage.TYPE_INT_RGB));
        Pixels q = ImageInput.pixels(wide, 0, 0, 1);
        assertEquals(2, q.rows(), "4 · 1024 / 2048");
        assertEquals(1024, q.cols());
        Path tall = png("t.png", new BufferedImage(1, 1025, BufferedImage.TYPE_INT_RGB));
        Pixels r = ImageInput.pixels(tall, 0, 0, 1);
        assertEquals(1024, r.rows());
        assertEquals(1, r.cols(), "never below one pixel");
        Path exact = png("e.png", new BufferedImage(1024, 1, BufferedImage.TYPE_INT_RGB));
        assertEquals(1024, ImageInput.pixels(exact, 0, 0, 1).cols());
    }

    @Test
    void missingEmptyHugeAndForeignFilesAreRefusedWithTheReason() throws Exception {
        Path missing = dir.resolve("none.png");
        assertEquals(missing + ": no such image file", refused(missing));
        assertEquals(dir + ": is a folder, not an image file", refused(dir));
        Path empty = Files.write(dir.resolve("empty.png"), new byte[0]);
        assertEquals(empty + ": is empty", refused(empty));
        Path text = Files.writeString(dir.resolve("notes.png"), "not an image");
        assertEquals(text + ": is not an image kerascope can read (PNG, JPEG, GIF, BMP or binary PGM)", refused(text));
        Path huge = dir.resolve("huge.png");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength((64L << 20) + 1);
        }
        assertEquals(huge + ": is " + ((64L << 20) + 1) + " bytes; images over 64 MB are refused", refused(huge));
        Path limit = dir.resolve("limit.pgm");
        try (RandomAccessFile f = new RandomAccessFile(limit.toFile(), "rw")) {
            f.write("P5 1 1 255 ".getBytes(StandardCharsets.US_ASCII));
            f.setLength(64L << 20);
        }
        assertArrayEquals(new int[] {0}, ImageInput.grey(limit, 1, 1), "exactly 64 MB is read");
    }
}
