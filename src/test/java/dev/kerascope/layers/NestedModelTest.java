package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFileSummary;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Sequential nested in a Sequential (Keras 3 paths layers/sequential/layers/...): one summary row, built layer by
 * layer.
 */
class NestedModelTest {
    static final int N = 2, H = 6, W = 5, C = 3;

    @TempDir
    Path dir;

    @Test
    void nestedSequentialIsOneRowAndComputesAsItsLayers() throws IOException {
        String input =
                "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 6, 5, 3], \"name\": \"%s\"}}";
        String json = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"outer\", \"layers\": ["
                + input.formatted("in") + ","
                + "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"block\", \"layers\": ["
                + input.formatted("block_in") + ","
                + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 2, \"kernel_size\": [3, 3],"
                + " \"activation\": \"relu\"}},"
                + "{\"class_name\": \"BatchNormalization\", \"config\": {\"name\": \"bn\", \"axis\": -1, \"epsilon\": "
                + "0.001}}]}},"
                + "{\"class_name\": \"GlobalAveragePooling2D\", \"config\": {\"name\": \"gap\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 2, \"activation\": "
                + "\"linear\"}}]}}";
        float[] k = KerasFileFixtures.values(3 * 3 * C * 2, 1), cb = KerasFileFixtures.values(2, 2);
        float[] g = {1.5f, 0.5f}, be = {0.1f, -0.1f}, mm = {0.2f, 0.3f}, mv = {2f, 0.5f};
        float[] dk = KerasFileFixtures.values(4, 3), db = KerasFileFixtures.values(2, 4);
        Map<String, Weight> vars = new LinkedHashMap<>();
        vars.put("layers/sequential/layers/conv2d/vars/0", new Weight(k, 3, 3, C, 2));
        vars.put("layers/sequential/layers/conv2d/vars/1", new Weight(cb, 2));
        String bn = "layers/sequential/layers/batch_normalization/vars/";
        vars.put(bn + "0", new Weight(g, 2));
        vars.put(bn + "1", new Weight(be, 2));
        vars.put(bn + "2", new Weight(mm, 2));
        vars.put(bn + "3", new Weight(mv, 2));
        vars.put("layers/dense/vars/0", new Weight(dk, 2, 2));
        vars.put("layers/dense/vars/1", new Weight(db, 2));
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(dir, "nested", json, vars));

        ModelSummary s = KerasFileSummary.of(f);
        assertEquals(
                List.of("block", "gap", "d"),
                s.rows().stream().map(SummaryRow::name).toList());
        assertEquals(56 + 8, s.rows().get(0).params()); // conv 3*3*3*2+2, BN 4*2
        assertEquals(4, s.nonTrainableParams());

        float[] x = Run.random(N * H * W * C, 9, -1, 1);
        Map<String, float[]> out =
                Run.layers(f, x, new long[] {N, H, W, C}, List.of("block/c", "block/bn", "block", "gap", "d"));
        float[] conv = Reference.relu(Reference.conv2d(x, N, H, W, C, k, List.of(3, 3, C, 2), cb, 1, 1, false));
        float[] norm = Reference.batchNorm(conv, g, be, mm, mv, 0.001f);
        float[] pooled = Reference.global(norm, N, 4 * 3, 2, false);
        assertTrue(Run.maxDiff(conv, out.get("block/c")) <= 1e-5);
        assertTrue(Run.maxDiff(norm, out.get("block")) <= 1e-5);
        assertTrue(Run.maxDiff(Reference.dense(pooled, 2, dk, 2, db), out.get("d")) <= 1e-5);
    }
}
