package dev.kerascope.kerasfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every malformed Keras file is one BadInputException naming the file and the problem. */
class MalformedKerasFilesTest {
    static final String DENSE3 = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
            + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4], \"name\": \"in\"}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3, \"activation\": \"relu\"}}]}}";

    @TempDir
    Path dir;

    private static Map<String, Weight> denseVars(int in) {
        Map<String, Weight> v = new LinkedHashMap<>();
        v.put("layers/dense/vars/0", new Weight(KerasFileFixtures.values(in * 3, 1), in, 3));
        v.put("layers/dense/vars/1", new Weight(KerasFileFixtures.values(3, 2), 3));
        return v;
    }

    private String refused(Path file) {
        BadInputException e = assertThrows(BadInputException.class, () -> KerasFiles.read(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aWellFormedFixtureReads() throws IOException {
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(dir, "ok", DENSE3, denseVars(4)));
        assertEquals(15, f.totals()[0]);
    }

    @Test
    void zipBombIsRefusedBeforeInflating() throws IOException {
        Path bomb = dir.resolve("bomb.keras");
        KerasFileFixtures.zip(bomb, Map.of("config.json", new byte[20 << 20], "model.weights.h5", new byte[10]));
        String m = refused(bomb);
        assertTrue(m.contains("zip bomb") && m.contains("config.json"), m);
    }

    @Test
    void truncatedZip() throws IOException {
        Path ok = KerasFileFixtures.keras3(dir, "ok", DENSE3, denseVars(4));
        byte[] all = Files.readAllBytes(ok);
        Path cut = dir.resolve("cut.keras");
        Files.write(cut, Arrays.copyOf(all, all.length / 2));
        assertTrue(refused(cut).contains("truncated or not a zip"));
    }

    @Test
    void missingConfigJson() throws IOException {
        Path p = dir.resolve("noconfig.keras");
        KerasFileFixtures.zip(p, Map.of("metadata.json", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused(p).contains("without config.json"));
    }

    @Test
    void missingWeightsFileAndMissingLayerWeights() throws IOException {
        Path p = dir.resolve("noweights.keras");
        KerasFileFixtures.zip(p, Map.of("config.json", DENSE3.getBytes(StandardCharsets.UTF_8)));
        assertTrue(refused(p).contains("no model.weights.h5"));
        String m = refused(KerasFileFixtures.keras3(dir, "novars", DENSE3, Map.of()));
        assertTrue(m.contains("layer d (Dense) has 0 weight arrays") && m.contains("kernel (4, 3)"), m);
    }

    @Test
    void badHdf5Superblock() throws IOException {
        byte[] junk = new byte[4096];
        System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'}, 0, junk, 0, 8);
        junk[8] = 42; // superblock version 42 does not exist
        Path h5 = dir.resolve("bad.h5");
        Files.write(h5, junk);
        assertTrue(refused(h5).contains("HDF5"));
        Path k = dir.resolve("bad.keras");
        KerasFileFixtures.zip(
                k, Map.of("config.json", DENSE3.getBytes(StandardCharsets.UTF_8), "model.weights.h5", junk));
        assertTrue(refused(k).contains("model.weights.h5"));
        Path notHdf = dir.resolve("text.h5");
        Files.writeString(notHdf, "hello");
        assertTrue(refused(notHdf).contains("no HDF5 signature"));
    }

    @Test
    void wrongWeightShapeNamesLayerAndBothShapes() throws IOException {
        String m = refused(KerasFileFixtures.keras3(dir, "shape", DENSE3, denseVars(5)));
        assertTrue(
                m.contains(
                        "layer d (Dense): weight kernel has shape (5, 3) in the file, but the config implies (4, 3)"),
                m);
        Map<String, Map<String, Weight>> layers = new LinkedHashMap<>();
        layers.put(
                "d",
                Map.of(
                        "kernel",
                        new Weight(KerasFileFixtures.values(6, 1), 2, 3),
                        "bias",
                        new Weight(new float[3], 3)));
        String m2 = refused(KerasFileFixtures.keras2(dir, "shape2", DENSE3, layers));
        assertTrue(m2.contains("weight kernel has shape (2, 3) in the file, but the config implies (4, 3)"), m2);
    }

    @Test
    void unknownCustomAndLambdaClasses() throws IOException {
        String lstm = DENSE3.replace("\"Dense\"", "\"LSTM\"");
        String m = refused(KerasFileFixtures.keras3(dir, "lstm", lstm, denseVars(4)));
        assertTrue(m.contains("layer d has class LSTM") && m.contains("supported: ") && m.contains("Conv2D"), m);
        String custom = DENSE3.replace("\"Dense\"", "\"MyLayers>Dense\"");
        assertTrue(refused(KerasFileFixtures.keras3(dir, "custom", custom, denseVars(4)))
                .contains("a custom class"));
        String lambda = DENSE3.replace("\"Dense\"", "\"Lambda\"");
        assertTrue(refused(KerasFileFixtures.keras3(dir, "lambda", lambda, Map.of()))
                .contains("Python code is not in the file"));
    }

    @Test
    void cycleInInboundNodes() throws IOException {
        String cyc = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"batch_input_shape\": [null, 4], "
                + "\"name\": \"in\"}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Add\", \"name\": \"a\", \"config\": {\"name\": \"a\"}, \"inbound_nodes\": "
                + "[[[\"in\", 0, 0, {}], [\"b\", 0, 0, {}]]]},"
                + "{\"class_name\": \"Add\", \"name\": \"b\", \"config\": {\"name\": \"b\"}, \"inbound_nodes\": "
                + "[[[\"in\", 0, 0, {}], [\"a\", 0, 0, {}]]]}],"
                + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"b\", 0, 0]]}}";
        assertTrue(refused(KerasFileFixtures.keras2(dir, "cycle", cyc, new LinkedHashMap<>()))
                .contains("cycle"));
    }
}
