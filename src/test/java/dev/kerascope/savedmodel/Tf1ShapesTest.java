package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.GraphNodes.int32Const;
import static dev.kerascope.savedmodel.GraphNodes.node;
import static dev.kerascope.savedmodel.GraphNodes.outputShapes;
import static dev.kerascope.savedmodel.GraphNodes.shapeAttr;
import static dev.kerascope.savedmodel.GraphNodes.unknownRankList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * Shapes of hand-built TF1 graphs: recorded {@code _output_shapes} first, else the signature, variables and
 * propagation.
 */
class Tf1ShapesTest {
    private static List<Integer> s(Integer... dims) {
        return Arrays.asList(dims);
    }

    private static SignatureDef signature(String tensor, long... dims) {
        return SignatureDef.newBuilder()
                .putInputs(
                        "x",
                        TensorInfo.newBuilder()
                                .setName(tensor)
                                .setDtype(DataType.DT_FLOAT)
                                .setTensorShape(SyntheticSavedModel.shape(dims))
                                .build())
                .build();
    }

    @Test
    void recordedOutputShapesWinAndEveryOutputIsKept() {
        List<NodeDef> path = List.of(
                node("x", "Placeholder")
                        .putAttr("_output_shapes", outputShapes(new long[] {128, 32, 32, 3}))
                        .build(),
                node("split", "Unpack", "x")
                        .putAttr("_output_shapes", outputShapes(new long[] {32, 32, 3}, new long[] {-1, 2}))
                        .build(),
                node("odd", "Relu", "x")
                        .putAttr("_output_shapes", unknownRankList())
                        .build());
        Map<String, List<List<Integer>>> shapes = Tf1Shapes.of(path, signature("x:0", -1, 28, 28, 1));
        assertEquals(List.of(s(128, 32, 32, 3)), shapes.get("x"), "the recorded shape beats the signature's");
        assertEquals(List.of(s(32, 32, 3), s(null, 2)), shapes.get("split"));
        assertEquals(Arrays.asList((List<Integer>) null), shapes.get("odd"));
    }

    @Test
    void withoutRecordedShapesTheSignatureVariablesAndOpsGiveThem() {
        List<NodeDef> path = List.of(
                node("x", "Placeholder").build(),
                node("w", "VariableV2").putAttr("shape", shapeAttr(784, 10)).build(),
                node("w/read", "Identity", "w").build(),
                node("h", "VarHandleOp").putAttr("shape", shapeAttr(10)).build(),
                node("h/read", "ReadVariableOp", "h").build(),
                node("plain", "Variable").build(),
                node("mm", "MatMul", "x", "w/read", "^init").build(),
                node("add", "Add", "mm:0", "h/read").build(),
                node("second", "Relu", "add:1").build(),
                node("overlong", "Relu", "add:1234567890").build(),
                node("bodyform", "Relu", "add:z:0").build(),
                node("orphan", "Relu", "nowhere").build());
        Map<String, List<List<Integer>>> shapes = Tf1Shapes.of(path, signature("x:0", -1, 784));
        assertEquals(List.of(s(null, 784)), shapes.get("x"));
        assertEquals(List.of(s(784, 10)), shapes.get("w"));
        assertEquals(List.of(s(784, 10)), shapes.get("w/read"));
        assertEquals(List.of(s(10)), shapes.get("h/read"), "ReadVariableOp passes the variable's shape on");
        assertEquals(Arrays.asList((List<Integer>) null), shapes.get("plain"), "a variable without a shape attribute");
        assertEquals(List.of(s(null, 10)), shapes.get("mm"), "the control input ^init is no operand");
        assertEquals(List.of(s(null, 10)), shapes.get("add"));
        assertEquals(Arrays.asList((List<Integer>) null), shapes.get("second"), "add has no output 1");
        assertEquals(Arrays.asList((List<Integer>) null), shapes.get("overlong"), "an index of ten digits: malformed");
        assertEquals(
                Arrays.asList((List<Integer>) null), shapes.get("bodyform"), "node:arg:0 is a function body's form");
        assertEquals(Arrays.asList((List<Integer>) null), shapes.get("orphan"));
    }

    @Test
    void padAddsBothSidesOfEachAxisPadding() {
        List<NodeDef> path = List.of(
                node("x", "Placeholder").build(),
                int32Const("paddings", 0, 0, 1, 2, 3, 4, 0, 0),
                int32Const("short", 1, 1),
                node("pad", "Pad", "x", "paddings").build(),
                node("mismatch", "Pad", "x", "short").build(),
                node("noconst", "Pad", "x", "elsewhere").build());
        Map<String, List<List<Integer>>> shapes = Tf1Shapes.of(path, signature("x:0", -1, 28, 20, 3));
        // rows 28 + 1 + 2 = 31, columns 20 + 3 + 4 = 27; the unknown batch stays unknown.
        assertEquals(List.of(s(null, 31, 27, 3)), shapes.get("pad"));
        assertEquals(Arrays.asList((List<Integer>) null), shapes.get("mismatch"), "2 paddings for a rank-4 input");
        assertEquals(Arrays.asList((List<Integer>) null), shapes.get("noconst"));
    }

    @Test
    void dimsMapsUnknownSizesToNullAndUnknownRankToNull() {
        assertEquals(s(null, 3), Tf1Shapes.dims(SyntheticSavedModel.shape(-1, 3)));
        assertEquals(s(), Tf1Shapes.dims(SyntheticSavedModel.shape()));
        assertEquals(s(0, 3), Tf1Shapes.dims(SyntheticSavedModel.shape(0, 3)), "an empty axis is known");
        assertNull(Tf1Shapes.dims(unknownRankList().getList().getShape(0)));
        assertNull(Tf1Shapes.first(null));
        assertNull(Tf1Shapes.first(List.of()));
        assertEquals(s(2), Tf1Shapes.first(List.of(s(2), s(3))));
    }

    @Test
    void aVariableHasTheProductOfItsDimensionsAsElements() {
        assertEquals(
                3 * 3 * 16 * 32,
                Tf1Shapes.elements(node("k", "VariableV2")
                        .putAttr("shape", shapeAttr(3, 3, 16, 32))
                        .build()));
        assertEquals(
                784 * 10,
                Tf1Shapes.elements(node("k", "VariableV2")
                        .putAttr("_output_shapes", outputShapes(new long[] {784, 10}, new long[] {5}))
                        .build()));
        assertEquals(
                1,
                Tf1Shapes.elements(
                        node("step", "VariableV2").putAttr("shape", shapeAttr()).build()),
                "a scalar");
        assertEquals(
                0,
                Tf1Shapes.elements(node("k", "VariableV2")
                        .putAttr("shape", shapeAttr(-1, 10))
                        .build()));
        assertEquals(0, Tf1Shapes.elements(node("k", "VariableV2").build()));
        assertEquals(
                0,
                Tf1Shapes.elements(node("k", "VariableV2")
                        .putAttr("_output_shapes", unknownRankList())
                        .build()));
    }

    /**
     * A Pad without its paddings input, or an input reference with a name for an index: unknown, never an exception.
     */
    @Test
    void malformedPadsAndReferencesGiveUnknownShapes() {
        List<NodeDef> path = List.of(
                node("x", "Placeholder").build(),
                node("pad", "Pad", "x").build(),
                node("ctl", "Pad", "x", "^pad").build(),
                node("odd", "Relu", "x:first").build());
        Map<String, List<List<Integer>>> shapes = Tf1Shapes.of(path, signature("x:0", -1, 28, 28, 1));
        assertEquals(List.of(s(null, 28, 28, 1)), shapes.get("x"));
        assertEquals(Arrays.asList((List<Integer>) null), shapes.get("pad"), "no paddings input");
        assertEquals(Arrays.asList((List<Integer>) null), shapes.get("ctl"), "a control input is not the paddings");
        assertEquals(Arrays.asList((List<Integer>) null), shapes.get("odd"), "x:first names no output");
    }
}
