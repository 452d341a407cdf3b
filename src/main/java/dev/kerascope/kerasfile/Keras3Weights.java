package dev.kerascope.kerasfile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.io.BadInputException;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keras 3's {@code model.weights.h5}: each layer's variables under the path Keras's saver tracks (saving_lib's
 * {@code _save_container_state}), not under the layer's name. A model's layers sit at {@code layers/<snake_case class
 * name>}, the second layer of a class at {@code ..._1}, the third at {@code ..._2}, in layer order; a Sequential's
 * InputLayer is not among its layers; a nested model's layers below its own path. A layer's variables are
 * {@code vars/0, 1, ...}, in creation order (trainable first).
 */
final class Keras3Weights {
    private Keras3Weights() {}

    /** Each layer's arrays, unnamed ("0", "1"...), by layer name; a nested model's layers as {@code outer/inner}. */
    static Map<String, List<WeightArray>> read(Group root, JsonNode model, Path file) {
        Map<String, List<WeightArray>> out = new LinkedHashMap<>();
        paths(model, "", "").forEach((layer, path) -> {
            List<WeightArray> arrays = new ArrayList<>();
            collect(root, path, "", arrays, file);
            out.put(layer, arrays);
        });
        return out;
    }

    /** The saver's path of each layer of a model config by layer name, the layers of nested models included. */
    static Map<String, String> paths(JsonNode model, String pathPrefix, String namePrefix) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Integer> used = new HashMap<>();
        boolean sequential = "Sequential".equals(model.path("class_name").asText());
        for (JsonNode l : model.path("config").path("layers")) {
            String cls = l.path("class_name").asText();
            if (sequential && cls.equals("InputLayer")) {
                continue;
            }
            String snake = snakeCase(cls);
            int n = used.merge(snake, 1, Integer::sum) - 1;
            String path = pathPrefix + "layers/" + (n == 0 ? snake : snake + "_" + n);
            String name = namePrefix
                    + l.path("config").path("name").asText(l.path("name").asText());
            if (l.path("config").path("layers").isArray()) {
                out.putAll(paths(l, path + "/", name + "/"));
            } else {
                out.put(name, path);
            }
        }
        return out;
    }

    /** Keras's naming.to_snake_case: Conv2D → conv2d, MaxPooling2D → max_pooling2d, ReLU → re_lu. */
    static String snakeCase(String name) {
        String s = name.replaceAll("\\W+", "");
        s = s.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        s = s.replaceAll("([a-z])([A-Z])", "$1_$2");
        return s.toLowerCase(Locale.ROOT);
    }

    /** The variables at {@code path/vars}, then those of the layers nested below it, in order. */
    private static void collect(Group root, String path, String names, List<WeightArray> into, Path file) {
        Group vars = Hdf5.group(root, path + "/vars");
        if (vars != null) {
            TreeMap<Integer, Dataset> byIndex = new TreeMap<>();
            for (Map.Entry<String, Node> e : vars.getChildren().entrySet()) {
                if (!e.getKey().matches("\\d{1,6}") || !(e.getValue() instanceof Dataset d)) {
                    throw BadInputException.inFile(
                            file, "model.weights.h5 has " + vars.getPath() + e.getKey() + ", not a numbered variable");
                }
                byIndex.put(Integer.parseInt(e.getKey()), d);
            }
            byIndex.forEach((i, d) -> into.add(Hdf5.floats(d, names + i, file)));
        }
        Group layers = Hdf5.group(root, path + "/layers");
        if (layers != null) {
            for (String child : layers.getChildren().keySet()) {
                collect(root, path + "/layers/" + child, names + child + "/", into, file);
            }
        }
    }
}
