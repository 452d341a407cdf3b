package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.input.ImageInput;
import dev.kerascope.input.ImageSource;
import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.TestModels;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationsJobTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path export;

    @BeforeAll
    static void exportAnUntrainedKerasMnist() {
        export = TestModels.untrainedKerasMnist(shared.resolve("saved_model"), 1);
    }

    static Path digitPng(Path file, int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(w / 3, h / 5, w / 6, 3 * h / 5);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    @Test
    void writesOneNpyPerLayerWithAnIndex() throws Exception {
        Path png = digitPng(dir.resolve("digit.png"), 56, 56);
        int[] grey = ImageInput.grey(png, 28, 28);
        Path npy = dir.resolve("npy");
        var outcome = ActivationsJob.run(new ActivationsJob.Request(
                export,
                Set.of("serve"),
                "serving_default",
                ImageSource.file(png),
                List.of(),
                null,
                null,
                List.of("conv1", "pool3", "dense_1"),
                false,
                List.of(),
                npy));
        assertTrue(outcome.fed().contains("x * 0.00392157, recorded in assets.extra/kerascope.json"), outcome.fed());
        assertEquals(3, outcome.stats().size());
        JsonNode index = new ObjectMapper().readTree(npy.resolve("index.json").toFile());
        assertEquals("conv1.npy", index.get("conv1").get("file").asText());
        assertEquals(32, index.get("conv1").get("shape").get(3).asInt());
        // input.npy holds exactly the scaled grey levels, after a 128-byte-aligned NumPy 1.0 header.
        byte[] bytes = Files.readAllBytes(npy.resolve("input.npy"));
        int headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
        String header = new String(bytes, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'descr': '<f4'") && header.contains("'shape': (1, 28, 28, 1)"), header);
        assertEquals(0, (10 + headerLen) % 64);
        ByteBuffer data = ByteBuffer.wrap(bytes, 10 + headerLen, bytes.length - 10 - headerLen)
                .order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < 784; i++) {
            assertEquals(grey[i] / 255f, data.getFloat(), 1e-7);
        }
        float[] probs = outcome.tensors().get("dense_1").values();
        double sum = 0;
        for (float p : probs) {
            sum += p;
        }
        assertEquals(1.0, sum, 1e-5, "the softmax head");
    }

    @Test
    void badImagesAreRefusedWithTheFileName() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        assertTrue(assertThrows(BadInputException.class, () -> ImageInput.grey(empty, 28, 28))
                .getMessage()
                .contains("empty"));
        Path text = Files.writeString(dir.resolve("notes.png"), "this is not an image");
        assertTrue(assertThrows(BadInputException.class, () -> ImageInput.grey(text, 28, 28))
                .getMessage()
                .startsWith(text.toString()));
        Path wide = digitPng(dir.resolve("wide.png"), 50_000, 1);
        BadInputException e = assertThrows(BadInputException.class, () -> ImageInput.grey(wide, 28, 28));
        assertTrue(e.getMessage().contains("50000x1"), e.getMessage());
        Path pgm = dir.resolve("digit.pgm");
        byte[] header = "P5\n# made by a test\n2 2\n255\n".getBytes(StandardCharsets.US_ASCII);
        Files.write(pgm, java.util.Arrays.copyOf(header, header.length + 4));
        assertEquals(28 * 28, ImageInput.grey(pgm, 28, 28).length);
        Files.write(pgm, java.util.Arrays.copyOf(header, header.length + 2));
        assertThrows(BadInputException.class, () -> ImageInput.grey(pgm, 28, 28), "truncated PGM");
    }
}
