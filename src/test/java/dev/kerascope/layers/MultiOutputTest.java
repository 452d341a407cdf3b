package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.graph.Tensors;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.kerasfile.LayerGraph;
import dev.kerascope.savedmodel.KerasConfigRefs.Ref;
import dev.kerascope.testing.KerasFileFixtures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A nested Functional model with two outputs (relu(x), tanh(x)), called in an outer model that adds them and also
 * returns the nested model's second output: every output is built and can be fetched.
 */
class MultiOutputTest {
    static final int N = 2, H = 3, W = 4, C = 2;

    @TempDir
    Path dir;

    private static String tensor(String layer, int index) {
        return "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, " + H + ", " + W + ", " + C
                + "], \"dtype\": \"float32\", \"keras_history\": [\"" + layer + "\", 0, " + index + "]}}";
    }

    private static String input(String name) {
        return "{\"class_name\": \"InputLayer\", \"name\": \"" + name + "\", \"config\": {\"batch_shape\": [null, " + H
                + ", " + W + ", " + C + "], \"name\": \"" + name + "\"}, \"inbound_nodes\": []}";
    }

    private static String activation(String name, String fn, String on) {
        return "{\"class_name\": \"Activation\", \"name\": \"" + name + "\", \"config\": {\"name\": \"" + name
                + "\", \"activation\": \"" + fn + "\"}, \"inbound_nodes\": [{\"args\": [" + tensor(on, 0)
                + "], \"kwargs\": {}}]}";
    }

    static final String BLOCK =
            "{\"class_name\": \"Functional\", \"name\": \"block\", \"config\": {\"name\": \"block\", "
                    + "\"layers\": [" + input("block_in") + ", " + activation("pos", "relu", "block_in") + ", "
                    + activation("squash", "tanh", "block_in") + "],"
                    + "\"input_layers\": [[\"block_in\", 0, 0]], \"output_layers\": [[\"pos\", 0, 0], [\"squash\", 0, "
                    + "0]]},"
                    + "\"inbound_nodes\": [{\"args\": [" + tensor("in", 0) + "], \"kwargs\": {}}]}";
    static final String OUTER = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"outer\", \"layers\": ["
            + input("in") + ", " + BLOCK
            + ", {\"class_name\": \"Add\", \"name\": \"sum\", \"config\": {\"name\": \"sum\"}, "
            + "\"inbound_nodes\": [{\"args\": [[" + tensor("block", 0) + ", " + tensor("block", 1)
            + "]], \"kwargs\": {}}]}],"
            + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"sum\", 0, 0], [\"block\", 0, 1]]}}";

    @Test
    void theSecondOutputOfANestedModelHasItsOwnShape() throws IOException {
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(dir, "shapes", OUTER, Map.of()));
        LayerGraph g = LayerGraph.of(f.model(), f.source());
        assertEquals(Arrays.asList(null, H, W, C), g.shapeOf(new Ref("block", 0, 1)));
        assertEquals(Arrays.asList(null, H, W, C), g.shapeOf(new Ref("sum", 0, 0)));
    }

    @Test
    void everyOutputOfAMultiOutputModelIsComputed() throws IOException {
        KerasFile f = KerasFiles.read(KerasFileFixtures.keras3(dir, "two", OUTER, Map.of()));
        float[] x = Run.random(N * H * W * C, 4, -2, 2);
        float[] relu = Reference.relu(x), tanh = Reference.activation("tanh", x), sum = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            sum[i] = relu[i] + tanh[i];
        }
        try (Graph g = new Graph()) {
            KerasGraph k = KerasGraphBuilder.build(Ops.create(g), f);
            assertEquals(List.of("sum", "block:1"), List.copyOf(k.outputs().keySet()));
            try (Session s = new Session(g);
                    TFloat32 in = Tensors.floats(x, N, H, W, C);
                    Result r = s.runner()
                            .feed(k.input(), in)
                            .fetch(k.outputs().get("sum"))
                            .fetch(k.outputs().get("block:1"))
                            .fetch(k.layerOutputs().get("block"))
                            .fetch(k.layerOutputs().get("block/squash"))
                            .run()) {
                assertTrue(Run.maxDiff(sum, Tensors.toFloats(r.get(0))) <= 1e-6, "sum");
                assertTrue(Run.maxDiff(tanh, Tensors.toFloats(r.get(1))) <= 1e-6, "second output");
                assertTrue(
                        Run.maxDiff(relu, Tensors.toFloats(r.get(2))) <= 1e-6,
                        "the nested model's row is its first output");
                assertTrue(Run.maxDiff(tanh, Tensors.toFloats(r.get(3))) <= 1e-6, "inner layer");
            }
        }
    }
}
