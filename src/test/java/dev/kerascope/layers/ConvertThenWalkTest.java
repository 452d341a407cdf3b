package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.Kerascope;
import dev.kerascope.app.ModelSource;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.walker.LayerTensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** convert, then the walker: every layer of every shared file equals the directly built graph, under the same name. */
class ConvertThenWalkTest {
    static final List<String> FILES = List.of(
            "keras2_tf20_mnist_cnn.h5", "keras3_392_mnist_cnn.keras", "keras2_k240_cifar10_resnet8_add_bn_avgpool.h5");

    @TempDir
    Path dir;

    @Test
    void everyLayerOfEveryFileReadsBackEqual() {
        for (String name : FILES) {
            Path source = SharedFilesGraphTest.file(name);
            KerasFile f = KerasFiles.read(source);
            Path out = dir.resolve(name + "-saved");
            KerasConverter.convert(source, out);
            int[] in = SharedFilesGraphTest.inputShape(f);
            int n = 2;
            float[] x = Run.random(n * in[0] * in[1] * in[2], 17, 0, 1);
            try (Kerascope.Model m = Kerascope.open(out)) {
                List<String> layers = m.layers();
                Map<String, float[]> direct = Run.layers(f, x, new long[] {n, in[0], in[1], in[2]}, layers);
                Map<String, LayerTensor> walked = m.activations(x, n);
                assertEquals(layers, new ArrayList<>(walked.keySet()), name);
                for (String l : layers) {
                    double d = Run.maxDiff(direct.get(l), walked.get(l).values());
                    assertTrue(d <= 1e-6, name + " " + l + " differs by " + d);
                }
                String conv = SharedFilesGraphTest.firstOfClass(f, "Conv2D");
                assertArrayEquals(
                        f.weight(conv, "kernel").values(),
                        m.weights(conv).get("kernel").values(),
                        name);
                assertEquals("Conv2D", m.layerClass(conv));
            }
            ModelSummary converted = ModelSource.resolve(out.toString()).summary();
            assertEquals(f.totals()[0], converted.trainableParams(), name);
            assertEquals(f.totals()[1], converted.nonTrainableParams(), name);
            assertTrue(Files.isRegularFile(out.resolve("saved_model.pb"))
                    && Files.isRegularFile(out.resolve("assets.extra/kerascope.json")));
        }
    }

    @Test
    void openingAKerasFileDirectlyLeavesNoTemporaryFolder() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = count(tmp);
        Path source = SharedFilesGraphTest.file("keras3_392_mnist_cnn.keras");
        try (Kerascope.Model m = Kerascope.open(source)) {
            assertEquals(List.of("conv2d_29", "max_pooling2d_21", "flatten_12", "dense_24", "dense_25"), m.layers());
            assertArrayEquals(new long[] {-1, 28, 28, 1}, m.inputShape());
            assertEquals(before + 1, count(tmp));
        }
        assertEquals(before, count(tmp));
    }

    private static long count(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("kerascope-keras-"))
                    .count();
        }
    }
}
