package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedUserObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * Rows per variable scope for models without Keras metadata, from hand-built object graphs and TF1 graphs whose counts
 * are worked out by hand (elements = product of the dims; bytes = elements × the dtype's size).
 */
class VariableScopeRowsTest {
    private final SavedObjectGraph.Builder graph = SavedObjectGraph.newBuilder();

    private int object() {
        graph.addNodes(SavedObject.newBuilder()
                .setUserObject(SavedUserObject.newBuilder().setIdentifier("o")));
        return graph.getNodesCount() - 1;
    }

    private int variable(String name, boolean trainable, DataType dtype, long... dims) {
        graph.addNodes(SavedObject.newBuilder()
                .setVariable(SavedVariable.newBuilder()
                        .setName(name)
                        .setTrainable(trainable)
                        .setDtype(dtype)
                        .setShape(SyntheticSavedModel.shape(dims))));
        return graph.getNodesCount() - 1;
    }

    private void child(int parent, String local, int id) {
        graph.getNodesBuilder(parent)
                .addChildren(ObjectReference.newBuilder().setLocalName(local).setNodeId(id));
    }

    private static SummaryRow row(String scope, long params, boolean trainable) {
        return new SummaryRow(scope, "variables", null, params, trainable, List.of());
    }

    @Test
    void aTf2ObjectTreeIsWalkedOnceWithoutItsOptimizer() {
        int root = object();
        int layer = object();
        child(root, "dense", layer);
        child(root, "again", layer); // the same layer tracked twice is counted once
        child(layer, "kernel", variable("dense/kernel:0", true, DataType.DT_FLOAT, 3, 4));
        child(layer, "bias", variable("dense/bias:0", true, DataType.DT_DOUBLE, 4));
        child(layer, "moving", variable("dense/moving:0", false, DataType.DT_HALF, 4));
        child(layer, "loop", root); // a reference back up is not walked again
        child(root, "w", variable("", true, DataType.DT_FLOAT, -1, 5)); // no name: the local one; unknown dim: 0
        child(root, "copy", variable("dense/kernel:0", true, DataType.DT_FLOAT, 3, 4)); // same name, counted once
        child(root, "seed", variable("seed_generator/seed_generator_state", false, DataType.DT_INT64, 2));
        int optimizer = object();
        child(root, "optimizer", optimizer);
        child(optimizer, "m", variable("dense/kernel/m", true, DataType.DT_FLOAT, 3, 4));
        int legacy = object();
        child(root, "_optimizer", legacy);
        child(legacy, "v", variable("dense/kernel/v", true, DataType.DT_FLOAT, 3, 4));

        ModelSummary m = VariableScopeSummarizer.fromObjectGraph(graph.build(), "m", "a note");
        // the root's own children come first (breadth first): w, then copy's dense/kernel:0, then the layer's
        assertEquals(List.of(row("w", 0, true), row("dense", 12 + 4 + 4, false)), m.rows());
        assertEquals(16, m.trainableParams());
        assertEquals(12 * 4 + 4 * 8, m.trainableBytes());
        assertEquals(4, m.nonTrainableParams());
        assertEquals(4 * 2, m.nonTrainableBytes());
        assertEquals("m", m.modelName());
        assertEquals("a note", m.note());
        assertTrue(m.sequentialLike());
    }

    @Test
    void aRootListingItsVariablesIsReadFromThatListOnly() {
        int root = object();
        int layer = object();
        child(root, "layer", layer);
        child(layer, "kernel", variable("other/kernel", true, DataType.DT_FLOAT, 7));
        int list = object();
        child(root, "variables", list);
        child(list, "0", variable("conv/kernel", true, DataType.DT_FLOAT, 3, 3, 1, 2));
        child(list, "1", variable("conv/bias", true, DataType.DT_FLOAT, 2));
        ModelSummary m = VariableScopeSummarizer.fromObjectGraph(graph.build(), "m", null);
        assertEquals(List.of(row("conv", 20, true)), m.rows());
        assertEquals(80, m.trainableBytes());
    }

    @Test
    void aNameWithoutAScopeOrStartingWithASlashIsItsOwnRow() {
        int root = object();
        child(root, "a", variable("scale:0", true, DataType.DT_INT8, 6));
        child(root, "b", variable("/top", false, DataType.DT_COMPLEX128, 2));
        child(root, "c", variable("a/b/c:1", true, DataType.DT_BOOL, 5));
        ModelSummary m = VariableScopeSummarizer.fromObjectGraph(graph.build(), "m", null);
        assertEquals(List.of(row("scale", 6, true), row("/top", 2, false), row("a/b", 5, true)), m.rows());
        assertEquals(11, m.trainableBytes());
        assertEquals(32, m.nonTrainableBytes());
    }

    private static NodeDef var(String name, String op, DataType dtype, long... dims) {
        NodeDef.Builder n = NodeDef.newBuilder().setName(name).setOp(op);
        if (dtype != null) {
            n.putAttr("dtype", AttrValue.newBuilder().setType(dtype).build());
        }
        if (dims != null) {
            n.putAttr(
                    "shape",
                    AttrValue.newBuilder()
                            .setShape(SyntheticSavedModel.shape(dims))
                            .build());
        }
        return n.build();
    }

    @Test
    void aTf1GraphCountsItsVariableOpsButNotOptimizerSlotsOrStrings() {
        GraphDef.Builder g = GraphDef.newBuilder()
                .addNode(var("conv/kernel", "VariableV2", DataType.DT_FLOAT, 5, 5, 1, 32))
                .addNode(var("conv/bias", "Variable", DataType.DT_DOUBLE, 32))
                .addNode(var("fc/w", "VarHandleOp", DataType.DT_HALF, 10, 3))
                .addNode(var("fc/b", "VarHandleOp", null, 3)) // no dtype: float
                .addNode(var("fc/shapeless", "VariableV2", DataType.DT_FLOAT, (long[]) null))
                .addNode(var("conv/kernel/Adam", "VariableV2", DataType.DT_FLOAT, 5, 5, 1, 32))
                .addNode(var("conv/kernel/Adam_1", "VariableV2", DataType.DT_FLOAT, 5, 5, 1, 32))
                .addNode(var("beta1_power", "VariableV2", DataType.DT_FLOAT))
                .addNode(var("global_step", "VariableV2", DataType.DT_INT64))
                .addNode(var("train/global_step", "VariableV2", DataType.DT_INT64))
                .addNode(var("filename", "VariableV2", DataType.DT_STRING))
                .addNode(var("handle", "VarHandleOp", DataType.DT_RESOURCE, 4))
                .addNode(var("conv/read", "Identity", DataType.DT_FLOAT, 5));
        MetaGraphDef meta = MetaGraphDef.newBuilder().setGraphDef(g).build();
        ModelSummary m = VariableScopeSummarizer.fromGraphDef(meta, "tf1", "n");
        assertEquals(List.of(row("conv", 800 + 32, true), row("fc", 30 + 3 + 0, true)), m.rows());
        assertEquals(865, m.trainableParams());
        assertEquals(800 * 4 + 32 * 8 + 30 * 2 + 3 * 4, m.trainableBytes());
        assertEquals(0, m.nonTrainableParams());
        assertEquals("n", m.note());
    }

    @Test
    void optimizerSlotNamesAreRecognisedAndLayerNamesAreNot() {
        for (String slot : List.of(
                "d/kernel/Adam",
                "d/kernel/Adam_3",
                "d/kernel/Momentum",
                "d/k/RMSProp_1",
                "d/k/Adagrad",
                "d/k/Adadelta_2",
                "d/k/Ftrl",
                "beta2_power_1",
                "global_step")) {
            assertTrue(VariableScopeSummarizer.TF1_OPTIMIZER.matcher(slot).matches(), slot);
        }
        for (String weight : List.of("Adam/kernel", "d/kernel", "adam", "my_global_steps/w")) {
            assertFalse(VariableScopeSummarizer.TF1_OPTIMIZER.matcher(weight).matches(), weight);
        }
    }
}
