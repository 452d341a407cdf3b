package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/** A shared layer called twice (tf.keras's inbound_nodes form), and what the builder refuses. */
class SharedLayersAndRefusalsTest {
    @TempDir
    Path dir;

    @Test
    void aSharedDenseUsesOneKernelForBothCalls() throws IOException {
        String json = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"batch_input_shape\": [null, 4], "
                + "\"name\": \"in\"}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Activation\", \"name\": \"a\", \"config\": {\"name\": \"a\", \"activation\": "
                + "\"relu\"}, \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]},"
                + "{\"class_name\": \"Dense\", \"name\": \"d\", \"config\": {\"name\": \"d\", \"units\": 4, "
                + "\"activation\": \"linear\"}, "
                + "\"inbound_nodes\": [[[\"in\", 0, 0, {}]], [[\"a\", 0, 0, {}]]]},"
                + "{\"class_name\": \"Add\", \"name\": \"m\", \"config\": {\"name\": \"m\"}, \"inbound_nodes\": "
                + "[[[\"d\", 0, 0, {}], [\"d\", 1, 0, {}]]]}],"
                + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"m\", 0, 0]]}}";
        float[] k = KerasFileFixtures.values(16, 1), b = KerasFileFixtures.values(4, 2);
        Map<String, Map<String, Weight>> layers = new LinkedHashMap<>();
        layers.put("d", Map.of("kernel", new Weight(k, 4, 4), "bias", new Weight(b, 4)));
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras2(dir, "shared", json, layers));
        float[] x = Run.random(12, 3, -1, 1);
        float[] m = Run.layers(f, x, new long[] {3, 4}, List.of("m")).get("m");
        float[] d0 = Reference.dense(x, 4, k, 4, b), d1 = Reference.dense(Reference.relu(x), 4, k, 4, b);
        float[] expected = new float[12];
        for (int i = 0; i < 12; i++) {
            expected[i] = d0[i] + d1[i];
        }
        assertTrue(Run.maxDiff(expected, m) <= 1e-6);
    }

    private String refusedToBuild(String layer) throws IOException {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 6, 6, 2], \"name\": \"in\"}}, "
                + layer + "]}}";
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(dir, "r" + json.hashCode(), json, Map.of()));
        try (Graph g = new Graph()) {
            return assertThrows(BadInputException.class, () -> KerasGraphBuilder.build(Ops.create(g), f))
                    .getMessage();
        }
    }

    @Test
    void unbuildableConfigsAreRefusedNamingLayerAndReason() throws IOException {
        String m = refusedToBuild(
                "{\"class_name\": \"Activation\", \"config\": {\"name\": \"act\", \"activation\": \"mish\"}}");
        assertTrue(m.contains("layer act (Activation): activation mish is not supported"), m);
        m = refusedToBuild(
                "{\"class_name\": \"SpatialDropout2D\", \"config\": {\"name\": \"p\", \"rate\": 0.1, \"data_format\": "
                        + "\"channels_first\"}}");
        assertTrue(m.contains("layer p (SpatialDropout2D): channels_first data is supported only on"), m);
        m = refusedToBuild("{\"class_name\": \"Softmax\", \"config\": {\"name\": \"sm\", \"axis\": 1}}");
        assertTrue(m.contains("layer sm (Softmax): an axis other than the last"), m);
    }
}
