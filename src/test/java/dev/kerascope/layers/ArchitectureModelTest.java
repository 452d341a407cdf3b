package dev.kerascope.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.arch.LayerShape;
import dev.kerascope.arch.OddSizes;
import dev.kerascope.arch.ShapeInference;
import dev.kerascope.graph.TrainableGraph;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.LayerGraph;
import dev.kerascope.record.KerascopeRecord;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.op.Ops;

/**
 * kerascope's architectures as Keras Sequential configs: the layer graph the Keras-file code computes from the config
 * agrees with arch.ShapeInference (a separate implementation of the same rules) on every layer's shape and on the
 * parameter count, and the built graph keeps the names exports have always had.
 */
class ArchitectureModelTest {
    private static List<Architecture> architectures() {
        List<Architecture> all = new ArrayList<>();
        Architectures.BUILT_IN.forEach(n -> all.add(Architectures.builtIn(n)));
        all.add(OddSizes.architecture());
        return all;
    }

    @Test
    void theLayerGraphOfAnArchitectureHasShapeInferencesShapesAndParameters() {
        for (Architecture arch : architectures()) {
            KerasFile file = ArchitectureModel.asKerasFile(arch);
            LayerGraph graph = LayerGraph.of(file.model(), file.source());
            List<LayerShape> expected = ShapeInference.infer(arch);
            assertEquals(expected.size(), graph.calls().size(), arch.name());
            for (int i = 0; i < expected.size(); i++) {
                LayerGraph.Call call = graph.calls().get(i);
                assertEquals(expected.get(i).layer().name(), call.layer().name(), arch.name());
                List<Integer> shape = new ArrayList<>();
                for (int d : expected.get(i).outputShape()) {
                    shape.add(d);
                }
                List<Integer> computed =
                        call.outputShape().subList(1, call.outputShape().size());
                assertEquals(shape, computed, arch.name() + " " + call.layer().name());
            }
            assertEquals(ShapeInference.totalParams(expected), file.totals()[0], arch.name() + " parameters");
        }
    }

    @Test
    void theBuiltGraphKeepsTheExportedNames() {
        Architecture padded = Architectures.builtIn("padded-mnist");
        try (Graph g = new Graph()) {
            TrainableGraph model =
                    ArchitectureModel.build(Ops.create(g), padded, TrainableGraph.Mode.INFERENCE, 0, null);
            assertEquals("input_layer", model.input().op().name());
            // The InputLayer is the placeholder itself; every computed layer has its <layer>/output.
            for (var layer : padded.layers().subList(1, padded.layers().size())) {
                assertNotNull(g.operation(KerascopeRecord.outputNode(layer.name())), layer.name());
            }
            for (String op : List.of("conv1/kernel", "conv1/bias", "conv1/Pad", "conv1/Conv2D", "fc2/Softmax")) {
                assertNotNull(g.operation(op), op);
            }
            assertEquals(
                    List.of(
                            "conv1/kernel",
                            "conv1/bias",
                            "conv2/kernel",
                            "conv2/bias",
                            "fc1/kernel",
                            "fc1/bias",
                            "fc2/kernel",
                            "fc2/bias"),
                    model.variables().stream().map(v -> v.name()).toList());
        }
    }
}
