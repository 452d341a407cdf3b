package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetId;
import dev.kerascope.testing.Chromium;
import dev.kerascope.testing.SyntheticDigits;
import dev.kerascope.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The page that browses an export, in a real browser: a real export, and a 10,000-image manifest for paging. */
class ExportIndexTest {
    @TempDir
    Path dir;

    @Test
    void anExportsIndexLoadsEveryImageWithLegibleTextAndWorkingPickersAtPhoneAndDesktopWidth() throws Exception {
        Chromium.require();
        Path model = TestModels.untrainedKerasMnist(dir.resolve("saved_model"), 3);
        Dataset data = new Dataset(
                DatasetId.FASHION_MNIST, SyntheticDigits.make(10, 1), SyntheticDigits.make(60, 2), "synthetic");
        Path out = dir.resolve("export");
        ExportJob.run(new ExportJob.Options(model, data, 60, List.of(), out, false, 32, 2), (d, t, s) -> {});
        String html = Files.readString(out.resolve("index.html"));
        assertFalse(html.contains("http://") || html.contains("https://"), "works offline");
        assertTrue(
                Files.readString(out.resolve("manifest.js")).contains("\"Ankle boot\""),
                "Fashion-MNIST's class names travel");
        for (int width : new int[] {390, 1280}) {
            JsonNode r = Chromium.measure(out.resolve("index.html"), width);
            assertEquals(48, r.get("imagesTotal").asInt(), width + " px: one page of 48 cards: " + r);
            assertEquals(48, r.get("imagesLoaded").asInt(), width + " px: every image loads: " + r.get("broken"));
            assertFalse(r.get("pageOverflow").asBoolean(), width + " px");
            assertEquals(0, r.get("overflowing").size(), width + " px: " + r.get("overflowing"));
            assertTrue(r.get("minFont").asDouble() >= 11, width + " px: text under 11 px: " + r.get("smallText"));
            assertTrue(
                    r.get("status").asText().startsWith("60 of 60 images match"),
                    r.get("status").asText());
            assertEquals(
                    "changes the figure", r.path("pickers").path("layer").asText(), width + " px: the layer picker");
            assertEquals("changes the figure", r.path("pickers").path("mode").asText(), width + " px: by input");
            Chromium.screenshot(
                    out.resolve("index.html"),
                    width,
                    width == 390 ? 1600 : 1000,
                    Path.of("target", "export-" + width + ".png"));
        }
    }

    @Test
    void tenThousandImagesOpenOnePageAtATime() throws Exception {
        Chromium.require();
        Path out = Files.createDirectories(dir.resolve("big"));
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
                "png",
                out.resolve("one.png").toFile());
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode m = mapper.createObjectNode()
                .put("model", "m")
                .put("dataset", "mnist")
                .put("count", 10_000)
                .put("precision", "float32");
        m.putArray("layers").add("conv1");
        ArrayNode images = m.putArray("images");
        for (int i = 0; i < 10_000; i++) {
            ObjectNode e = images.addObject()
                    .put("index", i)
                    .put("label", i % 10)
                    .put("prediction", i % 7 == 0 ? (i + 1) % 10 : i % 10)
                    .put("probability", 0.9);
            e.putObject("figures").put("conv1", "one.png");
            e.putObject("captions").put("conv1", "image " + i);
        }
        mapper.writeValue(out.resolve("manifest.json").toFile(), m);
        ExportIndex.write(out, "big", DatasetId.MNIST.classNames());
        long start = System.nanoTime();
        JsonNode r = Chromium.measure(out.resolve("index.html"), 1280);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("10,000-image export index: measured in %.1f s (Chromium start included)%n", seconds);
        assertEquals(48, r.get("cards").asInt(), "one page, not 10,000 cards");
        assertTrue(
                r.get("status").asText().startsWith("10000 of 10000 images match"),
                r.get("status").asText());
    }
}
