package dev.kerascope.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.SafeNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The report's top-activating inputs: folders that {@code top-inputs} wrote ({@code report --top-inputs DIR}) are
 * copied into the report's {@code top-inputs/} (the report stays one self-contained folder) and listed in the page's
 * data, one entry per layer, so that each conv layer can link to its channel grids.
 */
final class ReportTopInputs {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A grid's file name as {@code top-inputs} writes it: one plain name, no folder. */
    private static final String PLAIN_NAME = "[A-Za-z0-9._\\-\\[\\]]+";

    private ReportTopInputs() {}

    /**
     * Copies each folder's grids and JSON and lists them under {@code data.topInputs}.
     *
     * @param folders {@code top-inputs} output folders, each holding {@code top_inputs.json}
     * @param layers the model's layer names: a folder about another layer is refused
     * @param out the report's folder
     * @param data the page's data
     * @throws BadInputException when a folder lacks its JSON, the JSON is not {@code top-inputs}'s, or it names a layer
     *     this model does not have or a file that is not there
     */
    static void copy(List<Path> folders, List<String> layers, Path out, ObjectNode data) {
        if (folders.isEmpty()) {
            return;
        }
        ArrayNode list = data.putArray("topInputs");
        SafeNames dirs = new SafeNames();
        Set<String> seen = new HashSet<>();
        for (Path folder : folders) {
            Path json = folder.resolve("top_inputs.json");
            JsonNode root = read(json);
            String layer = root.path("layer").asText("");
            if (!layers.contains(layer)) {
                throw BadInputException.inFile(json, "is about layer '" + layer + "', which this model does not have");
            }
            if (!seen.add(layer)) {
                throw BadInputException.inFile(json, "is a second --top-inputs folder for layer '" + layer + "'");
            }
            String dirName = dirs.fileName(layer, "");
            Path dir = OutputFolder.prepare(out.resolve("top-inputs").resolve(dirName));
            String rel = "top-inputs/" + dirName + "/";
            ObjectNode entry = list.addObject()
                    .put("layer", layer)
                    .put("dataset", root.path("dataset").asText(""))
                    .put("images", root.path("images").asInt())
                    .put("count", root.path("count").asInt())
                    .put("json", rel + "top_inputs.json");
            entry.set("dead", root.path("dead_channels"));
            ArrayNode channels = entry.putArray("channels");
            for (JsonNode c : root.path("channels")) {
                String file = c.path("file").asText("");
                if (!file.matches(PLAIN_NAME) || file.startsWith(".") || !Files.isRegularFile(folder.resolve(file))) {
                    throw BadInputException.inFile(
                            json, "names a grid '" + file + "' that is not a file in its folder");
                }
                copyFile(folder.resolve(file), dir.resolve(file));
                channels.addObject()
                        .put("channel", c.path("channel").asInt())
                        .put("png", rel + file)
                        .put("max", c.path("max").asDouble());
            }
            copyFile(json, dir.resolve("top_inputs.json"));
        }
    }

    private static JsonNode read(Path json) {
        if (!Files.isRegularFile(json)) {
            throw BadInputException.inFile(json, "does not exist: --top-inputs takes a folder that top-inputs wrote");
        }
        try {
            JsonNode root = MAPPER.readTree(json.toFile());
            if (root == null || !root.isObject() || !root.path("channels").isArray() || !root.has("layer")) {
                throw BadInputException.inFile(json, "is not top-inputs's JSON (no layer and channels)");
            }
            return root;
        } catch (IOException e) {
            throw BadInputException.inFile(json, "cannot be read as JSON");
        }
    }

    private static void copyFile(Path from, Path to) {
        try {
            AtomicFiles.writeBytes(to, Files.readAllBytes(from));
        } catch (IOException e) {
            throw BadInputException.inFile(from, "cannot be read (" + e.getMessage() + ")");
        }
    }
}
