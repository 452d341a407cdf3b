package dev.kerascope.kerasfile;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Keras model file read into memory: the model config ({@code {"class_name", "config"}}), the Keras version that
 * saved it, and each layer's weights by layer name (the layers of a nested model as {@code outer/inner}), checked
 * against the shapes the config implies.
 */
public record KerasFile(
        Path source, Format format, String kerasVersion, JsonNode model, Map<String, List<WeightArray>> weights) {
    /** Keras 3's {@code .keras} zip or Keras 1/2's HDF5 {@code model.save("m.h5")}. */
    public enum Format {
        KERAS_ZIP,
        LEGACY_H5
    }

    public KerasFile {
        weights = Map.copyOf(weights);
    }

    /** A layer's weights (empty for weightless layers). */
    public List<WeightArray> weightsOf(String layer) {
        return weights.getOrDefault(layer, List.of());
    }

    /** The weight of a layer by its Keras name ({@code kernel}, {@code moving_mean}...), or null. */
    public WeightArray weight(String layer, String name) {
        return weightsOf(layer).stream()
                .filter(w -> w.name().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** {trainable, non-trainable} parameter counts over every layer. */
    public long[] totals() {
        long[] t = new long[2];
        weights.values().forEach(ws -> ws.forEach(w -> t[w.trainable() ? 0 : 1] += w.size()));
        return t;
    }
}
