package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.savedmodel.GraphLayerRecovery.RecoveredLayer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.MetaGraphDef;

/**
 * Only a variable, its {@code /read} Identity or a ReadVariableOp of it is a weight: an operand that names no node, or
 * an Identity of nothing, adds no weight to the layer reading it.
 */
class Tf1WeightReadsTest {
    @Test
    void operandsThatAreNoVariableAreNoWeights() {
        MetaGraphDef meta = new Tf1Graph()
                .input("x", "x", -1, 2)
                .variable("dense/kernel", 2, 3)
                .op("w/read", "Identity")
                .op("dense/MatMul", "MatMul", "x", "dense/kernel/read")
                .op("dense/BiasAdd", "BiasAdd", "dense/MatMul", "nowhere")
                .op("other/MatMul", "MatMul", "dense/BiasAdd", "w/read")
                .output("y", "other/MatMul:0")
                .meta();
        List<RecoveredLayer> layers = Tf1LayerRecovery.layers(meta, "predict");
        RecoveredLayer dense = layers.stream()
                .filter(l -> l.name().equals("dense"))
                .findFirst()
                .orElseThrow();
        assertEquals(Map.of("kernel", "dense/kernel/read"), dense.weightReads());
        assertEquals(6, dense.params());
        RecoveredLayer other = layers.stream()
                .filter(l -> l.name().equals("other"))
                .findFirst()
                .orElseThrow();
        assertEquals(Map.of(), other.weightReads());
        assertEquals(0, other.params());
    }
}
