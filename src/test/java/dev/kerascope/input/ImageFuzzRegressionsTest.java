package dev.kerascope.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerascope.io.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images the fuzz test found or the limits promise: refused with the reason, before decoding. */
class ImageFuzzRegressionsTest {
    @TempDir
    Path dir;

    private String refused(Path file) {
        return assertThrows(BadInputException.class, () -> ImageInput.pixels(file, 28, 28, 1))
                .getMessage();
    }

    @Test
    void aGifTheJdkReaderFailsOnWithIndexOutOfBoundsIsACorruptImage() throws IOException {
        // Found by ImageInputFuzzTest (src/test/resources/fuzz-regressions/gif-index-out-of-bounds.gif).
        byte[] gif;
        try (InputStream in = getClass().getResourceAsStream("/fuzz-regressions/gif-index-out-of-bounds.gif")) {
            gif = in.readAllBytes();
        }
        Path f = Files.write(dir.resolve("x.gif"), gif);
        assertEquals(
                f + ": is a corrupt GIF image (IndexOutOfBoundsException: Attempt to read past end of image sequence!)",
                refused(f));
    }

    /** A PNG signature and IHDR chunk announcing {@code w x h} 8-bit grey, and no pixel data. */
    static byte[] pngHeader(int w, int h) {
        ByteBuffer ihdr = ByteBuffer.allocate(17)
                .put("IHDR".getBytes(StandardCharsets.US_ASCII))
                .putInt(w)
                .putInt(h)
                .put((byte) 8)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        CRC32 crc = new CRC32();
        crc.update(ihdr.array());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13});
        out.writeBytes(ihdr.array());
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        return out.toByteArray();
    }

    @Test
    void imagesOverTheSideOrPixelLimitAreRefusedFromTheHeader() throws IOException {
        Path wide = Files.write(dir.resolve("wide.png"), pngHeader(1 << 30, 1));
        assertEquals(wide + ": is 1073741824x1 pixels; sides over 16384 are refused", refused(wide));
        Path big = Files.write(dir.resolve("big.png"), pngHeader(16384, 16384));
        assertEquals(big + ": is 16384x16384 pixels; images over 16777216 pixels are refused", refused(big));
        Path pgm = Files.write(dir.resolve("big.pgm"), "P5 16384 16384 255\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(pgm + ": is 16384x16384 pixels; images over 16777216 pixels are refused", refused(pgm));
    }
}
