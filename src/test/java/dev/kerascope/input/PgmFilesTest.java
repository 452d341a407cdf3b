package dev.kerascope.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerascope.io.BadInputException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Binary PGM written byte by byte from its format (netpbm's pgm(5): "P5", width, height, maxval as ASCII decimals
 * separated by whitespace, comments from '#' to the end of the line, one whitespace, then width·height bytes row by
 * row) at the edges of the header and of kerascope's size limits.
 */
class PgmFilesTest {
    @TempDir
    Path dir;

    private Path pgm(String name, String header, byte... pixels) throws Exception {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(pixels);
        return Files.write(dir.resolve(name), b.toByteArray());
    }

    private static String refused(Path f) {
        return assertThrows(BadInputException.class, () -> ImageInput.pixels(f, 1, 1, 1))
                .getMessage();
    }

    @Test
    void rowsAfterTheFirstAreReadFromTheirOwnBytes() throws Exception {
        Path f = pgm("rows.pgm", "P5 2 2 255\n", (byte) 10, (byte) 20, (byte) 30, (byte) 40);
        assertArrayEquals(new int[] {10, 20, 30, 40}, ImageInput.grey(f, 2, 2));
        Path shortOfARow = pgm("short.pgm", "P5 2 2 255\n", (byte) 10, (byte) 20, (byte) 30);
        assertEquals(shortOfARow + ": is a truncated or 16-bit PGM", refused(shortOfARow), "4 pixels, 3 bytes");
    }

    @Test
    void aMaxvalOf1IsABlackAndWhiteImage() throws Exception {
        Path f = pgm("bw.pgm", "P5 2 1 1\n", (byte) 0, (byte) 1);
        assertArrayEquals(new int[] {0, 255}, ImageInput.grey(f, 1, 2), "1 of 1 is 255 of 255");
    }

    @Test
    void aNineDigitSideWithLeadingZerosIsANumber() throws Exception {
        Path f = pgm("nine.pgm", "P5 000000002 1 255\n", (byte) 7, (byte) 9);
        assertArrayEquals(new int[] {7, 9}, ImageInput.grey(f, 1, 2));
    }

    @Test
    void aHeaderThatEndsWithTheFileIsBroken() throws Exception {
        Path inDigits = pgm("digits.pgm", "P5 3");
        assertEquals(inDigits + ": has a broken PGM header", refused(inDigits), "ends inside the width");
        Path afterSpace = pgm("space.pgm", "P5 3 ");
        assertEquals(afterSpace + ": has a broken PGM header", refused(afterSpace), "ends before the height");
        Path inComment = pgm("comment.pgm", "P5 #");
        assertEquals(inComment + ": has a broken PGM header", refused(inComment), "ends inside a comment");
    }

    @Test
    void exactly16777216PixelsAreReadAndOneRowMoreIsRefused() throws Exception {
        byte[] pixels = new byte[16384 * 1024];
        Arrays.fill(pixels, (byte) 200);
        Path limit = pgm("limit.pgm", "P5 16384 1024 255\n", pixels);
        assertArrayEquals(new int[] {200}, ImageInput.grey(limit, 1, 1), "2^24 pixels, all 200");
        Path over = pgm("over.pgm", "P5 16384 1025 255\n");
        assertEquals(over + ": is 16384x1025 pixels; images over 16777216 pixels are refused", refused(over));
    }
}
