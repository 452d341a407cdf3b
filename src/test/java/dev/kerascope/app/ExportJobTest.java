package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetId;
import dev.kerascope.io.BadInputException;
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
  @TempDir static Path shared;
  @TempDir Path dir;
  static Path model;
  static Dataset data;

  @BeforeAll
  static void modelAndData() {
    model = TestModels.untrainedKerasMnist(shared.resolve("saved_model"), 3);
    data = new Dataset(DatasetId.MNIST, SyntheticDigits.make(10, 1), SyntheticDigits.make(200, 2), "synthetic");
  }

  static ExportJob.Options options(Path out, int count, boolean resume) {
    return new ExportJob.Options(model, data, count, List.of(), out, resume, 32, 2);
  }

  @Test
  void writesEveryLayerFigureOfEveryImageAndAManifest() throws Exception {
    Path out = dir.resolve("export");
    ExportJob.Outcome o = ExportJob.run(options(out, 70, false), (d, t, s) -> { });
    assertEquals(70 * 8, o.figures());
    JsonNode manifest = new ObjectMapper().readTree(out.resolve("manifest.json").toFile());
    assertEquals(70, manifest.get("images").size());
    JsonNode e = manifest.get("images").get(42);
    assertEquals(42, e.get("index").asInt());
    assertEquals(data.test().label(42), e.get("label").asInt());
    var conv1 = ImageIO.read(out.resolve(e.get("figures").get("conv1").asText()).toFile());
    assertEquals(6 * 27 + 1, conv1.getWidth(), "32 channels of 26x26 in a 6-column grid with 1-pixel gutters");
    assertEquals("images/b-00001/00042_conv1.png", e.get("figures").get("conv1").asText());
    assertTrue(e.get("captions").get("pool3").asText().contains("pool3 (MaxPooling2D) 1x1x128 for test image 42"));
    try (var files = Files.walk(out)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary file left");
    }
  }

  @Test
  void resumeSkipsFinishedBatchesAndARepeatIsRefused() throws Exception {
    Path out = dir.resolve("export");
    ExportJob.run(options(out, 70, false), (d, t, s) -> { });
    // An export killed during its last batch: that batch's part and the manifest are missing.
    Files.delete(out.resolve("parts/batch-00002.json"));
    Files.delete(out.resolve("manifest.json"));
    ExportJob.Outcome o = ExportJob.run(options(out, 70, true), (d, t, s) -> { });
    assertEquals(2, o.skippedBatches());
    assertEquals(6 * 8, o.figures(), "only the 6 images of the last batch are drawn again");
    assertEquals(70, new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("images").size());
    BadInputException e = assertThrows(BadInputException.class, () -> ExportJob.run(options(out, 70, false), (d, t, s) -> { }));
    assertTrue(e.getMessage().contains("--resume"), e.getMessage());
  }
}
