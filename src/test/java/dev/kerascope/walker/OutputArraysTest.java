package dev.kerascope.walker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Runs that copy into kept arrays ({@link OutputArrays}) return each batch's own values, checked against the plain-Java
 * oracle from the model's weights: the second batch must not show the first's numbers, two layers must never share an
 * array, and a smaller batch gets arrays of its own size.
 */
class OutputArraysTest {
    static final Path MODEL = Path.of("saved-models/keras-mnist/saved_model");

    static float[] images(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[n * 28 * 28];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble();
        }
        return x;
    }

    /** The layer's ReLU(conv(x) + bias) in plain Java, from the walker's weights of that layer. */
    static float[] convRelu(SavedModelWalker w, String layer, float[] x, long[] xs, long[] outShape) {
        Map<String, LayerTensor> weights = w.weights(layer);
        int[] os = new int[4];
        float[] z = PlainJava.conv2d(
                x,
                xs,
                weights.get("kernel").values(),
                weights.get("kernel").shape(),
                weights.get("bias").values(),
                1,
                1,
                "VALID",
                os);
        for (int d = 0; d < 4; d++) {
            outShape[d] = os[d];
        }
        return PlainJava.activate(z, "Relu", 0);
    }

    static void assertClose(float[] want, LayerTensor got, String what) {
        assertEquals(want.length, got.values().length, what + ": size");
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got.values()[i]) / (1 + Math.abs(want[i])));
        }
        assertTrue(worst < 1e-4, what + ": relative difference " + worst);
    }

    @Test
    void eachBatchGetsItsOwnValuesInTheSameArraysAndLayersNeverShareOne() {
        try (SavedModelWalker w = SavedModelWalker.open(MODEL, Set.of("serve"), "serving_default")) {
            List<String> convs = w.layerNames().stream()
                    .filter(l -> w.layer(l).className().equals("Conv2D"))
                    .limit(2)
                    .toList();
            OutputArrays kept = new OutputArrays();
            float[] first = null;
            for (long seed = 1; seed <= 2; seed++) {
                int n = 3;
                float[] x = images(n, seed);
                Map<String, LayerTensor> got = w.fetch(x, n, convs, kept);
                long[] s1 = new long[4];
                float[] c1 = convRelu(w, convs.get(0), x, new long[] {n, 28, 28, 1}, s1);
                long[] s2 = new long[4];
                float[] c2 = convRelu(w, convs.get(1), c1, s1, s2);
                assertClose(c1, got.get(convs.get(0)), convs.get(0) + " batch " + seed);
                assertClose(c2, got.get(convs.get(1)), convs.get(1) + " batch " + seed);
                assertNotSame(
                        got.get(convs.get(0)).values(), got.get(convs.get(1)).values());
                if (first == null) {
                    first = got.get(convs.get(0)).values();
                } else {
                    assertSame(first, got.get(convs.get(0)).values(), "the kept array is reused");
                }
            }
            assertEquals(2, kept.size());
            float[] x = images(1, 3);
            LayerTensor one = w.fetch(x, 1, convs.subList(0, 1), kept).get(convs.get(0));
            assertClose(convRelu(w, convs.get(0), x, new long[] {1, 28, 28, 1}, new long[4]), one, "batch of 1");
            assertEquals(1, one.shape()[0]);
        }
    }

    @Test
    void runsWithoutKeptArraysStillGetNewOnes() {
        try (SavedModelWalker w = SavedModelWalker.open(MODEL, Set.of("serve"), "serving_default")) {
            String conv = w.layerNames().stream()
                    .filter(l -> w.layer(l).className().equals("Conv2D"))
                    .findFirst()
                    .orElseThrow();
            float[] x = images(2, 5);
            float[] a = w.fetch(x, 2, List.of(conv)).get(conv).values();
            float[] b = w.fetch(x, 2, List.of(conv)).get(conv).values();
            assertNotSame(a, b, "results without OutputArrays may be kept by the caller");
        }
    }
}
