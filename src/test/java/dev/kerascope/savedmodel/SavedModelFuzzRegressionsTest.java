package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * SavedModels the fuzz tests broke the readers with, rebuilt with protobuf builders: each is refused naming the file.
 */
class SavedModelFuzzRegressionsTest {
    @TempDir
    Path dir;

    private String refused(Path model) {
        return assertThrows(BadInputException.class, () -> SavedModelSummaries.summarize(model, Set.of("serve")))
                .getMessage();
    }

    /** The synthetic Keras 2 model with one object-graph child re-pointed. */
    private Path withChild(String name, int nodeId) throws IOException {
        Path model = SavedModelFuzzSeeds.write(dir.resolve("m"), true);
        Path pb = model.resolve("saved_model.pb");
        SavedModel.Builder b = SavedModel.parseFrom(Files.readAllBytes(pb)).toBuilder();
        b.getMetaGraphsBuilder(0)
                .getObjectGraphDefBuilder()
                .getNodesBuilder(0)
                .addChildren(ObjectReference.newBuilder().setLocalName(name).setNodeId(nodeId));
        Files.write(pb, b.build().toByteArray());
        return model;
    }

    @Test
    void anObjectGraphChildPastTheLastNodeIsRefused() throws IOException {
        // Found by SavedModelFilesFuzzTest: KerasModelSummarizer followed it (IndexOutOfBoundsException).
        Path model = withChild("variables", 99);
        int n = SavedModel.parseFrom(Files.readAllBytes(model.resolve("saved_model.pb")))
                .getMetaGraphs(0)
                .getObjectGraphDef()
                .getNodesCount();
        assertEquals(
                model.resolve("saved_model.pb") + ": object graph node 0 refers to node 99, but the graph has " + n
                        + " nodes",
                refused(model));
    }

    @Test
    void aLayerIndexBeyondAnIntIsNotALayer() throws IOException {
        Path model = withChild("layer-99999999999999999999", 1);
        assertEquals(
                3, SavedModelSummaries.summarize(model, Set.of("serve")).rows().size());
    }

    @Test
    void kerasMetadataAboutANodeTheGraphLacksIsRefused() throws IOException {
        SyntheticSavedModel m = new SyntheticSavedModel();
        m.object("_tf_keras_sequential", "root", SavedModelFuzzSeeds.ROOT);
        Path model = m.write(dir.resolve("k"), true);
        byte[] meta = Files.readAllBytes(model.resolve("keras_metadata.pb"));
        // Node id 0 becomes 7 (field 2, varint): the one node keras_metadata.pb describes is past the graph's end.
        for (int i = 0; i + 1 < meta.length; i++) {
            if (meta[i] == 0x10 && meta[i + 1] == 0) {
                meta[i + 1] = 7;
                break;
            }
        }
        Files.write(model.resolve("keras_metadata.pb"), meta);
        String m2 = refused(model);
        assertTrue(m2.startsWith(model.resolve("keras_metadata.pb") + ": describes object 7"), m2);
    }

    @Test
    void theFuzzersSavedModelWithAChildPastTheEndIsRefused() throws IOException {
        // The input SavedModelFilesFuzzTest found, as it found it (src/test/resources/fuzz-regressions/).
        Path model = Files.createDirectories(dir.resolve("crash"));
        try (InputStream in = getClass().getResourceAsStream("/fuzz-regressions/saved_model-child-past-end.pb")) {
            Files.write(model.resolve("saved_model.pb"), in.readAllBytes());
        }
        String m = refused(model);
        assertTrue(
                m.startsWith(model.resolve("saved_model.pb") + ": object graph node ")
                        && m.contains(", but the graph has "),
                m);
    }
}
