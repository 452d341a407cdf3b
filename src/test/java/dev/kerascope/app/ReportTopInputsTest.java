package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.input.ImageSource;
import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.Chromium;
import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SyntheticDigits;
import dev.kerascope.viz.Palette;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code report --top-inputs DIR}: a folder that top-inputs wrote is copied in and linked from its layer. */
class ReportTopInputsTest {
    static final Path MODEL = Path.of("saved-models/keras-mnist/saved_model");

    @TempDir
    Path dir;

    private Path topInputs(String layer) {
        Path top = dir.resolve("top-" + layer);
        TopInputsJob.run(new TopInputsJob.Options(
                MODEL,
                Set.of("serve"),
                "serving_default",
                SyntheticDigits.make(30, 4),
                "synthetic",
                0,
                layer,
                new int[] {0, 3},
                3,
                64,
                null,
                null,
                Palette.VIRIDIS,
                top));
        return top;
    }

    private ReportJob.Options options(List<Path> topInputs, Path out) {
        return new ReportJob.Options(
                MODEL,
                Set.of("serve"),
                "serving_default",
                List.of(ImageSource.file(Path.of("examples/digits/digit-3.png"))),
                "examples/digits",
                null,
                null,
                null,
                topInputs,
                out,
                null);
    }

    @Test
    void theGridsOfAComputedLayerAreLinkedFromItAndTheOtherConvLayersSayHowToComputeThem() throws Exception {
        Path top = topInputs("conv2");
        Path out = dir.resolve("report");
        ReportJob.run(options(List.of(top), out));
        String html = Files.readString(out.resolve("index.html"));
        for (int channel : new int[] {0, 3}) {
            String grid = "conv2_channel_" + channel + ".png";
            assertTrue(html.contains("<a href=\"top-inputs/conv2/" + grid + "\">channel " + channel + "</a>"), grid);
            assertArrayEquals(
                    Files.readAllBytes(top.resolve(grid)),
                    Files.readAllBytes(out.resolve("top-inputs/conv2/" + grid)),
                    "copied as top-inputs wrote it");
        }
        assertTrue(html.contains("<a href=\"top-inputs/conv2/top_inputs.json\">JSON</a>"));
        assertTrue(
                html.contains("<p>Not computed for conv1, conv3, conv4, conv5: run <code>kerascope top-inputs "
                        + "MODEL --layer NAME --out DIR</code> per layer"),
                "the conv layers without grids are named in one line that says how to get them");
        assertFalse(html.contains("<h3 id=\"top-conv1\">"), "no heading for a layer without grids");
        assertTrue(
                Files.readString(out.resolve("explorer-data.js")).contains("\"topInputs\":[{\"layer\":\"conv2\""),
                "the feature-map view links the layer to its grids from the page's data");
        Chromium.require();
        JsonNode page = Chromium.measure(out.resolve("index.html"), 390);
        assertEquals(0, page.get("overflowing").size(), "390 px: elements past the edge: " + page.get("overflowing"));
        assertTrue(page.get("minFont").asDouble() >= 11, "390 px: text under 11 px: " + page.get("smallText"));
        assertEquals(
                page.get("imagesTotal").asInt(), page.get("imagesLoaded").asInt(), "broken: " + page.get("broken"));
    }

    @Test
    void aFolderAboutAnotherModelsLayerOrWithoutItsJsonIsOneClearLineAndExitTwo() throws Exception {
        Path top = topInputs("conv1");
        Path json = top.resolve("top_inputs.json");
        Files.writeString(json, Files.readString(json).replace("\"layer\" : \"conv1\"", "\"layer\" : \"conv99\""));
        BadInputException e = assertThrows(
                BadInputException.class, () -> ReportJob.run(options(List.of(top), dir.resolve("report"))));
        assertEquals(json + ": is about layer 'conv99', which this model does not have", e.getMessage());
        Cli.Run run = new Cli()
                .run(
                        "report",
                        MODEL.toString(),
                        "--max-inputs",
                        "1",
                        "--top-inputs",
                        dir.resolve("nothing").toString(),
                        "--out",
                        dir.resolve("report2").toString());
        assertEquals(2, run.exit(), run.err());
        assertTrue(
                run.err().contains(dir.resolve("nothing").resolve("top_inputs.json") + ": does not exist"), run.err());
        assertTrue(!run.err().contains("Exception"), run.err());
    }
}
