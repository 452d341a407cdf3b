package dev.kerascope.walker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code .keras} or {@code .h5} opened by the walker is converted into a temporary SavedModel; every message about it
 * names the file the user gave, never that folder.
 */
class ConvertedKerasFileTest {
    private static final String DENSE = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
            + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4], \"name\": \"in\"}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3}}]}}";

    @TempDir
    Path dir;

    private List<Path> kerasFiles() throws IOException {
        Map<String, Weight> keras3 = new LinkedHashMap<>();
        keras3.put("layers/dense/vars/0", new Weight(KerasFileFixtures.values(12, 1), 4, 3));
        keras3.put("layers/dense/vars/1", new Weight(KerasFileFixtures.values(3, 2), 3));
        Map<String, Weight> d = new LinkedHashMap<>();
        d.put("kernel", new Weight(KerasFileFixtures.values(12, 3), 4, 3));
        d.put("bias", new Weight(KerasFileFixtures.values(3, 4), 3));
        return List.of(
                KerasFileFixtures.keras3(dir, "dense", DENSE, keras3, ZipEntry.STORED),
                KerasFileFixtures.keras2(dir, "dense", DENSE, Map.of("d", d)));
    }

    /** The message names {@code file} and none of the folders kerascope made. */
    private static void namesTheFile(Path file, BadInputException e) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), m);
        assertFalse(m.contains("kerascope-keras-") || m.contains("saved_model"), m);
    }

    @Test
    void anUnknownLayerIsRefusedNamingTheKerasFile() throws IOException {
        for (Path file : kerasFiles()) {
            try (SavedModelWalker w = SavedModelWalker.open(file, Set.of("serve"), "serving_default")) {
                assertEquals(List.of("d"), w.layerNames(), file.toString());
                BadInputException e = assertThrows(BadInputException.class, () -> w.layer("nope"));
                assertEquals("no layer 'nope' in " + file + " (layers: d)", e.getMessage());
            }
        }
    }

    @Test
    void anUnknownTagSetOrSignatureIsRefusedNamingTheKerasFile() throws IOException {
        for (Path file : kerasFiles()) {
            BadInputException tags = assertThrows(
                    BadInputException.class, () -> SavedModelWalker.open(file, Set.of("foo"), "serving_default"));
            assertTrue(tags.getMessage().startsWith(file + ": has no meta graph tagged {foo}"), tags.getMessage());
            namesTheFile(file, tags);
            BadInputException signature =
                    assertThrows(BadInputException.class, () -> SavedModelWalker.open(file, Set.of("serve"), "foo"));
            assertTrue(signature.getMessage().startsWith(file + ": has no signature 'foo'"), signature.getMessage());
            namesTheFile(file, signature);
        }
    }

    @Test
    void anUnknownTensorIsRefusedNamingTheKerasFile() throws IOException {
        for (Path file : kerasFiles()) {
            try (SavedModelWalker w = SavedModelWalker.open(file, Set.of("serve"), "serving_default")) {
                BadInputException e = assertThrows(
                        BadInputException.class, () -> w.run(new float[4], 1, List.of(Fetch.tensor("nope:0"))));
                assertEquals(file + ": has no tensor nope:0", e.getMessage());
            }
        }
    }

    @Test
    void aSavedModelFolderIsStillNamedAsGiven() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> SavedModelWalker.open(
                        Path.of("saved-models/keras-mnist/saved_model"), Set.of("foo"), "serving_default"));
        assertTrue(
                e.getMessage().startsWith("saved-models/keras-mnist/saved_model: has no meta graph"), e.getMessage());
    }
}
