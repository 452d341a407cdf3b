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
import org.tensorflow.proto.SavedModel;

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
}
