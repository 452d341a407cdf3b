package dev.kerascope.data;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.file;
import static dev.kerascope.testing.FuzzSupport.seed;
import static dev.kerascope.testing.FuzzSupport.seedShared;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;

/** LeCun's IDX image and label files, raw or gzip-compressed. */
class IdxFuzzTest {
    @BeforeAll
    static void seeds() throws IOException {
        byte[] images = NpyFiles.idx(
                IdxReader.IMAGES_MAGIC, new int[] {2, 2, 3}, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        byte[] labels = NpyFiles.idx(IdxReader.LABELS_MAGIC, new int[] {2}, new byte[] {7, 1});
        seed(IdxFuzzTest.class, "fuzz", "images", images);
        seed(IdxFuzzTest.class, "fuzz", "labels", labels);
        seed(IdxFuzzTest.class, "fuzz", "images.gz", gzip(images));
        seedShared(IdxFuzzTest.class, "fuzz", "datasets/mnist/t10k-labels-idx1-ubyte.gz");
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw);
        }
        return out.toByteArray();
    }

    @FuzzTest(maxDuration = "30s", maxExecutions = 17_000)
    void fuzz(byte[] data) throws Exception {
        expectValueOrBadInput(() -> IdxReader.readImages(file("images-idx3-ubyte", data)));
        expectValueOrBadInput(() -> IdxReader.readLabels(file("labels-idx1-ubyte", data)));
    }
}
