package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.input.ImageSource;
import dev.kerascope.report.HtmlPage;
import dev.kerascope.testing.Chromium;
import dev.kerascope.viz.Palette;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job on the shipped model and the example digits: what a person opens in a browser. */
class ReportJobTest {
    static final Path MODEL = Path.of("saved-models/keras-mnist/saved_model");

    @TempDir
    static Path out;

    static ReportJob.Outcome outcome;

    @BeforeAll
    static void writeTheReport() {
        outcome = ReportJob.run(MODEL, Path.of("examples/digits"), 10, out);
    }

    @Test
    void everyFileThePageAndItsDataNameExistsAndNothingIsFetchedFromOutside() throws Exception {
        String html = Files.readString(outcome.index());
        String data = Files.readString(out.resolve("explorer-data.js"));
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"#]+)\"|\"(?:png|svg|values|thumbnail|npy)\":\"([^\"]+)\"")
                .matcher(html + data);
        int files = 0;
        while (m.find()) {
            String f = m.group(1) != null ? m.group(1) : m.group(2);
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
            files++;
        }
        assertTrue(files > 300, files + " files named");
        assertEquals(
                2 + 5 + 10 * 8 * 2 + 10 * 4,
                outcome.figures(),
                "2 curves, 5 filter galleries, 8 conv/pool layers x 2 scales x 10 digits, Grad-CAM and saliency x 2 x "
                        + "10");
        for (String page : new String[] {html, data, Files.readString(out.resolve("explorer.js"))}) {
            assertFalse(
                    page.contains("http://") || page.contains("https://") || page.contains("src=\"//"),
                    "the page must work offline");
        }
        assertTrue(html.contains("Total params: 156,650 (611.91 KB)"));
        assertTrue(html.indexOf("id=\"overview\"") < html.indexOf("id=\"maps\""), "the overview comes first");
        assertTrue(Files.readString(out.resolve("inputs/digit-7/values.js"))
                .startsWith("kerascopeValues(\"digit-7|conv1\",26,26,32,[["));
    }

    @Test
    void theFirstSamplesGradCamAndSaliencyAreWhatExplainWritesForTheSameImageAndThePageShowsThem(@TempDir Path alone)
            throws Exception {
        Path digit = Path.of("examples/digits/digit-0.png");
        for (ExplainJob.Method m : List.of(ExplainJob.Method.GRADCAM, ExplainJob.Method.SALIENCY)) {
            Path dir = alone.resolve(m.flag());
            ExplainJob.run(new ExplainJob.Options(
                    MODEL,
                    Set.of("serve"),
                    "serving_default",
                    ImageSource.file(digit),
                    null,
                    null,
                    null,
                    m,
                    null,
                    0,
                    0,
                    0,
                    Palette.VIRIDIS,
                    dir));
            assertArrayEquals(
                    Files.readAllBytes(dir.resolve(m.flag() + ".npy")),
                    Files.readAllBytes(out.resolve("inputs/digit-0/" + m.flag() + ".npy")),
                    m.flag() + ": the same .npy");
            JsonNode explained =
                    new ObjectMapper().readTree(dir.resolve(m.flag() + ".json").toFile());
            assertEquals(0, explained.get("class").asInt(), "explain chose the predicted class, 0");
            String html = Files.readString(outcome.index());
            for (String figure : new String[] {"heatmap", "overlay"}) {
                assertTrue(
                        html.contains("<img src=\"inputs/digit-0/" + m.flag() + "_" + figure + ".png\" alt=\""),
                        m.flag() + " " + figure + " on the page");
            }
            assertTrue(
                    html.contains(HtmlPage.escape(explained.get("where").asText())),
                    "the page says where: " + explained.get("where"));
        }
    }

    @Test
    void theShippedModelReadsTheExampleDigits() throws Exception {
        JsonNode p = new ObjectMapper().readTree(out.resolve("predictions.json").toFile());
        int right = 0;
        for (int d = 0; d < 10; d++) {
            right += p.get("digit-" + d + ".png").get(0).asText().startsWith(d + " ") ? 1 : 0;
        }
        assertEquals(10, right, "the README promises all ten example digits are read correctly: " + p);
        assertTrue(Files.isRegularFile(out.resolve("inputs/digit-7/npy/conv3.npy")));
    }

    @Test
    void aRealBrowserAtPhoneAndDesktopWidthLoadsEveryImageWithLegibleTextAndWorkingPickers() throws Exception {
        Chromium.require();
        for (int width : new int[] {390, 1280}) {
            JsonNode r = Chromium.measure(outcome.index(), width);
            assertTrue(
                    r.get("imagesTotal").asInt() >= 10 * 2 + 10 * 4 + 2 + 2,
                    width
                            + " px: thumbnails with their Grad-CAM, the evidence cards, curves, a map and a filter "
                            + "figure: "
                            + r);
            assertEquals(
                    r.get("imagesTotal").asInt(),
                    r.get("imagesLoaded").asInt(),
                    width + " px: every image loads: " + r.get("broken"));
            assertFalse(r.get("pageOverflow").asBoolean(), width + " px: the page is no wider than the screen");
            assertEquals(
                    0, r.get("overflowing").size(), width + " px: elements past the edge: " + r.get("overflowing"));
            assertTrue(r.get("minFont").asDouble() >= 11, width + " px: text under 11 px: " + r.get("smallText"));
            for (String picker : new String[] {"layer-picker", "input-picker", "scale-picker", "filter-picker"}) {
                assertEquals(
                        "changes the figure", r.path("pickers").path(picker).asText(), width + " px: " + picker);
            }
            assertTrue(r.get("zoomOpens").asBoolean(), "a click on a tile opens it large with its range");
            Path png = Chromium.screenshot(
                    outcome.index(), width, width == 390 ? 2400 : 1800, Path.of("target", "report-" + width + ".png"));
            assertTrue(Files.size(png) > 10_000, "screenshot saved to " + png.toAbsolutePath());
        }
    }
}
