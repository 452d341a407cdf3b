package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetId;
import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.ExportChecks;
import dev.kerascope.testing.SyntheticDigits;
import dev.kerascope.testing.TestModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportJobTest {
    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    static Path model;
    static Dataset data;

    @BeforeAll
    static void modelAndData() {
        model = TestModels.untrainedKerasMnist(shared.resolve("saved_model"), 3);
        data = new Dataset(DatasetId.MNIST, SyntheticDigits.make(10, 1), SyntheticDigits.make(320, 2), "synthetic");
    }

    static ExportJob.Options options(Path out, int count, boolean resume) {
        return options(out, count, resume, 32, List.of());
    }

    static ExportJob.Options options(Path out, int count, boolean resume, int batch, List<String> layers) {
        return new ExportJob.Options(model, data, count, layers, out, resume, batch, 2);
    }

    @Test
    void writesEveryLayerFigureOfEveryImageAndAManifest() throws Exception {
        Path out = dir.resolve("export");
        ExportJob.Outcome o = ExportJob.run(options(out, 70, false), (d, t, s) -> {});
        assertEquals(70 * 8, o.figures());
        JsonNode manifest =
                new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
        assertEquals(70, manifest.get("images").size());
        JsonNode e = manifest.get("images").get(42);
        assertEquals(42, e.get("index").asInt());
        assertEquals(data.test().label(42), e.get("label").asInt());
        var conv1 =
                ImageIO.read(out.resolve(e.get("figures").get("conv1").asText()).toFile());
        assertEquals(6 * 27 + 1, conv1.getWidth(), "32 channels of 26x26 in a 6-column grid with 1-pixel gutters");
        assertEquals(
                "images/b-00001/00042_conv1.png", e.get("figures").get("conv1").asText());
        assertTrue(e.get("captions").get("pool3").asText().contains("pool3 (MaxPooling2D) 1x1x128 for test image 42"));
        try (var files = Files.walk(out)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
        }
    }

    @Test
    void resumeSkipsFinishedBatchesAndARepeatIsRefused() throws Exception {
        Path out = dir.resolve("export");
        ExportJob.run(options(out, 70, false), (d, t, s) -> {});
        // An export killed during its last batch: that batch's part and the manifest are missing.
        Files.delete(out.resolve("parts/batch-00002.json"));
        Files.delete(out.resolve("manifest.json"));
        ExportJob.Outcome o = ExportJob.run(options(out, 70, true), (d, t, s) -> {});
        assertEquals(2, o.skippedBatches());
        assertEquals(6 * 8, o.figures(), "only the 6 images of the last batch are drawn again");
        assertEquals(
                70,
                new ObjectMapper()
                        .readTree(out.resolve("manifest.json").toFile())
                        .get("images")
                        .size());
        BadInputException e =
                assertThrows(BadInputException.class, () -> ExportJob.run(options(out, 70, false), (d, t, s) -> {}));
        // the way out is the front end's to word (the CLI: --resume); this layer says what the folder holds
        assertTrue(
                e.getMessage().endsWith("already holds an export")
                        && e.remedy() == dev.kerascope.io.Remedy.CONTINUE_OR_OTHER_FOLDER,
                e.getMessage());
    }

    @Test
    void extendingAnExportWithResumeExportsEveryImageExactlyOnce() throws Exception {
        Path out = dir.resolve("export");
        ExportJob.run(options(out, 200, false, 64, List.of()), (d, t, s) -> {});
        // Batches of 64: the fourth holds only images 192-199; it must be redone as 192-255, not skipped.
        ExportJob.Outcome o = ExportJob.run(options(out, 300, true, 64, List.of()), (d, t, s) -> {});
        assertEquals(3, o.skippedBatches());
        assertEquals((64 + 44) * 8, o.figures(), "batch 3 redone whole (192-255), batch 4 new (256-299)");
        ExportChecks.assertComplete(out, 300, 8);
        JsonNode part = new ObjectMapper()
                .readTree(out.resolve("parts/batch-00003.json").toFile());
        assertEquals(192, part.get("first").asInt());
        assertEquals(256, part.get("end").asInt());
        assertEquals(64, part.get("settings").get("batch").asInt());
        assertEquals(64, part.get("images").size());

        // The same figures, byte for byte, as an export of 300 made in one go.
        Path straight = dir.resolve("straight");
        ExportJob.run(options(straight, 300, false, 64, List.of()), (d, t, s) -> {});
        assertEquals(ExportChecks.files(straight), ExportChecks.files(out));

        ExportJob.Outcome again = ExportJob.run(options(out, 300, true, 64, List.of()), (d, t, s) -> {});
        assertEquals(5, again.skippedBatches());
        assertEquals(0, again.figures());
        // Resuming with a smaller count lists only its images; the larger export's figures stay on disk.
        ExportJob.run(options(out, 100, true, 64, List.of()), (d, t, s) -> {});
        ExportChecks.assertComplete(out, 100, 8);
    }

    @Test
    void resumeWithOtherSettingsIsRefusedWithOneLineAndTouchesNothing() throws Exception {
        Path out = dir.resolve("export");
        ExportJob.run(options(out, 40, false), (d, t, s) -> {});
        var before = ExportChecks.files(out);
        BadInputException batch = assertThrows(
                BadInputException.class, () -> ExportJob.run(options(out, 40, true, 16, List.of()), (d, t, s) -> {}));
        assertTrue(batch.getMessage().contains("batch 32, now 16"), batch.getMessage());
        assertEquals(1, batch.getMessage().lines().count());
        BadInputException layers = assertThrows(
                BadInputException.class,
                () -> ExportJob.run(options(out, 60, true, 32, List.of("conv1")), (d, t, s) -> {}));
        assertTrue(
                layers.getMessage().contains("layers conv1,conv2,pool1,conv3,conv4,pool2,conv5,pool3, now conv1"),
                layers.getMessage());
        Path other = TestModels.untrainedKerasMnist(dir.resolve("other_model"), 4);
        BadInputException m = assertThrows(
                BadInputException.class,
                () -> ExportJob.run(
                        new ExportJob.Options(other, data, 40, List.of(), out, true, 32, 2), (d, t, s) -> {}));
        assertTrue(m.getMessage().contains("model ") && m.getMessage().contains("model_sha256 "), m.getMessage());
        assertEquals(before, ExportChecks.files(out), "a refused resume changes nothing");
    }
}
