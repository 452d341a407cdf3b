package dev.kerascope.walker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.arch.Activation;
import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.arch.Layer;
import dev.kerascope.arch.OddSizes;
import dev.kerascope.arch.Padding;
import dev.kerascope.train.PixelTable;
import dev.kerascope.train.SavedModelExporter;
import dev.kerascope.train.TrainingGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code <layer>/output} of a kerascope export recomputed in plain Java from the exported weights, chained from
 * the input (each layer from the oracle's own previous layer, never from a fetched one), so a graph that records a
 * value at the wrong place (before the ReLU, before the softmax) cannot agree.
 */
class ExportedLayersEqualPlainJavaTest {
    @TempDir
    Path dir;

    static final int N = 3;

    /** The oracle's value of one layer: NHWC (or N × units) values and shape. */
    record Value(float[] v, long[] shape) {}

    static Value next(Layer layer, Value in, Map<String, LayerTensor> weights) {
        if (layer instanceof Layer.Conv2D c) {
            Value x = in;
            String padding = c.padding().mode() == Padding.Mode.SAME ? "SAME" : "VALID";
            if (c.padding().mode() == Padding.Mode.EXPLICIT) {
                long[] ps = new long[4];
                Padding p = c.padding();
                x = new Value(PlainJava.pad(in.v(), in.shape(), p.top(), p.bottom(), p.left(), p.right(), ps), ps);
            }
            int[] os = new int[4];
            float[] out = PlainJava.conv2d(
                    x.v(),
                    x.shape(),
                    weights.get("kernel").values(),
                    weights.get("kernel").shape(),
                    c.useBias() ? weights.get("bias").values() : null,
                    c.strideRows(),
                    c.strideCols(),
                    padding,
                    os);
            return new Value(activate(out, c.activation(), os[3]), new long[] {os[0], os[1], os[2], os[3]});
        }
        if (layer instanceof Layer.Pooling2D p) {
            if (!p.max()) {
                throw new IllegalArgumentException("the oracle has no average pooling");
            }
            long[] s = in.shape();
            if (p.padding().mode() == Padding.Mode.SAME) {
                long[] os = new long[4];
                return new Value(
                        PlainJava.maxPoolSame(
                                in.v(), s, p.poolRows(), p.poolCols(), p.strideRows(), p.strideCols(), os),
                        os);
            }
            long[] os = {
                s[0], (s[1] - p.poolRows()) / p.strideRows() + 1, (s[2] - p.poolCols()) / p.strideCols() + 1, s[3]
            };
            return new Value(
                    PlainJava.maxPool(in.v(), s, p.poolRows(), p.poolCols(), p.strideRows(), p.strideCols()), os);
        }
        if (layer instanceof Layer.Flatten) {
            // NHWC is row-major, so Keras's Flatten keeps the order: only the shape changes.
            return new Value(in.v(), new long[] {in.shape()[0], in.v().length / in.shape()[0]});
        }
        if (layer instanceof Layer.Dense d) {
            float[] z = PlainJava.dense(
                    in.v(),
                    (int) in.shape()[0],
                    weights.get("kernel").values(),
                    d.useBias() ? weights.get("bias").values() : null,
                    d.units());
            return new Value(activate(z, d.activation(), d.units()), new long[] {in.shape()[0], d.units()});
        }
        if (layer instanceof Layer.Dropout) {
            return in;
        }
        throw new IllegalArgumentException("the oracle does not know " + layer.className());
    }

    static float[] activate(float[] v, Activation a, int units) {
        return switch (a) {
            case LINEAR -> v;
            case RELU -> PlainJava.activate(v, "Relu", 0);
            case SOFTMAX -> PlainJava.softmax(v, units);
            default -> throw new IllegalArgumentException("the oracle does not know " + a);
        };
    }

    /** Walks the export and compares every layer with the oracle; returns how many layers were checked. */
    static int assertEveryLayerEqualsPlainJava(Path export, Architecture arch, float[] x) {
        int[] is = arch.inputShape();
        try (SavedModelWalker w = SavedModelWalker.open(export, Set.of("serve"), "serving_default")) {
            List<String> names = w.layerNames();
            Map<String, LayerTensor> walked = w.fetch(x, N, names);
            Value value = new Value(x, new long[] {N, is[0], is[1], is[2]});
            int checked = 0;
            for (Layer layer : arch.layers()) {
                if (layer instanceof Layer.InputLayer) {
                    continue;
                }
                value = next(
                        layer,
                        value,
                        layer instanceof Layer.Conv2D || layer instanceof Layer.Dense
                                ? w.weights(layer.name())
                                : Map.of());
                LayerTensor t = walked.get(layer.name());
                assertArrayEquals(value.shape(), t.shape(), arch.name() + " " + layer.name() + " shape");
                double worst = 0;
                for (int i = 0; i < value.v().length; i++) {
                    worst = Math.max(worst, Math.abs(value.v()[i] - t.values()[i]));
                }
                assertTrue(worst <= 1e-4, arch.name() + " " + layer.name() + ": max |plain Java − export| = " + worst);
                checked++;
            }
            assertEquals(checked, names.size(), "every layer the walker lists was recomputed");
            return checked;
        }
    }

    /** Exports the architecture with glorot weights and non-zero biases (so a missing bias shows). */
    Path export(Architecture arch, long seed) {
        Path out = dir.resolve(arch.name());
        try (TrainingGraph g = new TrainingGraph(arch, 1e-3, seed)) {
            g.initialize(seed);
            Map<String, float[]> weights = new java.util.LinkedHashMap<>(g.weights());
            SplittableRandom r = new SplittableRandom(seed);
            weights.replaceAll((k, v) -> {
                if (k.endsWith("/bias")) {
                    float[] b = new float[v.length];
                    for (int i = 0; i < b.length; i++) {
                        b[i] = (float) r.nextDouble(-0.1, 0.1);
                    }
                    return b;
                }
                return v;
            });
            SavedModelExporter.export(arch, weights, PixelTable.of(arch.training()), "mnist", out);
        }
        return out;
    }

    static float[] input(Architecture arch, long seed) {
        int[] s = arch.inputShape();
        float[] x = new float[N * s[0] * s[1] * s[2]];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextDouble(0, 1);
        }
        return x;
    }

    @Test
    void theShippedKerasMnistModelLayerByLayer() {
        Path shipped = Path.of("saved-models/keras-mnist");
        Architecture arch = Architectures.fromFile(shipped.resolve("architecture.json"));
        // Digit-like input: the shipped weights were trained on x/255 of digits.
        var digits = dev.kerascope.testing.SyntheticDigits.make(N, 3);
        float[] x = new float[N * 784];
        for (int i = 0; i < x.length; i++) {
            x[i] = (digits.pixels()[i] & 0xff) / 255f;
        }
        assertEquals(11, assertEveryLayerEqualsPlainJava(shipped.resolve("saved_model"), arch, x));
    }

    @Test
    void paddedMnistWithExplicitPaddingLayerByLayer() {
        Architecture arch = Architectures.builtIn("padded-mnist");
        assertEquals(7, assertEveryLayerEqualsPlainJava(export(arch, 11), arch, input(arch, 5)));
    }

    @Test
    void sameStrideTwoOnOddInputSizesLayerByLayer() {
        Architecture arch = OddSizes.architecture();
        assertEquals(8, assertEveryLayerEqualsPlainJava(export(arch, 12), arch, input(arch, 6)));
    }
}
