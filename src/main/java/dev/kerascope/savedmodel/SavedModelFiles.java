package dev.kerascope.savedmodel;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.TextFormat;
import dev.kerascope.io.BadInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * Reads {@code saved_model.pb} (or the text form {@code saved_model.pbtxt}) with protobuf alone: TensorFlow's native
 * library is never loaded. Sizes are checked before anything is read.
 */
public final class SavedModelFiles {
    /** Protobuf messages cannot exceed 2 GiB; a larger file is refused before it is read. */
    static final long MAX_PROTO_BYTES = (1L << 31) - 1;

    /**
     * The files of a SavedModel's folder that name it when given instead of the folder (a .keras beside them does not).
     */
    private static final Set<String> OWN_FILES =
            Set.of("saved_model.pb", "saved_model.pbtxt", "keras_metadata.pb", "fingerprint.pb");

    private SavedModelFiles() {}

    public static boolean looksLikeSavedModel(Path dir) {
        return Files.isRegularFile(dir.resolve("saved_model.pb"))
                || Files.isRegularFile(dir.resolve("saved_model.pbtxt"));
    }

    /**
     * The SavedModel a path names: the folder itself, the {@code saved_model/} inside a kerascope run folder (what
     * {@code train} writes), so a run folder can be given wherever a model is, or the folder of a file inside a
     * SavedModel ({@code saved_model.pb}, {@code keras_metadata.pb}): what a user who names that file means.
     */
    public static Path locate(Path dir) {
        Path parent = dir.toAbsolutePath().getParent();
        Path name = dir.getFileName();
        if (Files.isRegularFile(dir)
                && name != null
                && OWN_FILES.contains(name.toString())
                && parent != null
                && looksLikeSavedModel(parent)) {
            return dir.getParent() != null ? dir.getParent() : parent;
        }
        if (!looksLikeSavedModel(dir) && looksLikeSavedModel(dir.resolve("saved_model"))) {
            return dir.resolve("saved_model");
        }
        return dir;
    }

    public static SavedModel read(Path dir) {
        dir = locate(dir);
        if (!Files.isDirectory(dir)) {
            throw BadInputException.inFile(
                    dir, Files.exists(dir) ? "is a file, not a SavedModel folder" : "no such SavedModel folder");
        }
        Path pb = dir.resolve("saved_model.pb");
        Path pbtxt = dir.resolve("saved_model.pbtxt");
        try {
            if (Files.isRegularFile(pb)) {
                checkSize(pb);
                try {
                    return checked(SavedModel.parseFrom(Files.readAllBytes(pb)), pb);
                } catch (InvalidProtocolBufferException e) {
                    throw BadInputException.inFile(
                            pb, "not a SavedModel protobuf (truncated or corrupt: " + e.getMessage() + ")");
                }
            }
            if (Files.isRegularFile(pbtxt)) {
                checkSize(pbtxt);
                SavedModel.Builder b = SavedModel.newBuilder();
                try {
                    TextFormat.getParser().merge(Files.readString(pbtxt, StandardCharsets.UTF_8), b);
                } catch (TextFormat.ParseException e) {
                    throw BadInputException.inFile(
                            pbtxt, "not a SavedModel in protobuf text format (" + e.getMessage() + ")");
                }
                return checked(b.build(), pbtxt);
            }
        } catch (IOException e) {
            throw BadInputException.inFile(dir, "cannot read (" + e.getMessage() + ")");
        }
        throw BadInputException.inFile(
                dir, "is a folder without saved_model.pb or saved_model.pbtxt: not a SavedModel");
    }

    /**
     * Protobuf checks the encoding, not the references inside: every object-graph child must name a node that exists,
     * so that readers may follow them without bounds checks of their own.
     */
    static SavedModel checked(SavedModel model, Path file) {
        for (MetaGraphDef meta : model.getMetaGraphsList()) {
            SavedObjectGraph graph = meta.getObjectGraphDef();
            int n = graph.getNodesCount();
            for (int i = 0; i < n; i++) {
                for (ObjectReference c : graph.getNodes(i).getChildrenList()) {
                    if (c.getNodeId() < 0 || c.getNodeId() >= n) {
                        throw BadInputException.inFile(
                                file,
                                "object graph node " + i + " refers to node " + c.getNodeId() + ", but the graph has "
                                        + n + " nodes");
                    }
                }
            }
        }
        return model;
    }

    private static void checkSize(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_PROTO_BYTES) {
            throw BadInputException.inFile(
                    file, "is " + size + " bytes; a SavedModel protobuf cannot exceed 2 GiB, so this file is not one");
        }
        if (size == 0) {
            throw BadInputException.inFile(file, "is empty");
        }
    }
}
