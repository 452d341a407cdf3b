package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.GraphNodes.int32Const;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.savedmodel.GraphLayerRecovery.RecoveredLayer;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which scopes of a traced function are nested models, Dropouts placed from the model's variables list, and the class
 * of a reshaping layer; expected layers are worked out by hand from hand-written functions.
 */
class GraphNestedScopesTest {
    private static List<String> describe(TracedFunctionGraph g) {
        return GraphLayerRecovery.layers(g.meta(), true).orElseThrow().layers().stream()
                .map(GraphNestedScopesTest::describe)
                .toList();
    }

    private static String describe(RecoveredLayer l) {
        return l.name() + " " + l.className() + " " + l.outputNode() + " " + l.outputShape() + " " + l.params() + " "
                + l.inbound();
    }

    /** The nested model's layer reads its kernel right in its own scope (four levels deep, no sub-scope). */
    @Test
    void aNestedModelsLayerReadingItsVariableInItsOwnScopeIsThatModelsLayer() {
        String n = "functional_3/functional_1/dense/";
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("x")
                .input("x", -1, 5)
                .variable("k", "dense/kernel", true, 5, 3)
                .op(n + "ReadVariableOp", "ReadVariableOp", "k")
                .op(n + "MatMul", "MatMul", "x", n + "ReadVariableOp:value:0")
                .op("Identity", "Identity", n + "MatMul:product:0");
        // 5 → 3 with 5·3 = 15 weights
        assertEquals(List.of("functional_1[0]/dense Dense " + n + "MatMul [null, 3] 15 []"), describe(g));
    }

    /**
     * A wrapper layer (TimeDistributed-like) with ops of its own and its inner layer's ops in a sub-scope named after
     * that layer is one layer, named, as every layer, after the variable it reads; its shape-only constants sit below
     * the ops they feed, as TensorFlow names them.
     */
    @Test
    void aScopeWithOpsOfItsOwnIsOneLayerEvenWhenASubScopeReadsAnotherLayersVariable() {
        String w = "model/time_distributed/";
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("x")
                .input("x", -1, 4, 3)
                .variable("k", "dense/kernel", true, 3, 2)
                .add(int32Const(w + "Reshape/shape", -1, 3))
                .op(w + "Reshape", "Reshape", "x", w + "Reshape/shape:output:0")
                .op(w + "dense/MatMul/ReadVariableOp", "ReadVariableOp", "k")
                .op(w + "dense/MatMul", "MatMul", w + "Reshape:output:0", w + "dense/MatMul/ReadVariableOp:value:0")
                .add(int32Const(w + "Reshape_1/shape", -1, 4, 2))
                .op(w + "Reshape_1", "Reshape", w + "dense/MatMul:product:0", w + "Reshape_1/shape:output:0")
                .op("Identity", "Identity", w + "Reshape_1:output:0");
        // (4, 3) rows → (·, 3) → matmul (3, 2) → (·, 2) → back to (4, 2); 3·2 = 6 weights
        assertEquals(List.of("dense Dense " + w + "Reshape_1 [null, 4, 2] 6 []"), describe(g));
    }

    @Test
    void aReshapeLayerIsAFlattenOnlyWhenItsOutputHasRankTwo() {
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("x")
                .input("x", -1, 6)
                .add(int32Const("model/reshape_1/Reshape/shape", -1, 2, 3))
                .op("model/reshape_1/Reshape", "Reshape", "x", "model/reshape_1/Reshape/shape:output:0")
                .op("model/reshape_1_2/Reshape", "Reshape", "x", "x")
                .add(int32Const("model/flatten_1/Reshape/shape", -1, 6))
                .op(
                        "model/flatten_1/Reshape",
                        "Reshape",
                        "model/reshape_1/Reshape:output:0",
                        "model/flatten_1/Reshape/shape:output:0");
        // the second Reshape's target is no constant: its shape, and so its rank, is unknown
        assertEquals(
                List.of(
                        "reshape Reshape model/reshape_1/Reshape [null, 2, 3] 0 []",
                        "reshape_1 Reshape model/reshape_1_2/Reshape null 0 []",
                        "flatten Flatten model/flatten_1/Reshape [null, 6] 0 [reshape[0][0]]"),
                describe(g));
    }

    /** Keras's Rescaling multiplies by its scale and adds its offset, whichever add op the graph spells. */
    @Test
    void aScaleAndAnOffsetAreARescalingWithAddAsWithAddV2() {
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("x")
                .input("x", -1, 6)
                .add(int32Const("model/rescaling/Cast/x", 1))
                .op("model/rescaling/mul", "Mul", "x", "model/rescaling/Cast/x:output:0")
                .op("model/rescaling/add", "Add", "model/rescaling/mul:z:0", "model/rescaling/Cast/x:output:0");
        assertEquals(List.of("rescaling Rescaling model/rescaling/add [null, 6] 0 []"), describe(g));
    }

    /**
     * Keras 3's Dropout leaves no op but a seed generator's state in the model's variables list, here between the two
     * Dense layers' kernels; the root lists its signatures before its variables.
     */
    @Test
    void aDropoutIsPlacedWhereItsSeedStateSitsInTheRootsVariablesList() {
        String p = "sequential_1/";
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("x")
                .input("x", -1, 4)
                .variable("k1", "dense/kernel", true, 4, 3)
                .variable("seed", "seed_generator/seed_generator_state", false, 2)
                .variable("k2", "dense_1/kernel", true, 3, 2)
                .op(p + "dense_1/MatMul/ReadVariableOp", "ReadVariableOp", "k1")
                .op(p + "dense_1/MatMul", "MatMul", "x", p + "dense_1/MatMul/ReadVariableOp:value:0")
                .op(p + "dense_1_2/MatMul/ReadVariableOp", "ReadVariableOp", "k2")
                .op(
                        p + "dense_1_2/MatMul",
                        "MatMul",
                        p + "dense_1/MatMul:product:0",
                        p + "dense_1_2/MatMul/ReadVariableOp:value:0")
                .op("Identity", "Identity", p + "dense_1_2/MatMul:product:0");
        ModelSummary m = GraphLayerRecovery.recover(g.meta(), new long[4]).orElseThrow();
        assertEquals(
                List.of("dense Dense [null, 3]", "dropout Dropout [null, 3]", "dense_1 Dense [null, 2]"),
                m.rows().stream().map(GraphNestedScopesTest::row).toList());
    }

    private static String row(SummaryRow r) {
        return r.name() + " " + r.className() + " " + r.outputShape();
    }
}
