package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.GraphNodes.node;
import static dev.kerascope.savedmodel.GraphNodes.shapeAttr;
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

    /**
     * A ref variable read directly by a computing op (no {@code /read}) is that op's weight, not the op itself, and a
     * resource variable is read through ReadVariableOp.
     */
    @Test
    void anOpReadingAVariableDirectlyIsALayerAndAReadVariableOpIsAWeight() {
        MetaGraphDef meta = new Tf1Graph()
                .input("x", "x", -1, 3)
                .add(node("scale/gamma", "VariableV2")
                        .putAttr("shape", shapeAttr(3))
                        .build())
                .op("scale/mul", "Mul", "scale/gamma", "x")
                .add(node("dense/kernel", "VarHandleOp")
                        .putAttr("shape", shapeAttr(3, 2))
                        .build())
                .op("dense/MatMul/ReadVariableOp", "ReadVariableOp", "dense/kernel")
                .op("dense/MatMul", "MatMul", "scale/mul", "dense/MatMul/ReadVariableOp")
                .output("y", "dense/MatMul:0")
                .meta();
        // gamma holds 3 values, the kernel 3·2 = 6; a one-op layer is named after its op
        assertEquals(
                List.of(
                        "scale Mul 3 {gamma=scale/gamma} []",
                        "dense Dense 6 {kernel=dense/MatMul/ReadVariableOp} [scale[0][0]]"),
                Tf1LayerRecovery.layers(meta, "predict").stream()
                        .map(l -> l.name() + " " + l.className() + " " + l.params() + " " + l.weightReads() + " "
                                + l.inbound())
                        .toList());
    }
}
