package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.savedmodel.GraphLayerRecovery.RecoveredLayer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shapes a traced function's data arguments start from: the serving signature's input of the same name, else the
 * one at the same position (in key order); a dimension of 0 is 0 (only -1 is unknown).
 */
class GraphSignatureShapesTest {
    @Test
    void aZeroDimensionOfTheSignatureIsKept() {
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("keras_tensor")
                .input("keras_tensor", -1, 0)
                .op("sequential_1/re_lu_1/Relu", "Relu", "keras_tensor")
                .op("sequential_1/re_lu_2/Relu", "Relu", "sequential_1/re_lu_1/Relu:activations:0");
        List<RecoveredLayer> layers =
                GraphLayerRecovery.layers(g.meta(), true).orElseThrow().layers();
        assertEquals(
                List.of(s(null, 0), s(null, 0)),
                layers.stream().map(RecoveredLayer::outputShape).toList());
    }

    @Test
    void anArgumentNamedNowhereTakesTheInputAtItsPositionAndOneBeyondTheInputsIsUnknown() {
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("args_0")
                .dataArg("args_1")
                .input("x", -1, 3)
                .op("sequential_1/re_lu_1/Relu", "Relu", "args_0")
                .op("sequential_1/re_lu_2/Relu", "Relu", "args_1");
        List<RecoveredLayer> layers =
                GraphLayerRecovery.layers(g.meta(), true).orElseThrow().layers();
        assertEquals(
                Arrays.asList(s(null, 3), null),
                layers.stream().map(RecoveredLayer::outputShape).toList());
    }

    @Test
    void aLayerFeedingTwoIsNoChain() {
        String p = "sequential_1/";
        TracedFunctionGraph g = new TracedFunctionGraph()
                .dataArg("keras_tensor")
                .input("keras_tensor", -1, 2)
                .op(p + "re_lu_1/Relu", "Relu", "keras_tensor")
                .op(p + "re_lu_2/Relu", "Relu", p + "re_lu_1/Relu:activations:0")
                .op(p + "re_lu_3/Relu", "Relu", p + "re_lu_1/Relu:activations:0");
        GraphLayerRecovery.Recovered r =
                GraphLayerRecovery.layers(g.meta(), true).orElseThrow();
        assertEquals(3, r.layers().size());
        assertEquals(false, r.sequentialLike());
    }

    @Test
    void aLayerIsNamedAfterTheOwnerOfItsFirstVariableElseItsScope() {
        for (String variable : new String[] {"head/kernel", "kernel"}) {
            String p = "sequential_1/dense_1/";
            TracedFunctionGraph g = new TracedFunctionGraph()
                    .dataArg("keras_tensor")
                    .input("keras_tensor", -1, 2)
                    .variable("k", variable, true, 2, 3)
                    .op(p + "MatMul/ReadVariableOp", "ReadVariableOp", "k")
                    .op(p + "MatMul", "MatMul", "keras_tensor", p + "MatMul/ReadVariableOp:value:0");
            List<RecoveredLayer> layers =
                    GraphLayerRecovery.layers(g.meta(), true).orElseThrow().layers();
            assertEquals(
                    List.of(variable.equals("kernel") ? "dense" : "head"),
                    layers.stream().map(RecoveredLayer::name).toList(),
                    variable);
        }
    }
}
