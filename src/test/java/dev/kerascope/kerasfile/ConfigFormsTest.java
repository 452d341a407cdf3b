package dev.kerascope.kerasfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config forms of older and newer Keras: Keras 2.0's bare list Sequential, Keras 3's Sequential built without an Input.
 */
class ConfigFormsTest {
    @TempDir
    Path dir;

    @Test
    void keras20ListSequential() throws IOException {
        String json = "{\"class_name\": \"Sequential\", \"config\": ["
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_1\", \"units\": 3, "
                + "\"batch_input_shape\": [null, 4], \"activation\": \"relu\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense_2\", \"units\": 2, \"activation\": "
                + "\"softmax\"}}]}";
        Map<String, Map<String, Weight>> layers = new LinkedHashMap<>();
        layers.put("dense_1", Map.of("kernel", new Weight(new float[12], 4, 3), "bias", new Weight(new float[3], 3)));
        layers.put("dense_2", Map.of("kernel", new Weight(new float[6], 3, 2), "bias", new Weight(new float[2], 2)));
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras2(dir, "old", json, layers));
        ModelSummary s = KerasFileSummary.of(f);
        assertEquals(23, s.totalParams());
        assertEquals(
                List.of("dense_1", "dense_2"),
                s.rows().stream().map(SummaryRow::name).toList());
        assertEquals(Arrays.asList(null, 2), s.rows().get(1).outputShape());
    }

    @Test
    void keras3SequentialBuiltWithoutAnInput() throws IOException {
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3}}]}, \"build_config\": "
                + "{\"input_shape\": [null, 5]}}";
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(
                dir,
                "built",
                json,
                Map.of(
                        "layers/dense/vars/0",
                        new Weight(new float[15], 5, 3),
                        "layers/dense/vars/1",
                        new Weight(new float[3], 3))));
        ModelSummary s = KerasFileSummary.of(f);
        assertEquals(18, s.totalParams());
        assertEquals(Arrays.asList(null, 3), s.rows().get(0).outputShape());
        assertEquals(1, s.rows().size());
    }
}
