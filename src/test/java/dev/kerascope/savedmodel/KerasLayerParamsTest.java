package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static dev.kerascope.savedmodel.SyntheticSavedModel.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.ReceptiveFields;
import dev.kerascope.summary.SummaryRow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * Parameter counts of a Keras 2 model from the variables its layer objects own, on object graphs built by hand: counts
 * are products of the variable shapes, as Keras's {@code count_params} computes them; a layer with any non-trainable
 * weight is shown non-trainable; totals are bounded at 2^50 values.
 */
class KerasLayerParamsTest {
    private final SavedObjectGraph.Builder graph = SavedObjectGraph.newBuilder();
    private final Map<Integer, KerasObject> objects = new HashMap<>();

    private int object(String metadataJson) throws Exception {
        graph.addNodes(SavedObject.newBuilder());
        int id = graph.getNodesCount() - 1;
        objects.put(
                id, new KerasObject(id, "n" + id, "_tf_keras_layer", JSON.readTree(metadataJson.replace('`', '"'))));
        return id;
    }

    private int variable(String name, boolean trainable, long... dims) {
        graph.addNodes(SavedObject.newBuilder()
                .setVariable(SavedVariable.newBuilder()
                        .setName(name)
                        .setTrainable(trainable)
                        .setDtype(DataType.DT_FLOAT)
                        .setShape(SyntheticSavedModel.shape(dims))));
        return graph.getNodesCount() - 1;
    }

    private void child(int parent, String local, int id) {
        graph.getNodesBuilder(parent)
                .addChildren(ObjectReference.newBuilder().setLocalName(local).setNodeId(id));
    }

    private int list(int owner, int... vars) {
        graph.addNodes(SavedObject.newBuilder());
        int id = graph.getNodesCount() - 1;
        for (int i = 0; i < vars.length; i++) {
            child(id, Integer.toString(i), vars[i]);
        }
        child(owner, "variables", id);
        return id;
    }

    private static final String CONV_BN =
            """
            {`class_name`: `Sequential`, `name`: `seq`, `config`: {`name`: `seq`, `layers`: [
              {`class_name`: `InputLayer`, `config`: {`name`: `in`, `batch_input_shape`: [null, 8, 8, 1]}},
              {`class_name`: `Conv2D`, `config`: {`name`: `conv`, `filters`: 2, `kernel_size`: [1, 1]}},
              {`class_name`: `BatchNormalization`, `config`: {`name`: `bn`}}]}}""";

    private ModelSummary summary() {
        return KerasModelSummarizer.summarize(graph.build(), objects, Path.of("keras_metadata.pb"))
                .orElseThrow();
    }

    @Test
    void layersCountWhatTheyOwnAndOneFrozenWeightMakesALayerNonTrainable() throws Exception {
        int root = object(CONV_BN);
        int conv = object("{`name`: `conv`, `keras_version`: `2.11.0`}");
        int bn = object("{`name`: `bn`}");
        child(root, "layer-0", conv);
        child(root, "layer-1", bn);
        int kernel = variable("conv/kernel", true, 1, 1, 1, 2);
        int bias = variable("conv/bias", true, 2);
        child(conv, "kernel", kernel); // no variables list: its own variable children
        child(conv, "bias", bias);
        child(conv, "no_variable", object("{}"));
        int gamma = variable("bn/gamma", true, 2);
        int beta = variable("bn/beta", true, 2);
        int mean = variable("bn/moving_mean", false, 2);
        int var = variable("bn/moving_variance", false, 2);
        list(bn, gamma, beta, mean, var);
        child(bn, "stray", variable("bn/not_listed", true, 100));
        list(root, kernel, bias, gamma, beta, mean, var);

        ModelSummary m = summary();
        assertEquals(
                List.of(
                        new SummaryRow("conv", "Conv2D", s(null, 8, 8, 2), 4, true, List.of()),
                        new SummaryRow("bn", "BatchNormalization", s(null, 8, 8, 2), 8, false, List.of())),
                m.rows());
        assertEquals(8, m.trainableParams());
        assertEquals(4, m.nonTrainableParams());
        assertEquals("2.11.0", m.kerasVersion(), "the root has none: a layer's");
        assertEquals(
                new ReceptiveFields.Chain(
                        "in", 8, List.of(new ReceptiveFields.Window("conv", "Conv2D", 1, 1, "valid", 0))),
                m.spatialChain());
    }

    @Test
    void noKerasVersionAnywhereIsNone() throws Exception {
        object(CONV_BN);
        assertNull(summary().kerasVersion());
    }

    @Test
    void exactly2To50ValuesAreCountedAndMoreAreRefused() throws Exception {
        int root = object(CONV_BN);
        list(root, variable("big", true, 1L << 25, 1L << 25), variable("empty", true, 0, 5));
        assertEquals(1L << 50, summary().trainableParams());

        KerasLayerParamsTest over = new KerasLayerParamsTest();
        int r = over.object(CONV_BN);
        over.list(r, over.variable("big", true, 1L << 25, (1L << 25) + 1));
        BadInputException one = assertThrows(BadInputException.class, over::summary);
        assertTrue(one.getMessage().contains("variable big has shape [33554432, 33554433]"), one.getMessage());

        KerasLayerParamsTest sum = new KerasLayerParamsTest();
        int s = sum.object(CONV_BN);
        sum.list(s, sum.variable("a", true, 1L << 49), sum.variable("b", true, (1L << 49) + 1));
        BadInputException total = assertThrows(BadInputException.class, sum::summary);
        assertTrue(total.getMessage().contains("its variables hold over 2^50 values"), total.getMessage());
    }

    @Test
    void theSpatialChainStartsAtTheFirstLayersInputShape() throws Exception {
        var config = JSON.readTree(
                """
                {"layers": [
                  {"class_name": "Conv2D", "config": {"name": "c", "batch_input_shape": [null, 28, 28, 1],
                   "kernel_size": 3, "strides": 2, "padding": "SAME"}},
                  {"class_name": "AveragePooling2D", "config": {"name": "p", "pool_size": 2}},
                  {"class_name": "Dense", "config": {"name": "d"}},
                  {"class_name": "MaxPooling2D", "config": {"name": "late", "pool_size": 2}}]}""");
        assertEquals(
                new ReceptiveFields.Chain(
                        "c",
                        28,
                        List.of(
                                new ReceptiveFields.Window("c", "Conv2D", 3, 2, "same", 0),
                                new ReceptiveFields.Window("p", "AveragePooling2D", 2, 2, "valid", 0))),
                KerasModelSummarizer.spatialChain(config, List.of()));
    }

    @Test
    void aFunctionalModelsLayerWithAFrozenWeightIsNonTrainable() throws Exception {
        int root = object("{`class_name`: `Functional`, `name`: `f`, `config`: {`name`: `f`, `layers`: ["
                + "{`class_name`: `InputLayer`, `name`: `in`, `config`: {`batch_input_shape`: [null, 3]},"
                + " `inbound_nodes`: []},"
                + "{`class_name`: `BatchNormalization`, `name`: `bn`, `config`: {},"
                + " `inbound_nodes`: [[[`in`, 0, 0, {}]]]}],"
                + " `input_layers`: [[`in`, 0, 0]], `output_layers`: [[`bn`, 0, 0]]}}");
        int bn = object("{`name`: `bn`}");
        child(root, "layer-1", bn);
        list(bn, variable("bn/gamma", true, 3), variable("bn/moving_mean", false, 3));
        assertEquals(
                List.of(
                        new SummaryRow("in", "InputLayer", s(null, 3), 0, true, List.of()),
                        new SummaryRow("bn", "BatchNormalization", s(null, 3), 6, false, List.of("in[0][0]"))),
                summary().rows());
    }
}
