package dev.kerascope.input;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.file;
import static dev.kerascope.testing.FuzzSupport.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;

/** Images through ImageIO (PNG, JPEG, GIF, BMP) and the hand-written binary PGM reader. */
class ImageInputFuzzTest {
    @BeforeAll
    static void seeds() throws IOException {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage rgb = new BufferedImage(2, 3, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 1, 0x336699);
        seed(ImageInputFuzzTest.class, "fuzz", "grey.png", encode(grey, "png"));
        seed(ImageInputFuzzTest.class, "fuzz", "rgb.png", encode(rgb, "png"));
        seed(ImageInputFuzzTest.class, "fuzz", "rgb.jpg", encode(rgb, "jpg"));
        seed(ImageInputFuzzTest.class, "fuzz", "rgb.gif", encode(rgb, "gif"));
        seed(ImageInputFuzzTest.class, "fuzz", "rgb.bmp", encode(rgb, "bmp"));
        seed(ImageInputFuzzTest.class, "fuzz", "digit.pgm", pgm("P5\n# a comment\n3 2\n255\n", new byte[] {
            0, 50, 100, (byte) 150, (byte) 200, (byte) 255
        }));
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, format, out);
        return out.toByteArray();
    }

    static byte[] pgm(String header, byte[] pixels) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(pixels);
        return out.toByteArray();
    }

    @FuzzTest(maxDuration = "30s", maxExecutions = 9_000)
    void fuzz(byte[] data) throws Exception {
        expectValueOrBadInput(() -> ImageInput.pixels(file("image", data), 28, 28, 1));
        expectValueOrBadInput(() -> ImageInput.pixels(file("image", data), 0, 0, 3));
    }
}
