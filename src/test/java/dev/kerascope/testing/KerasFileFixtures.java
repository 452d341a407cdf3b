package dev.kerascope.testing;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes small Keras files the way Keras lays them out (jHDF's writer for the HDF5 part), so tests can make any layer,
 * any malformed variant, without Python.
 */
public final class KerasFileFixtures {
    private KerasFileFixtures() {}

    /** A weight: values row-major and the shape. */
    public record Weight(float[] values, int... shape) {}

    /**
     * A Keras 3 {@code .keras}: config.json, metadata.json and model.weights.h5 whose datasets are given by path
     * ({@code layers/dense/vars/0}).
     */
    public static Path keras3(Path dir, String name, String config, Map<String, Weight> vars) throws IOException {
        return keras3(dir, name, config, vars, ZipEntry.DEFLATED);
    }

    /** As {@link #keras3(Path, String, String, Map)}, its members {@code STORED} (as Keras 3 writes them) or not. */
    public static Path keras3(Path dir, String name, String config, Map<String, Weight> vars, int method)
            throws IOException {
        Path h5 = dir.resolve(name + ".weights.h5");
        try (WritableHdfFile f = HdfFile.write(h5)) {
            for (Map.Entry<String, Weight> e : vars.entrySet()) {
                String[] parts = e.getKey().split("/");
                WritableGroup g = f;
                for (int i = 0; i < parts.length - 1; i++) {
                    g = g.getChild(parts[i]) instanceof WritableGroup w ? w : g.putGroup(parts[i]);
                }
                g.putDataset(parts[parts.length - 1], nested(e.getValue()));
            }
        }
        Path out = dir.resolve(name + ".keras");
        zip(
                out,
                method,
                Map.of(
                        "config.json",
                        config.getBytes(StandardCharsets.UTF_8),
                        "metadata.json",
                        "{\"keras_version\": \"3.9.2\"}".getBytes(StandardCharsets.UTF_8),
                        "model.weights.h5",
                        Files.readAllBytes(h5)));
        Files.delete(h5);
        return out;
    }

    /** A tf.keras 2 {@code .h5}: model_config, keras_version, model_weights/<layer>/<layer>/<weight>:0. */
    public static Path keras2(Path dir, String name, String config, Map<String, Map<String, Weight>> layers)
            throws IOException {
        Path out = dir.resolve(name + ".h5");
        try (WritableHdfFile f = HdfFile.write(out)) {
            f.putAttribute("model_config", config);
            f.putAttribute("keras_version", "2.15.0");
            f.putAttribute("backend", "tensorflow");
            WritableGroup mw = f.putGroup("model_weights");
            // jHDF 0.9.1 writes empty groups and empty string arrays unreadably: weightless layers are left out
            List<String> withWeights = layers.entrySet().stream()
                    .filter(e -> !e.getValue().isEmpty())
                    .map(Map.Entry::getKey)
                    .toList();
            if (!withWeights.isEmpty()) {
                mw.putAttribute("layer_names", withWeights.toArray(new String[0]));
            }
            for (String layer : withWeights) {
                WritableGroup lg = mw.putGroup(layer);
                List<String> names = new ArrayList<>();
                WritableGroup inner = lg.putGroup(layer);
                for (Map.Entry<String, Weight> w : layers.get(layer).entrySet()) {
                    inner.putDataset(w.getKey() + ":0", nested(w.getValue()));
                    names.add(layer + "/" + w.getKey() + ":0");
                }
                lg.putAttribute("weight_names", names.toArray(new String[0]));
            }
        }
        return out;
    }

    public static void zip(Path out, Map<String, byte[]> entries) throws IOException {
        zip(out, ZipEntry.DEFLATED, entries);
    }

    /** A zip of {@code entries}, each {@code ZipEntry.STORED} (size and CRC-32 written before it) or DEFLATED. */
    public static void zip(Path out, int method, Map<String, byte[]> entries) throws IOException {
        try (OutputStream os = Files.newOutputStream(out);
                ZipOutputStream z = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey());
                entry.setMethod(method);
                if (method == ZipEntry.STORED) {
                    CRC32 crc = new CRC32();
                    crc.update(e.getValue());
                    entry.setSize(e.getValue().length);
                    entry.setCompressedSize(e.getValue().length);
                    entry.setCrc(crc.getValue());
                }
                z.putNextEntry(entry);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    /** A float[] with a shape as the nested Java array jHDF writes. */
    static Object nested(Weight a) {
        if (a.shape().length == 0) {
            return a.values()[0];
        }
        Object arr = Array.newInstance(float.class, a.shape());
        fill(arr, a.values(), new int[] {0});
        return arr;
    }

    private static void fill(Object arr, float[] values, int[] pos) {
        if (arr instanceof float[] f) {
            for (int i = 0; i < f.length; i++) {
                f[i] = values[pos[0]++];
            }
            return;
        }
        for (int i = 0; i < Array.getLength(arr); i++) {
            fill(Array.get(arr, i), values, pos);
        }
    }

    /** Deterministic values in [-1, 1). */
    public static float[] values(int n, long seed) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat() * 2 - 1;
        }
        return v;
    }
}
