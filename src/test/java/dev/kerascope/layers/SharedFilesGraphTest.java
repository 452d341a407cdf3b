package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.Kerascope;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.kerasfile.WeightArray;
import dev.kerascope.testing.SharedData;
import dev.kerascope.walker.LayerTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared Keras files built as TF ops, checked against independent oracles. */
class SharedFilesGraphTest {
    static Path file(String name) {
        return SharedData.require(SharedData.root().resolve("keras-files").resolve(name));
    }

    @Test
    void h5GivesItsSavedModelTwinsOutputsLayerByLayer() {
        KerasFile f = KerasFiles.read(file("keras2_tf20_mnist_cnn.h5"));
        Path twin = SharedData.require(SharedData.root().resolve("savedmodels/keras2_tf20_mnist_cnn"));
        int n = 3;
        float[] x = Run.random(n * 28 * 28, 7, 0, 1);
        List<String> names = List.of(
                "conv2d_4",
                "max_pooling2d_2",
                "conv2d_5",
                "max_pooling2d_3",
                "conv2d_6",
                "flatten_1",
                "dense_2",
                "dense_3");
        Map<String, float[]> built = Run.layers(f, x, new long[] {n, 28, 28, 1}, names);
        try (Kerascope.Model m = Kerascope.open(twin)) {
            Map<String, LayerTensor> saved = m.activations(x, n, names.toArray(new String[0]));
            for (String l : names) {
                double d = Run.maxDiff(saved.get(l).values(), built.get(l));
                assertTrue(d <= 1e-5, l + " differs by " + d);
            }
        }
    }

    @Test
    void firstConvOfEveryFileEqualsPlainJava() {
        for (String name : List.of(
                "keras2_tf20_mnist_cnn.h5",
                "keras3_392_mnist_cnn.keras",
                "keras2_k240_cifar10_resnet8_add_bn_avgpool.h5")) {
            KerasFile f = KerasFiles.read(file(name));
            String conv = firstOfClass(f, "Conv2D");
            int[] in = inputShape(f);
            int n = 2;
            float[] x = Run.random(n * in[0] * in[1] * in[2], 11, 0, 1);
            float[] built = Run.layers(f, x, new long[] {n, in[0], in[1], in[2]}, List.of(conv))
                    .get(conv);
            WeightArray k = f.weight(conv, "kernel");
            String padding = f.model()
                    .path("config")
                    .path("layers")
                    .findValues("padding")
                    .get(0)
                    .asText();
            float[] ref = Reference.conv2d(
                    x,
                    n,
                    in[0],
                    in[1],
                    in[2],
                    k.values(),
                    k.shape(),
                    f.weight(conv, "bias").values(),
                    1,
                    1,
                    padding.equals("same"));
            String act = layerConfig(f, conv).path("activation").asText();
            if (act.equals("relu")) {
                ref = Reference.relu(ref);
            }
            double d = Run.maxDiff(ref, built);
            assertTrue(d <= 1e-4, name + " " + conv + " differs by " + d);
        }
    }

    @Test
    void batchNormalizationEqualsItsFourArrays() {
        KerasFile f = KerasFiles.read(file("keras2_k240_cifar10_resnet8_add_bn_avgpool.h5"));
        int n = 2;
        float[] x = Run.random(n * 32 * 32 * 3, 5, 0, 1);
        Map<String, float[]> out =
                Run.layers(f, x, new long[] {n, 32, 32, 3}, List.of("conv2d", "batch_normalization"));
        float eps =
                (float) layerConfig(f, "batch_normalization").path("epsilon").asDouble();
        float[] ref = Reference.batchNorm(
                out.get("conv2d"),
                f.weight("batch_normalization", "gamma").values(),
                f.weight("batch_normalization", "beta").values(),
                f.weight("batch_normalization", "moving_mean").values(),
                f.weight("batch_normalization", "moving_variance").values(),
                eps);
        double d = Run.maxDiff(ref, out.get("batch_normalization"));
        assertTrue(d <= 1e-5, "differs by " + d);
        assertEquals(n * 32 * 32 * 16, ref.length);
    }

    static String firstOfClass(KerasFile f, String cls) {
        for (var l : f.model().path("config").path("layers")) {
            if (l.path("class_name").asText().equals(cls)) {
                return l.path("config").path("name").asText();
            }
        }
        throw new AssertionError("no " + cls);
    }

    static JsonNode layerConfig(KerasFile f, String name) {
        for (var l : f.model().path("config").path("layers")) {
            if (l.path("config").path("name").asText().equals(name)) {
                return l.path("config");
            }
        }
        throw new AssertionError("no " + name);
    }

    static int[] inputShape(KerasFile f) {
        var first = f.model().path("config").path("layers").get(0).path("config");
        var shape = first.has("batch_input_shape") ? first.get("batch_input_shape") : first.get("batch_shape");
        List<Integer> d = new ArrayList<>();
        shape.forEach(v -> d.add(v.isNull() ? -1 : v.asInt()));
        return new int[] {d.get(1), d.get(2), d.get(3)};
    }
}
