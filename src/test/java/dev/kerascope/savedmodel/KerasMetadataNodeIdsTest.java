package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import dev.kerascope.io.BadInputException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;

/**
 * keras_metadata.pb names object-graph nodes by id (Keras's SavedMetadata: repeated nodes = 1, each with node_id = 2,
 * node_path = 3, identifier = 4, metadata = 5); an id the object graph does not have is refused, naming the file.
 */
class KerasMetadataNodeIdsTest {
    @TempDir
    Path dir;

    private void metadataFor(int nodeId) throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(file);
        ByteArrayOutputStream node = new ByteArrayOutputStream();
        CodedOutputStream n = CodedOutputStream.newInstance(node);
        n.writeInt32(2, nodeId);
        n.writeString(3, "root");
        n.writeString(4, "_tf_keras_layer");
        n.writeString(5, "{\"name\": \"x\"}");
        n.flush();
        out.writeBytes(1, ByteString.copyFrom(node.toByteArray()));
        out.flush();
        Files.write(dir.resolve("keras_metadata.pb"), file.toByteArray());
    }

    @Test
    void idsFromZeroToTheLastNodeAreReadAndTheNextOneIsRefused() throws Exception {
        SavedObjectGraph twoNodes = SavedObjectGraph.newBuilder()
                .addNodes(SavedObject.getDefaultInstance())
                .addNodes(SavedObject.getDefaultInstance())
                .build();
        for (int id : new int[] {0, 1}) {
            metadataFor(id);
            assertEquals("x", KerasMetadata.read(dir, twoNodes).get(id).name());
        }
        metadataFor(2);
        BadInputException e = assertThrows(BadInputException.class, () -> KerasMetadata.read(dir, twoNodes));
        assertTrue(
                e.getMessage().contains("keras_metadata.pb")
                        && e.getMessage().contains("describes object 2, but saved_model.pb's object graph has 2 nodes"),
                e.getMessage());
    }
}
