package dev.kerascope.savedmodel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import dev.kerascope.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;

/**
 * The Keras objects of a SavedModel, by object-graph node id. Keras 2 from TF 2.5 on writes them to
 * {@code keras_metadata.pb} (Keras's {@code SavedMetadata}: repeated SavedObject nodes = 1, with node_id = 2, node_path
 * = 3, identifier = 4, metadata = 5); TF 2.0–2.4 kept the same JSON in the object graph's user objects.
 * {@code keras_metadata.pb} is read with protobuf's wire-format reader because its five fields do not justify
 * generating code from Keras's .proto.
 */
final class KerasMetadata {
    /**
     * Keras's deepest configs (nested models, inbound-node tensors) nest a few dozen levels; the readers walk them
     * recursively, so deeper JSON is refused by the parser, before any recursion.
     */
    static final int MAX_DEPTH = 256;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            .build());

    private KerasMetadata() {}

    /** The file a SavedModel's Keras objects are read from: keras_metadata.pb, else saved_model.pb. */
    public static Path source(Path dir) {
        Path file = dir.resolve("keras_metadata.pb");
        return Files.isRegularFile(file) ? file : dir.resolve("saved_model.pb");
    }

    public static Map<Integer, KerasObject> read(Path dir, SavedObjectGraph graph) {
        Path file = dir.resolve("keras_metadata.pb");
        if (Files.isRegularFile(file)) {
            Map<Integer, KerasObject> objects = fromMetadataFile(file);
            for (int id : objects.keySet()) {
                if (id < 0 || id >= graph.getNodesCount()) {
                    throw BadInputException.inFile(
                            file,
                            "describes object " + id + ", but saved_model.pb's object graph has "
                                    + graph.getNodesCount() + " nodes");
                }
            }
            return objects;
        }
        Map<Integer, KerasObject> out = new LinkedHashMap<>();
        for (int i = 0; i < graph.getNodesCount(); i++) {
            SavedObject node = graph.getNodes(i);
            if (node.hasUserObject()
                    && node.getUserObject().getIdentifier().startsWith("_tf_keras")
                    && !node.getUserObject().getMetadata().isEmpty()) {
                out.put(
                        i,
                        new KerasObject(
                                i,
                                null,
                                node.getUserObject().getIdentifier(),
                                json(node.getUserObject().getMetadata(), dir.resolve("saved_model.pb"))));
            }
        }
        return out;
    }

    static Map<Integer, KerasObject> fromMetadataFile(Path file) {
        Map<Integer, KerasObject> out = new LinkedHashMap<>();
        try {
            CodedInputStream in = CodedInputStream.newInstance(Files.readAllBytes(file));
            for (int tag; (tag = in.readTag()) != 0; ) {
                if (WireFormat.getTagFieldNumber(tag) == 1
                        && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                    KerasObject o = savedObject(CodedInputStream.newInstance(in.readByteArray()), file);
                    out.put(o.nodeId(), o);
                } else {
                    in.skipField(tag);
                }
            }
        } catch (IOException e) {
            throw BadInputException.inFile(file, "not a Keras metadata protobuf (" + e.getMessage() + ")");
        }
        return out;
    }

    private static KerasObject savedObject(CodedInputStream in, Path file) throws IOException {
        int nodeId = 0;
        String path = null;
        String identifier = null;
        String metadata = "{}";
        for (int tag; (tag = in.readTag()) != 0; ) {
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 2 -> nodeId = in.readInt32();
                case 3 -> path = in.readString();
                case 4 -> identifier = in.readString();
                case 5 -> metadata = in.readString();
                default -> in.skipField(tag);
            }
        }
        return new KerasObject(nodeId, path, identifier, json(metadata, file));
    }

    private static JsonNode json(String text, Path file) {
        try {
            return MAPPER.readTree(text);
        } catch (StreamConstraintsException e) {
            throw BadInputException.inFile(file, "holds Keras metadata JSON nested over " + MAX_DEPTH + " levels deep");
        } catch (JsonProcessingException e) {
            throw BadInputException.inFile(
                    file, "holds Keras metadata that is not JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
