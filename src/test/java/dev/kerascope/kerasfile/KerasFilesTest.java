package dev.kerascope.kerasfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.kerascope.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shared Keras files read with their layouts: weights found under the right layers, with the config's shapes. */
class KerasFilesTest {
    static Path file(String name) {
        return SharedData.require(SharedData.root().resolve("keras-files").resolve(name));
    }

    @Test
    void keras3ZipFindsWeightsUnderTheSaversPathsNotTheLayerNames() {
        KerasFile f = KerasFiles.read(file("keras3_392_mnist_cnn.keras"));
        assertEquals(KerasFile.Format.KERAS_ZIP, f.format());
        assertEquals("3.9.2", f.kerasVersion());
        // conv2d_29 lives at layers/conv2d, dense_25 at layers/dense_1
        assertEquals(List.of(3, 3, 1, 32), f.weight("conv2d_29", "kernel").shape());
        assertEquals(List.of(32), f.weight("conv2d_29", "bias").shape());
        assertEquals(List.of(5408, 64), f.weight("dense_24", "kernel").shape());
        assertEquals(List.of(64, 10), f.weight("dense_25", "kernel").shape());
        // 3*3*1*32+32 + 5408*64+64 + 64*10+10
        assertEquals(320 + 346_176 + 650, f.totals()[0]);
        assertEquals(0, f.totals()[1]);
    }

    @Test
    void keras2H5ReadsModelWeightsByWeightNames() {
        KerasFile f = KerasFiles.read(file("keras2_tf20_mnist_cnn.h5"));
        assertEquals(KerasFile.Format.LEGACY_H5, f.format());
        assertEquals("2.2.4-tf", f.kerasVersion());
        assertEquals(List.of(3, 3, 32, 64), f.weight("conv2d_5", "kernel").shape());
        assertEquals(List.of(576, 64), f.weight("dense_2", "kernel").shape());
        assertEquals(320 + 18_496 + 36_928 + 36_928 + 650, f.totals()[0]);
    }

    @Test
    void batchNormalizationMovingStatisticsAreNonTrainable() {
        KerasFile f = KerasFiles.read(file("keras2_k240_cifar10_resnet8_add_bn_avgpool.h5"));
        assertEquals(
                List.of("gamma", "beta", "moving_mean", "moving_variance"),
                f.weightsOf("batch_normalization").stream()
                        .map(WeightArray::name)
                        .toList());
        assertFalse(f.weight("batch_normalization", "moving_mean").trainable());
        long bnChannels = Stream.of(
                        "batch_normalization",
                        "batch_normalization_1",
                        "batch_normalization_2",
                        "batch_normalization_3",
                        "batch_normalization_4",
                        "batch_normalization_5",
                        "batch_normalization_6")
                .mapToLong(n -> f.weight(n, "gamma").size())
                .sum();
        assertEquals(2 * bnChannels, f.totals()[1]);
    }

    @Test
    void everySharedFileTotalsEqualTheSumOfItsArrays() throws IOException {
        Path dir = SharedData.require(SharedData.root().resolve("keras-files"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(KerasFiles::isKerasFile).toList()) {
                KerasFile f = KerasFiles.read(p);
                long sum = f.weights().values().stream()
                        .flatMap(List::stream)
                        .mapToLong(w -> w.values().length)
                        .sum();
                long shapes = f.weights().values().stream()
                        .flatMap(List::stream)
                        .mapToLong(w ->
                                w.shape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b))
                        .sum();
                assertEquals(sum, f.totals()[0] + f.totals()[1], p.toString());
                assertEquals(sum, shapes, p.toString());
                System.out.println(
                        p.getFileName() + ": " + f.totals()[0] + " trainable, " + f.totals()[1] + " non-trainable");
            }
        }
    }
}
