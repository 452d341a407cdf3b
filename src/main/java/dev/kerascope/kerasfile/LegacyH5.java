package dev.kerascope.kerasfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.io.BadInputException;
import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keras 1/2's HDF5 model file ({@code model.save("m.h5")}, tf-keras's {@code hdf5_format}): the config as the root's
 * {@code model_config} attribute (JSON), the Keras version as {@code keras_version}, and the weights in
 * {@code model_weights} (the root itself for a file from {@code save_weights}): a group per layer, listed by
 * {@code layer_names}, whose {@code weight_names} attribute gives its datasets in order ({@code conv2d/kernel:0}).
 */
final class LegacyH5 {
    private LegacyH5() {}

    static KerasFile read(Path file) {
        try (HdfFile h5 = Hdf5.open(file)) {
            return read(h5, file);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // jHDF signals a damaged file with unchecked exceptions of many kinds
            throw BadInputException.inFile(file, "is a damaged HDF5 file (" + e.getMessage() + ")");
        }
    }

    private static KerasFile read(HdfFile h5, Path file) {
        String config = Hdf5.string(h5, "model_config");
        if (config == null) {
            throw BadInputException.inFile(
                    file,
                    "is HDF5 without a model_config attribute: a weights-only file (save_weights), " + "not a model");
        }
        JsonNode model;
        try {
            model = new ObjectMapper().readTree(config);
        } catch (IOException e) {
            throw BadInputException.inFile(file, "has a model_config that is not JSON (" + e.getMessage() + ")");
        }
        model = listSequential(model);
        Group weights = h5.getChildren().containsKey("model_weights") && h5.getChild("model_weights") instanceof Group g
                ? g
                : h5;
        String version = Hdf5.string(h5, "keras_version");
        if (version == null) {
            version = Hdf5.string(weights, "keras_version");
        }
        return new KerasFile(file, KerasFile.Format.LEGACY_H5, version, model, layerWeights(weights, file));
    }

    /**
     * Keras 2.0 and 2.1 wrote a Sequential's config as the bare list of its layers; later versions as {@code {"name",
     * "layers"}}, which is what the rest of kerascope reads.
     */
    static JsonNode listSequential(JsonNode model) {
        if (!model.path("config").isArray() || !(model instanceof ObjectNode root)) {
            return model;
        }
        ObjectNode config = root.objectNode();
        config.put("name", "sequential");
        config.set("layers", model.get("config"));
        ObjectNode out = root.deepCopy();
        out.set("config", config);
        return out;
    }

    /** Every layer group listed in {@code layer_names}, with its datasets in {@code weight_names} order. */
    private static Map<String, List<WeightArray>> layerWeights(Group weights, Path file) {
        Map<String, List<WeightArray>> out = new LinkedHashMap<>();
        for (String layer : Hdf5.strings(weights, "layer_names")) {
            Node g = Hdf5.child(weights, layer);
            if (!(g instanceof Group group)) {
                throw BadInputException.inFile(
                        file, "lists layer " + layer + " in layer_names but has no group " + weights.getPath() + layer);
            }
            List<WeightArray> arrays = new ArrayList<>();
            for (String w : Hdf5.strings(group, "weight_names")) {
                Node d = Hdf5.child(group, w);
                if (!(d instanceof Dataset ds)) {
                    throw BadInputException.inFile(
                            file, "layer " + layer + " lists weight " + w + " but the file has no such dataset");
                }
                arrays.add(Hdf5.floats(ds, w, file));
            }
            out.put(layer, arrays);
        }
        return out;
    }
}
