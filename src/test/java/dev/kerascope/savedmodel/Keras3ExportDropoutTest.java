package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.Keras2ModelSummaryTest.assertRow;
import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorInfo;

/**
 * A Keras 3 {@code export()} of Dense(16) → Dropout → Dense(8) → Activation → Dropout → Dense(4) on 20 features.
 * Dropout leaves no op in the inference graph; each Dropout's SeedGenerator leaves a state variable of shape (2,) among
 * the model's variables, which {@code summary()} never counts (Keras 3 counts {@code weights}; seed state is only in
 * {@code variables}).
 */
class Keras3ExportDropoutTest {
    @TempDir
    Path dir;

    /** One Dense layer's ops under its Keras 3 scope (every scope carries an extra "_1"). */
    static void dense(FunctionDef.Builder f, String scope, String input, String kernelArg, String biasArg) {
        String p = "sequential_1/" + scope + "/";
        f.addNodeDef(node(p + "Cast/ReadVariableOp", "ReadVariableOp", kernelArg));
        f.addNodeDef(node(p + "MatMul", "MatMul", input, p + "Cast/ReadVariableOp:value:0"));
        f.addNodeDef(node(p + "BiasAdd/ReadVariableOp", "ReadVariableOp", biasArg));
        f.addNodeDef(node(p + "BiasAdd", "BiasAdd", p + "MatMul:product:0", p + "BiasAdd/ReadVariableOp:value:0"));
    }

    static NodeDef node(String name, String op, String... inputs) {
        return NodeDef.newBuilder()
                .setName(name)
                .setOp(op)
                .addAllInput(List.of(inputs))
                .build();
    }

    Path export(boolean adjacentFirstDropout) throws Exception {
        SyntheticSavedModel m = new SyntheticSavedModel();
        int root = m.object("_generic_user_object", "root", null);
        List<Integer> vars = new ArrayList<>();
        vars.add(m.variable("sequential/dense/kernel", true, 20, 16));
        vars.add(m.variable("sequential/dense/bias", true, 16));
        int seed = m.variable("seed_generator/seed_generator_state", false, DataType.DT_INT64, 2);
        vars.add(m.variable("sequential/dense_1/kernel", true, 16, 8));
        vars.add(m.variable("sequential/dense_1/bias", true, 8));
        int seed1 = m.variable("seed_generator_1/seed_generator_state", false, DataType.DT_INT64, 2);
        vars.add(m.variable("sequential/dense_2/kernel", true, 8, 4));
        vars.add(m.variable("sequential/dense_2/bias", true, 4));
        // Keras 3's model.variables: layer by layer, each layer's weights then its seed generators' state.
        List<Integer> ordered = new ArrayList<>(vars);
        ordered.add(adjacentFirstDropout ? 2 : 4, seed);
        ordered.add(5, seed1);
        m.variables(root, ordered.stream().mapToInt(Integer::intValue).toArray());

        FunctionDef.Builder f = FunctionDef.newBuilder();
        OpDef.Builder sig = OpDef.newBuilder().setName("__inference___call___100");
        sig.addInputArg(OpDef.ArgDef.newBuilder().setName("keras_tensor").setType(DataType.DT_FLOAT));
        String[] args = {"d_kernel", "d_bias", "d1_kernel", "d1_bias", "d2_kernel", "d2_bias"};
        for (String a : args) {
            sig.addInputArg(OpDef.ArgDef.newBuilder().setName(a).setType(DataType.DT_RESOURCE));
        }
        f.setSignature(
                sig.addOutputArg(OpDef.ArgDef.newBuilder().setName("identity").setType(DataType.DT_FLOAT)));
        dense(f, "dense_1", "keras_tensor", "d_kernel", "d_bias");
        dense(f, "dense_1_2", "sequential_1/dense_1/BiasAdd:output:0", "d1_kernel", "d1_bias");
        f.addNodeDef(node("sequential_1/activation_1/Relu", "Relu", "sequential_1/dense_1_2/BiasAdd:output:0"));
        dense(f, "dense_2_1", "sequential_1/activation_1/Relu:activations:0", "d2_kernel", "d2_bias");
        f.addNodeDef(node("Identity", "Identity", "sequential_1/dense_2_1/BiasAdd:output:0"));
        f.putRet("identity", "Identity:output:0");
        m.function(f.build(), vars.stream().mapToInt(Integer::intValue).toArray());

        var meta = m.meta();
        meta.getGraphDefBuilder()
                .addNode(node("serving_default_keras_tensor", "Placeholder"))
                .addNode(NodeDef.newBuilder()
                        .setName("StatefulPartitionedCall")
                        .setOp("StatefulPartitionedCall")
                        .addInput("serving_default_keras_tensor")
                        .putAttr(
                                "f",
                                AttrValue.newBuilder()
                                        .setFunc(NameAttrList.newBuilder().setName("__inference___call___100"))
                                        .build()));
        meta.putSignatureDef(
                "serving_default",
                SyntheticSavedModel.signature()
                        .putInputs(
                                "keras_tensor",
                                TensorInfo.newBuilder()
                                        .setName("serving_default_keras_tensor:0")
                                        .setDtype(DataType.DT_FLOAT)
                                        .setTensorShape(SyntheticSavedModel.shape(-1, 20))
                                        .build())
                        .putOutputs(
                                "output_0",
                                TensorInfo.newBuilder()
                                        .setName("StatefulPartitionedCall:0")
                                        .setDtype(DataType.DT_FLOAT)
                                        .setTensorShape(SyntheticSavedModel.shape(-1, 4))
                                        .build())
                        .build());
        return m.write(dir.resolve("export" + adjacentFirstDropout), false);
    }

    @Test
    void seedGeneratorStateIsNeverCountedAndADropoutBetweenAdjacentRowsIsPlaced() throws Exception {
        ModelSummary m = SavedModelSummaries.summarize(export(true), Set.of("serve"));
        List<SummaryRow> r = m.rows();
        assertEquals(5, r.size(), r.toString());
        assertRow(r.get(0), "dense", "Dense", s(null, 16), 20 * 16 + 16);
        assertRow(r.get(1), "dropout", "Dropout", s(null, 16), 0);
        assertEquals(List.of("dense[0][0]"), r.get(1).inbound());
        assertRow(r.get(2), "dense_1", "Dense", s(null, 8), 16 * 8 + 8);
        assertRow(r.get(3), "activation", "Activation", s(null, 8), 0);
        assertRow(r.get(4), "dense_2", "Dense", s(null, 4), 8 * 4 + 4);
        assertEquals(336 + 136 + 36, m.totalParams());
        assertEquals(0, m.nonTrainableParams(), "two seed states of 2 would make 4");
        assertEquals(4L * (336 + 136 + 36), m.totalBytes());
        // The second seed state lies between dense_1 and dense_2, with the Activation between them.
        assertTrue(
                m.note().contains("1 Dropout layer(s) hidden")
                        && m.note().contains("dropout_1 (between dense_1 and dense_2)"),
                m.note());
        assertNull(m.kerasVersion());
        assertEquals(ModelSummary.Layout.KERAS3, m.defaultLayout());
    }

    @Test
    void aSeedStateWhosePlaceIsAmbiguousAddsNoRow() throws Exception {
        // Both seed states between dense_1's weights and dense_2's, around the Activation.
        ModelSummary m = SavedModelSummaries.summarize(export(false), Set.of("serve"));
        assertEquals(
                List.of("dense", "dense_1", "activation", "dense_2"),
                m.rows().stream().map(SummaryRow::name).toList());
        assertTrue(m.note().contains("2 Dropout layer(s) hidden"), m.note());
        assertEquals(508, m.totalParams());
    }
}
