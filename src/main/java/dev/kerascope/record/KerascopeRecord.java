package dev.kerascope.record;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.ArchitectureJson;
import dev.kerascope.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * kerascope's record of a SavedModel it wrote ({@code assets.extra/kerascope.json}; TensorFlow ignores that folder):
 * for a model kerascope trained, the architecture; for a converted Keras file ({@code convert}), the Keras config and
 * its layers as {@code converted} (written by layers.KerasConverter); for both, the graph tensor holding each layer's
 * output, the input preprocessing {@code (x * scale - mean) / std} with a note, and the data set. The one place that
 * reads and checks it: the walker, the summary and the input rules all go through here.
 */
public record KerascopeRecord(
        Architecture architecture,
        JsonNode converted,
        Map<String, String> layerOutputs,
        double scale,
        double mean,
        double std,
        String note,
        String dataset) {
    public static final String FILE = "assets.extra/kerascope.json";
    static final String FORMAT = "kerascope-savedmodel-1";
    /** Files larger than this are not a record kerascope wrote. */
    static final long MAX_BYTES = 16L << 20;

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public KerascopeRecord {
        layerOutputs = Map.copyOf(layerOutputs);
    }

    /** The node that holds a layer's output in kerascope's graphs: {@code conv1/output}. */
    public static String outputNode(String layer) {
        return layer + "/output";
    }

    /** A record for an architecture whose layer outputs have kerascope's standard names. */
    public static KerascopeRecord of(Architecture arch, double scale, double mean, double std, String dataset) {
        Map<String, String> outputs = new LinkedHashMap<>();
        arch.layers().forEach(l -> outputs.put(l.name(), outputNode(l.name()) + ":0"));
        return new KerascopeRecord(arch, null, outputs, scale, mean, std, "", dataset);
    }

    /** A converted Keras file's record: its layers come from {@link #converted()}, not an architecture. */
    public boolean isConverted() {
        return converted != null;
    }

    public static boolean isPresent(Path savedModel) {
        return Files.isRegularFile(savedModel.resolve(FILE));
    }

    /**
     * The record of a SavedModel folder, if it has one; a record that is there but broken is refused naming the file.
     */
    public static Optional<KerascopeRecord> read(Path savedModel) {
        Path file = savedModel.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw BadInputException.inFile(file, "is over " + (MAX_BYTES >> 20) + " MB: not a kerascope record");
            }
            JsonNode root = MAPPER.readTree(file.toFile());
            if (root != null
                    && root.isObject()
                    && root.path("keras_model").isObject()
                    && root.path("layers").isArray()) {
                return Optional.of(converted(root, file));
            }
            if (root == null || !root.isObject() || !root.path("architecture").isObject()) {
                throw BadInputException.inFile(file, "is not a kerascope record (no architecture)");
            }
            Architecture arch = ArchitectureJson.parse(root.get("architecture").toString(), file.toString());
            Map<String, String> outputs = new LinkedHashMap<>();
            for (var l : arch.layers()) {
                JsonNode t = root.path("layer_outputs").path(l.name());
                outputs.put(l.name(), t.isTextual() ? t.asText() : outputNode(l.name()) + ":0");
            }
            JsonNode p = root.path("preprocessing");
            double scale = number(p, "scale", 1 / 255.0, file);
            double mean = number(p, "mean", 0, file);
            double std = number(p, "std", 1, file);
            if (!(std > 0) || !(scale > 0)) {
                throw BadInputException.inFile(
                        file,
                        "records a preprocessing with scale " + scale + " and std " + std + "; both must be above 0");
            }
            return Optional.of(new KerascopeRecord(
                    arch,
                    null,
                    outputs,
                    scale,
                    mean,
                    std,
                    root.path("preprocessing").path("note").asText(""),
                    root.path("dataset").asText("")));
        } catch (JsonProcessingException e) {
            throw BadInputException.inFile(file, "is not valid JSON (" + e.getOriginalMessage() + ")");
        } catch (IOException e) {
            throw BadInputException.inFile(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static KerascopeRecord converted(JsonNode root, Path file) {
        Map<String, String> outputs = new LinkedHashMap<>();
        for (JsonNode l : root.path("layers")) {
            if (!l.path("name").isTextual() || !l.path("output").isTextual()) {
                throw BadInputException.inFile(file, "lists a layer without a name or an output tensor");
            }
            outputs.put(l.path("name").asText(), l.path("output").asText());
        }
        JsonNode p = root.path("preprocessing");
        double scale = number(p, "scale", 1, file);
        double std = number(p, "std", 1, file);
        if (!(std > 0) || !(scale > 0)) {
            throw BadInputException.inFile(
                    file, "records a preprocessing with scale " + scale + " and std " + std + "; both must be above 0");
        }
        return new KerascopeRecord(
                null,
                root,
                outputs,
                scale,
                number(p, "mean", 0, file),
                std,
                p.path("note").asText(""),
                root.path("dataset").asText(""));
    }

    private static double number(JsonNode p, String key, double fallback, Path file) {
        JsonNode v = p.path(key);
        if (v.isMissingNode()) {
            return fallback;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw BadInputException.inFile(file, "preprocessing." + key + " is not a number");
        }
        return v.asDouble();
    }

    /** The record of a model kerascope trained, as written into its export. */
    public String toJson() {
        if (architecture == null) {
            throw new IllegalStateException("a converted file's record is written by its converter");
        }
        try {
            ObjectNode root = MAPPER.createObjectNode();
            root.put("format", FORMAT);
            root.set("architecture", MAPPER.readTree(ArchitectureJson.write(architecture)));
            ObjectNode nodes = root.putObject("layer_outputs");
            layerOutputs.forEach(nodes::put);
            root.putObject("preprocessing")
                    .put("scale", scale)
                    .put("mean", mean)
                    .put("std", std);
            root.put("dataset", dataset);
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an architecture kerascope wrote must read back", e);
        }
    }
}
