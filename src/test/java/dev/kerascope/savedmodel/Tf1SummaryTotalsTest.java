package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * The summary of a hand-built TF1 graph: which signature it follows, totals over every parameter variable (trainable as
 * the trainable_variables collection says) against the rows, and whether the layers form a chain. Counts are the
 * products of the variable shapes, by hand.
 */
class Tf1SummaryTotalsTest {
    /** x (4 features) → dense (4×3 + 3 = 15 parameters); a variable of 5 that no signature reads. */
    private static Tf1Graph dense() {
        return new Tf1Graph()
                .input("x", "x", -1, 4)
                .variable("dense/kernel", 4, 3)
                .variable("dense/bias", 3)
                .op("dense/MatMul", "MatMul", "x", "dense/kernel/read")
                .op("dense/BiasAdd", "BiasAdd", "dense/MatMul", "dense/bias/read")
                .variable("unused/w", 5);
    }

    /** Adds signatures: serving_default (same as predict) and one whose input is an int, first in name order. */
    private static MetaGraphDef withSignatures(MetaGraphDef meta) {
        SignatureDef predict = meta.getSignatureDefOrThrow("predict");
        SignatureDef ints = predict.toBuilder()
                .putInputs(
                        "ids",
                        TensorInfo.newBuilder()
                                .setName("x:0")
                                .setDtype(DataType.DT_INT32)
                                .build())
                .build();
        return meta.toBuilder()
                .putSignatureDef("serving_default", predict)
                .putSignatureDef("a_ids", ints)
                .build();
    }

    @Test
    void servingDefaultIsPreferredAndUnreadVariablesAreNamedInTheNote() {
        MetaGraphDef meta =
                withSignatures(dense().output("y", "dense/BiasAdd:0").meta());
        ModelSummary m = Tf1Summary.of(meta, "m").orElseThrow();
        assertEquals(List.of(new SummaryRow("dense", "Dense", s(null, 3), 15, true, List.of())), m.rows());
        assertEquals(20, m.trainableParams(), "15 + 5: no collection, all trainable");
        assertEquals(80, m.trainableBytes());
        assertEquals(0, m.nonTrainableParams());
        assertTrue(m.sequentialLike());
        assertTrue(m.note().contains("signature 'serving_default'"), m.note());
        assertTrue(
                m.note()
                        .endsWith("; 5 parameters in variables that signature does not read are in the totals, not in"
                                + " the rows"),
                m.note());
    }

    @Test
    void withoutServingDefaultTheFirstAllFloatSignatureInNameOrder() {
        MetaGraphDef.Builder b =
                withSignatures(dense().output("y", "dense/BiasAdd:0").meta()).toBuilder();
        b.removeSignatureDef("serving_default");
        b.putSignatureDef("z_predict", b.getSignatureDefOrThrow("predict"));
        ModelSummary m = Tf1Summary.of(b.build(), "m").orElseThrow();
        assertTrue(m.note().contains("signature 'predict'"), m.note());
    }

    @Test
    void theCollectionSaysWhatIsTrainableAndAnUnreadableOneSaysNothing() {
        MetaGraphDef meta =
                dense().trainable("dense/kernel").output("y", "dense/BiasAdd:0").meta();
        ModelSummary m = Tf1Summary.of(meta, "m").orElseThrow();
        assertEquals(12, m.trainableParams());
        assertEquals(3 + 5, m.nonTrainableParams());
        assertEquals(32, m.nonTrainableBytes());
        assertTrue(
                m.note()
                        .endsWith("; 5 parameters in variables that signature does not read are in the totals,"
                                + " not in the rows"),
                m.note());
        CollectionDef truncated = CollectionDef.newBuilder()
                .setBytesList(CollectionDef.BytesList.newBuilder()
                        .addValue(ByteString.copyFrom(new byte[] {0x0A, 0x05, 'x'})))
                .build();
        MetaGraphDef unreadable = meta.toBuilder()
                .putCollectionDef("trainable_variables", truncated)
                .build();
        assertEquals(20, Tf1Summary.of(unreadable, "m").orElseThrow().trainableParams());
    }

    @Test
    void rowsThatReadEveryVariableLeaveNoNote() {
        MetaGraphDef meta = new Tf1Graph()
                .input("x", "x", -1, 4)
                .variable("dense/kernel", 4, 3)
                .op("dense/MatMul", "MatMul", "x", "dense/kernel/read")
                .output("y", "dense/MatMul:0")
                .meta();
        ModelSummary m = Tf1Summary.of(meta, "m").orElseThrow();
        assertEquals(12, m.rows().get(0).params());
        assertTrue(m.note().endsWith("one op directly in the model's scope)"), m.note());
    }

    @Test
    void aLayerFeedingTwoOthersIsNoChain() {
        MetaGraphDef meta = dense().op("relu", "Relu", "dense/BiasAdd")
                .op("sig", "Sigmoid", "dense/BiasAdd")
                .op("sum", "AddV2", "relu", "sig")
                .output("y", "sum:0")
                .meta();
        ModelSummary m = Tf1Summary.of(meta, "m").orElseThrow();
        assertEquals(
                List.of("dense", "relu", "sig", "sum"),
                m.rows().stream().map(SummaryRow::name).toList());
        assertFalse(m.sequentialLike());
        MetaGraphDef twoInputs = new Tf1Graph()
                .input("x", "x", -1, 4)
                .op("relu", "Relu", "x")
                .op("sig", "Sigmoid", "x")
                .op("sum", "AddV2", "relu", "sig")
                .output("y", "sum:0")
                .meta();
        ModelSummary joined = Tf1Summary.of(twoInputs, "m").orElseThrow();
        assertEquals(List.of("relu[0][0]", "sig[0][0]"), joined.rows().get(2).inbound());
        assertFalse(joined.sequentialLike(), "two inputs, though no layer feeds two");
    }

    @Test
    void aGraphWithoutAFloatSignatureOrLayersHasNoSummary() {
        MetaGraphDef meta = dense().output("y", "dense/BiasAdd:0").meta();
        MetaGraphDef.Builder onlyInts = meta.toBuilder().clearSignatureDef();
        onlyInts.putSignatureDef("ids", withSignatures(meta).getSignatureDefOrThrow("a_ids"));
        assertTrue(Tf1Summary.of(onlyInts.build(), "m").isEmpty());
        assertTrue(
                Tf1Summary.of(meta.toBuilder().clearSignatureDef().build(), "m").isEmpty());
    }

    @Test
    void aTf1SavedModelWithoutLayersIsSummarisedByVariableScope(@TempDir Path dir) throws Exception {
        MetaGraphDef.Builder meta = dense().meta().toBuilder().clearSignatureDef();
        meta.getMetaInfoDefBuilder().addTags("serve");
        Files.write(
                dir.resolve("saved_model.pb"),
                SavedModel.newBuilder().addMetaGraphs(meta).build().toByteArray());
        ModelSummary m = SavedModelSummaries.summarize(dir, Set.of("serve"));
        assertEquals(
                List.of("dense", "unused"),
                m.rows().stream().map(SummaryRow::name).toList());
        assertEquals(20, m.trainableParams());
        assertTrue(m.note().startsWith("TF1 graph without Keras layers"), m.note());
    }

    @Test
    void aChainOfLayersEachReadingThePreviousIsSequential() {
        MetaGraphDef meta = dense().op("relu", "Relu", "dense/BiasAdd")
                .output("y", "relu:0")
                .meta();
        ModelSummary m = Tf1Summary.of(meta, "m").orElseThrow();
        assertEquals(
                List.of(List.of(), List.of("dense[0][0]")),
                m.rows().stream().map(SummaryRow::inbound).toList());
        assertTrue(m.sequentialLike());
    }
}
