package dev.kerascope.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.arch.LayerShape;
import dev.kerascope.arch.OddSizes;
import dev.kerascope.arch.ShapeInference;
import dev.kerascope.layers.ArchitectureModel;
import dev.kerascope.record.KerascopeRecord;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * ShapeInference's arithmetic against the shapes TensorFlow's kernels actually produce: the graph is built and run on a
 * batch of 2, and every {@code <layer>/output} tensor's runtime shape is read back. TensorFlow is the oracle here,
 * independent of kerascope's Padding code.
 */
class ShapesAgainstTensorFlowTest {
    static void assertShapesAreTensorFlows(Architecture arch) {
        // The InputLayer is the placeholder itself (fed, not computed): every other layer is checked.
        List<LayerShape> inferred = ShapeInference.infer(arch).stream()
                .filter(s -> !(s.layer() instanceof dev.kerascope.arch.Layer.InputLayer))
                .toList();
        try (Graph g = new Graph();
                Session session = new Session(g)) {
            TrainableGraph model = ArchitectureModel.build(Ops.create(g), arch, TrainableGraph.Mode.INFERENCE, 1, null);
            Map<ModelVariable, float[]> zeros = new LinkedHashMap<>();
            model.variables().forEach(v -> zeros.put(v, new float[v.size()]));
            VariableValues.assign(session, zeros);
            int[] in = arch.inputShape();
            int n = 2;
            try (TFloat32 x = Tensors.floats(new float[n * in[0] * in[1] * in[2]], n, in[0], in[1], in[2])) {
                Session.Runner r = session.runner().feed(model.input(), x);
                inferred.forEach(
                        s -> r.fetch(KerascopeRecord.outputNode(s.layer().name())));
                try (Result result = r.run()) {
                    for (int i = 0; i < inferred.size(); i++) {
                        int[] s = inferred.get(i).outputShape();
                        long[] expected = new long[s.length + 1];
                        expected[0] = n;
                        for (int d = 0; d < s.length; d++) {
                            expected[d + 1] = s[d];
                        }
                        assertArrayEquals(
                                expected,
                                result.get(i).shape().asArray(),
                                arch.name() + " " + inferred.get(i).layer().name());
                    }
                }
            }
        }
    }

    @Test
    void oddInputsWithStrideTwoSameAndExplicitPaddingMatchTensorFlow() {
        Architecture arch = OddSizes.architecture();
        assertShapesAreTensorFlows(arch);
        assertEquals(9, arch.layers().size(), "eight computed layers checked");
    }

    @Test
    void everyBuiltInArchitectureMatchesTensorFlow() {
        for (String name : Architectures.BUILT_IN) {
            assertShapesAreTensorFlows(Architectures.builtIn(name));
        }
    }
}
