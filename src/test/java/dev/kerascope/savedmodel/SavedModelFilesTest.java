package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.TextFormat;
import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.SharedData;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

class SavedModelFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFolderWithoutSavedModelPbIsRefused() {
        BadInputException e = assertThrows(BadInputException.class, () -> SavedModelFiles.read(dir));
        assertTrue(
                e.getMessage().startsWith(dir.toString()) && e.getMessage().contains("not a SavedModel"),
                e.getMessage());
    }

    @Test
    void randomBytesAndTruncatedFilesAreRefused() throws Exception {
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        Files.write(dir.resolve("saved_model.pb"), noise);
        BadInputException e = assertThrows(BadInputException.class, () -> SavedModelFiles.read(dir));
        assertTrue(e.getMessage().contains("saved_model.pb"), e.getMessage());
        Path real =
                SharedData.require(SharedData.root().resolve("savedmodels/keras2_tf29_mnist_cnn_bn/saved_model.pb"));
        byte[] bytes = Files.readAllBytes(real);
        Files.write(dir.resolve("saved_model.pb"), Arrays.copyOf(bytes, bytes.length / 2));
        assertThrows(BadInputException.class, () -> SavedModelFiles.read(dir));
    }

    @Test
    void theTextFormatIsReadToo() throws Exception {
        Path real = SharedData.require(SharedData.root().resolve("savedmodels/tf1_tf114_half_plus_two/saved_model.pb"));
        SavedModel binary = SavedModel.parseFrom(Files.readAllBytes(real));
        Files.writeString(dir.resolve("saved_model.pbtxt"), TextFormat.printer().printToString(binary));
        assertEquals(binary, SavedModelFiles.read(dir));
    }

    @Test
    void aFileOver2GiBIsRefusedBeforeItIsRead() throws Exception {
        try (RandomAccessFile f =
                new RandomAccessFile(dir.resolve("saved_model.pb").toFile(), "rw")) {
            f.setLength((1L << 31) + 10); // sparse: no disk space used
        }
        BadInputException e = assertThrows(BadInputException.class, () -> SavedModelFiles.read(dir));
        assertTrue(e.getMessage().contains("2 GiB"), e.getMessage());
    }

    @Test
    void emptyAndUnparsableFilesAreRefusedByName() throws Exception {
        Files.write(dir.resolve("saved_model.pb"), new byte[0]);
        BadInputException pb = assertThrows(BadInputException.class, () -> SavedModelFiles.read(dir));
        assertTrue(pb.getMessage().contains("saved_model.pb") && pb.getMessage().contains("is empty"), pb.getMessage());
        Files.delete(dir.resolve("saved_model.pb"));
        Files.write(dir.resolve("saved_model.pbtxt"), new byte[0]);
        BadInputException txt = assertThrows(BadInputException.class, () -> SavedModelFiles.read(dir));
        assertTrue(txt.getMessage().contains("saved_model.pbtxt"), txt.getMessage());
        assertTrue(txt.getMessage().contains("is empty"), txt.getMessage());
        Files.writeString(dir.resolve("saved_model.pbtxt"), "meta_graphs { no_such_field: 1 }");
        BadInputException bad = assertThrows(BadInputException.class, () -> SavedModelFiles.read(dir));
        assertTrue(bad.getMessage().contains("protobuf text format"), bad.getMessage());
        assertThrows(BadInputException.class, () -> SavedModelFiles.read(dir.resolve("absent")));
    }

    @Test
    void aRunFolderNamesTheSavedModelInside() throws Exception {
        Path inner = Files.createDirectories(dir.resolve("saved_model"));
        SavedModel model = SavedModel.newBuilder().setSavedModelSchemaVersion(1).build();
        Files.write(inner.resolve("saved_model.pb"), model.toByteArray());
        assertEquals(inner, SavedModelFiles.locate(dir));
        assertEquals(model, SavedModelFiles.read(dir));
        Files.writeString(dir.resolve("saved_model.pbtxt"), "saved_model_schema_version: 2");
        assertTrue(SavedModelFiles.looksLikeSavedModel(dir), "the text form alone is a SavedModel");
        assertEquals(dir, SavedModelFiles.locate(dir), "a folder that is a SavedModel names itself");
        assertEquals(2, SavedModelFiles.read(dir).getSavedModelSchemaVersion());
    }

    @Test
    void objectGraphChildrenMustNameExistingNodes() {
        for (int child : new int[] {0, 1}) {
            SavedModel ok = twoNodesWithChild(child);
            assertEquals(ok, SavedModelFiles.checked(ok, dir), "node " + child + " exists");
        }
        for (int child : new int[] {-1, 2}) {
            BadInputException e =
                    assertThrows(BadInputException.class, () -> SavedModelFiles.checked(twoNodesWithChild(child), dir));
            assertTrue(
                    e.getMessage().contains("object graph node 1 refers to node " + child + ", but the graph has 2"),
                    e.getMessage());
        }
    }

    private static SavedModel twoNodesWithChild(int child) {
        SavedObjectGraph.Builder g = SavedObjectGraph.newBuilder()
                .addNodes(SavedObject.newBuilder())
                .addNodes(SavedObject.newBuilder()
                        .addChildren(
                                ObjectReference.newBuilder().setLocalName("c").setNodeId(child)));
        return SavedModel.newBuilder()
                .addMetaGraphs(MetaGraphDef.newBuilder().setObjectGraphDef(g))
                .build();
    }
}
