package dev.kerascope.kerasfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.savedmodel.ConfigSummaries;
import dev.kerascope.summary.ModelSummary;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The summary of a Keras file as the Keras that saved it prints it: layers and shapes from its config, parameters from
 * its own weight arrays (trainable as Keras marks them), and the Keras version, which picks the layout (tf.keras 2's
 * for {@code .h5} from Keras 1/2, Keras 3's else).
 */
public final class KerasFileSummary {
    private KerasFileSummary() {}

    public static ModelSummary of(KerasFile file) {
        Map<String, long[]> params = new LinkedHashMap<>();
        file.weights().forEach((layer, arrays) -> params.put(layer, counts(arrays)));
        String version = file.kerasVersion();
        if (version == null) {
            // a .keras zip without metadata.json is still Keras 3's; an .h5 without a version, Keras 2's
            version = file.format() == KerasFile.Format.KERAS_ZIP ? "3" : "2";
        }
        return ConfigSummaries.of(withBuiltInput(file.model()), byTopLevel(params), 4, version, file.source());
    }

    /**
     * A Keras 3 Sequential built with {@code model.build(shape)} has no InputLayer in its config, only the model's
     * {@code build_config}; an InputLayer made from it gives the rows their shapes.
     */
    static JsonNode withBuiltInput(JsonNode model) {
        JsonNode layers = model.path("config").path("layers");
        JsonNode first = layers.path(0);
        JsonNode built = model.path("build_config").path("input_shape");
        if (!"Sequential".equals(model.path("class_name").asText())
                || !built.isArray()
                || !layers.isArray()
                || first.path("class_name").asText().equals("InputLayer")
                || first.path("config").has("batch_input_shape")
                || first.path("config").has("batch_shape")) {
            return model;
        }
        ObjectNode copy = model.deepCopy();
        ArrayNode list = (ArrayNode) copy.with("config").get("layers");
        ObjectNode input = list.insertObject(0);
        input.put("class_name", "InputLayer");
        input.putObject("config").put("name", "input_layer").set("batch_shape", built);
        return copy;
    }

    /** A SavedModel converted from a Keras file: the config, version and parameter counts its sidecar records. */
    public static ModelSummary ofConverted(JsonNode sidecar, Path file) {
        Map<String, long[]> params = new LinkedHashMap<>();
        for (JsonNode l : sidecar.path("layers")) {
            params.put(l.path("name").asText(), new long[] {
                l.path("params").path(0).asLong(), l.path("params").path(1).asLong()
            });
        }
        String version = sidecar.path("keras_version")
                .asText(sidecar.path("keras_format").asText().equals("keras") ? "3" : "2");
        return ConfigSummaries.of(withBuiltInput(sidecar.path("keras_model")), byTopLevel(params), 4, version, file);
    }

    /**
     * A nested model is one row, as Keras prints it: its layers' ({@code outer/inner}) counts summed under
     * {@code outer}.
     */
    static Map<String, long[]> byTopLevel(Map<String, long[]> params) {
        Map<String, long[]> out = new LinkedHashMap<>();
        params.forEach((path, p) -> {
            long[] sum = out.computeIfAbsent(path.split("/", 2)[0], k -> new long[2]);
            sum[0] += p[0];
            sum[1] += p[1];
        });
        return out;
    }

    private static long[] counts(List<WeightArray> arrays) {
        long[] p = new long[2];
        arrays.forEach(a -> p[a.trainable() ? 0 : 1] += a.size());
        return p;
    }
}
