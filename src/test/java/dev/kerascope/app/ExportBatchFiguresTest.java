package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetId;
import dev.kerascope.testing.SyntheticDigits;
import dev.kerascope.testing.TestModels;
import java.awt.image.Raster;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Export encodes a batch's figures while the next batch runs, and the walker copies each batch into kept arrays (two
 * sets, alternating): every image's figure in a many-batch export must show that image, as in an export that runs all
 * its images in one batch (where no array is ever reused).
 */
class ExportBatchFiguresTest {
    @TempDir
    Path dir;

    @Test
    void everyBatchsFiguresShowItsOwnImagesWhileTheNextBatchRuns() throws Exception {
        Path model = TestModels.untrainedKerasMnist(dir.resolve("saved_model"), 3);
        Dataset data =
                new Dataset(DatasetId.MNIST, SyntheticDigits.make(10, 1), SyntheticDigits.make(80, 2), "synthetic");
        int count = 80;
        Path many = dir.resolve("batches-of-8");
        Path one = dir.resolve("one-batch");
        ExportJob.run(
                new ExportJob.Options(model, data, count, List.of("conv1", "pool3"), many, false, 8, 2),
                (d, t, s) -> {});
        ExportJob.run(
                new ExportJob.Options(model, data, count, List.of("conv1", "pool3"), one, false, count, 2),
                (d, t, s) -> {});
        JsonNode a = new ObjectMapper()
                .readTree(many.resolve("manifest.json").toFile())
                .get("images");
        JsonNode b = new ObjectMapper()
                .readTree(one.resolve("manifest.json").toFile())
                .get("images");
        for (int i = 0; i < count; i++) {
            for (String layer : List.of("conv1", "pool3")) {
                Raster x = ImageIO.read(
                                many.resolve(a.get(i).get("figures").get(layer).asText())
                                        .toFile())
                        .getRaster();
                Raster y = ImageIO.read(
                                one.resolve(b.get(i).get("figures").get(layer).asText())
                                        .toFile())
                        .getRaster();
                assertEquals(y.getWidth(), x.getWidth());
                int off = 0;
                for (int r = 0; r < y.getHeight(); r++) {
                    for (int c = 0; c < y.getWidth(); c++) {
                        // One palette step of slack: a batch of 8 and a batch of 80 may round the last bit apart.
                        if (Math.abs(x.getSample(c, r, 0) - y.getSample(c, r, 0)) > 1) {
                            off++;
                        }
                    }
                }
                assertTrue(
                        off == 0, "image " + i + " " + layer + ": " + off + " pixels differ from the one-batch export");
            }
            assertEquals(
                    b.get(i).get("prediction").asInt(),
                    a.get(i).get("prediction").asInt(),
                    "image " + i);
        }
    }
}
