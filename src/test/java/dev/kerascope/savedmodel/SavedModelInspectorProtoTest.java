package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.GraphNodes.node;
import static dev.kerascope.savedmodel.GraphNodes.shapeAttr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.savedmodel.SavedModelInfo.Variable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.VariableDef;

/** inspect on SavedModel protos written here, so every count is known: variables, bytes, tag sets, the op histogram. */
class SavedModelInspectorProtoTest {
    @TempDir
    Path dir;

    private static NodeDef variable(String name, String op, DataType dtype, long... dims) {
        return node(name, op)
                .putAttr("shape", shapeAttr(dims))
                .putAttr("dtype", AttrValue.newBuilder().setType(dtype).build())
                .build();
    }

    private Path write(MetaGraphDef... metas) throws Exception {
        SavedModel.Builder m = SavedModel.newBuilder().setSavedModelSchemaVersion(1);
        for (MetaGraphDef meta : metas) {
            m.addMetaGraphs(meta);
        }
        Files.write(dir.resolve("saved_model.pb"), m.build().toByteArray());
        return dir;
    }

    private static MetaGraphDef.Builder tagged(MetaGraphDef meta, String... tags) {
        MetaGraphDef.Builder b = meta.toBuilder();
        b.getMetaInfoDefBuilder().addAllTags(List.of(tags));
        return b;
    }

    @Test
    void aTf1GraphListsItsVariablesWithTheirBytesAndCountsEachOp() throws Exception {
        MetaGraphDef graph = new Tf1Graph()
                .input("x", "x", -1, 3)
                .add(variable("w", "VariableV2", DataType.DT_FLOAT, 3, 4))
                .add(variable("h", "VarHandleOp", DataType.DT_DOUBLE, -1, 2))
                .add(variable("step", "Variable", DataType.DT_INT64))
                .op("y", "MatMul", "x", "w")
                .op("r1", "Relu", "y")
                .op("r2", "Relu", "r1")
                .output("y", "r2:0")
                .meta();
        SavedModelInfo info = SavedModelInspector.inspect(
                write(
                        tagged(graph, "serve").build(),
                        tagged(graph, "train", "gpu").build()),
                Set.of("serve"));
        assertEquals(List.of(List.of("serve"), List.of("train", "gpu")), info.tagSets());
        assertEquals(List.of("serve"), info.selectedTags());
        // 3·4 floats = 48 bytes; an unknown dimension holds nothing yet; a scalar int64 is 8 bytes.
        assertEquals(
                List.of(
                        new Variable("w", List.of(3L, 4L), "DT_FLOAT", 48, true),
                        new Variable("h", List.of(-1L, 2L), "DT_DOUBLE", 0, true),
                        new Variable("step", List.of(), "DT_INT64", 8, true)),
                info.variables());
        assertEquals(
                Map.of("Placeholder", 1, "VariableV2", 1, "VarHandleOp", 1, "Variable", 1, "MatMul", 1, "Relu", 2),
                info.opHistogram());
        assertEquals(0, info.functionCount());
        assertEquals(List.of(), info.kerasLayers());
        assertNull(info.kerasVersion());
    }

    @Test
    void aTf1TrainableCollectionMarksTheVariablesOutsideItNonTrainable() throws Exception {
        MetaGraphDef.Builder graph = new Tf1Graph()
                        .input("x", "x", -1, 3)
                        .add(variable("bn/gamma", "VariableV2", DataType.DT_FLOAT, 3))
                        .add(variable("bn/moving_mean", "VariableV2", DataType.DT_FLOAT, 3))
                        .add(variable("global_step", "VariableV2", DataType.DT_INT64))
                        .op("y", "Relu", "x")
                        .output("y", "y:0")
                        .meta()
                        .toBuilder();
        // TF1 writes the collection as serialized VariableDefs naming each variable's tensor
        graph.putCollectionDef(
                "trainable_variables",
                CollectionDef.newBuilder()
                        .setBytesList(CollectionDef.BytesList.newBuilder()
                                .addValue(VariableDef.newBuilder()
                                        .setVariableName("bn/gamma:0")
                                        .build()
                                        .toByteString()))
                        .build());
        SavedModelInfo info =
                SavedModelInspector.inspect(write(tagged(graph.build(), "serve").build()), Set.of("serve"));
        assertEquals(
                List.of(
                        new Variable("bn/gamma", List.of(3L), "DT_FLOAT", 12, true),
                        new Variable("bn/moving_mean", List.of(3L), "DT_FLOAT", 12, false),
                        new Variable("global_step", List.of(), "DT_INT64", 8, false)),
                info.variables());
    }

    @Test
    void anObjectGraphListsEachVariableOnceWithItsTrainableFlagAndOnlyReachedFunctionsCount() throws Exception {
        TracedFunctionGraph traced = new TracedFunctionGraph()
                .dataArg("x")
                .input("x", -1, 2)
                .variable("k", "dense/kernel", true, 2, 2)
                .op("model/dense/ReadVariableOp", "ReadVariableOp", "k")
                .op("model/dense/MatMul", "MatMul", "x", "model/dense/ReadVariableOp:value:0");
        MetaGraphDef.Builder meta = tagged(traced.meta(), "serve");
        SavedObjectGraph.Builder objects = meta.getObjectGraphDefBuilder();
        objects.addNodes(SavedObject.newBuilder()
                .setVariable(SavedVariable.newBuilder()
                        .setName("dense/kernel")
                        .setDtype(DataType.DT_FLOAT)
                        .setShape(SyntheticSavedModel.shape(2, 2))));
        objects.addNodes(SavedObject.newBuilder()
                .setVariable(SavedVariable.newBuilder()
                        .setName("step")
                        .setTrainable(false)
                        .setDtype(DataType.DT_INT32)
                        .setShape(SyntheticSavedModel.shape())));
        meta.getGraphDefBuilder()
                .getLibraryBuilder()
                .addFunction(org.tensorflow.proto.FunctionDef.newBuilder()
                        .setSignature(org.tensorflow.proto.OpDef.newBuilder().setName("__inference_unused_99"))
                        .addNodeDef(node("never", "Softmax")));
        SavedModelInfo info = SavedModelInspector.inspect(write(meta.build()), Set.of("serve"));
        assertEquals(
                List.of(
                        new Variable("dense/kernel", List.of(2L, 2L), "DT_FLOAT", 16, true),
                        new Variable("step", List.of(), "DT_INT32", 4, false)),
                info.variables(),
                "the second dense/kernel is the same one");
        // The graph: the input's Placeholder, the signature's call, the init NoOp; then the wrapper's call, the body's
        // two ops.
        assertEquals(
                Map.of("Placeholder", 1, "StatefulPartitionedCall", 2, "NoOp", 1, "ReadVariableOp", 1, "MatMul", 1),
                info.opHistogram());
        assertEquals(3, info.functionCount(), "the unused function is in the library, not in the histogram");
        assertEquals(
                List.of("__inference_signature_wrapper_30"),
                info.signatures().stream()
                        .filter(s -> s.key().equals("serving_default"))
                        .findFirst()
                        .orElseThrow()
                        .calls()
                        .stream()
                        .map(SavedModelInfo.Call::function)
                        .toList());
    }

    @Test
    void aDimensionOf2To31IsTheLargestReadAndAnEmptyObjectGraphListsTheGraphsVariables() throws Exception {
        MetaGraphDef.Builder graph = tagged(
                new Tf1Graph()
                        .add(variable("w", "VariableV2", DataType.DT_INT8, 1L << 31))
                        .meta(),
                "serve");
        graph.setObjectGraphDef(SavedObjectGraph.getDefaultInstance());
        SavedModelInfo info = SavedModelInspector.inspect(write(graph.build()), Set.of("serve"));
        assertEquals(List.of(new Variable("w", List.of(1L << 31), "DT_INT8", 1L << 31, true)), info.variables());
        MetaGraphDef over = tagged(
                        new Tf1Graph()
                                .add(variable("w", "VariableV2", DataType.DT_INT8, (1L << 31) + 1))
                                .meta(),
                        "serve")
                .build();
        BadInputException e =
                assertThrows(BadInputException.class, () -> SavedModelInspector.inspect(write(over), Set.of("serve")));
        assertTrue(e.getMessage().contains("has an absurd dimension 2147483649"), e.getMessage());
    }
}
