package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static dev.kerascope.savedmodel.SyntheticSavedModel.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedConcreteFunction;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedFunction;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.Struct.DictValue;
import org.tensorflow.proto.Struct.ListValue;
import org.tensorflow.proto.Struct.NoneValue;
import org.tensorflow.proto.Struct.StructuredValue;
import org.tensorflow.proto.Struct.TensorSpecProto;
import org.tensorflow.proto.Struct.TupleValue;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * The layer objects of a Keras 2 object graph built by hand: which node is which layer, the shape each was built with,
 * and the output shapes of its saved call functions (a TensorSpec's dims, -1 for None, in the order tf.nest flattens
 * tuples, lists and dicts); and how a layer no config rule covers takes its shape from them.
 */
class SavedLayerObjectsTest {
    private final SavedObjectGraph.Builder graph = SavedObjectGraph.newBuilder();
    private final Map<Integer, KerasObject> objects = new HashMap<>();
    private int functions;

    private int object(String metadataJson) throws Exception {
        graph.addNodes(SavedObject.newBuilder());
        int id = graph.getNodesCount() - 1;
        if (metadataJson != null) {
            objects.put(id, new KerasObject(id, "n" + id, "_tf_keras_layer", JSON.readTree(metadataJson)));
        }
        return id;
    }

    private void child(int parent, String local, int id) {
        graph.getNodesBuilder(parent)
                .addChildren(ObjectReference.newBuilder().setLocalName(local).setNodeId(id));
    }

    private static StructuredValue tensor(long... dims) {
        return StructuredValue.newBuilder()
                .setTensorSpecValue(TensorSpecProto.newBuilder().setShape(SyntheticSavedModel.shape(dims)))
                .build();
    }

    /** A {@code __call__} child of {@code layer} with one concrete function per output signature. */
    private void call(int layer, String local, StructuredValue... signatures) {
        SavedFunction.Builder fn = SavedFunction.newBuilder();
        for (StructuredValue sig : signatures) {
            String name = "fn_" + (++functions);
            graph.putConcreteFunctions(
                    name,
                    SavedConcreteFunction.newBuilder().setOutputSignature(sig).build());
            fn.addConcreteFunctions(name);
        }
        fn.addConcreteFunctions("not_in_the_graph");
        graph.addNodes(SavedObject.newBuilder().setFunction(fn));
        child(layer, local, graph.getNodesCount() - 1);
    }

    private LayerObjects layers() {
        return new LayerObjects(graph.build(), objects);
    }

    @Test
    void aModelsLayersAreItsLayerChildrenInIndexOrder() throws Exception {
        int root = object("{`name`: `m`}".replace('`', '"'));
        int second = object("{`name`: `b`}".replace('`', '"'));
        int first = object("{`name`: `a`}".replace('`', '"'));
        int unnamed = object("{}");
        child(root, "layer-10", second);
        child(root, "layer-2", first);
        child(root, "layer-3", unnamed);
        child(root, "layer_with_weights-0", first);
        child(root, "layer-11", object(null));
        LayerObjects l = layers();
        assertEquals(List.of("a", "b"), List.copyOf(l.layersOf(root).keySet()), "2 before 10, by number");
        assertEquals(first, l.layersOf(0).get("a"));
        assertEquals(Map.of(), l.layersOf(-1));
        assertEquals(Map.of(), l.layersOf(graph.getNodesCount()));
        assertEquals(Map.of(), l.layersOf(null));
    }

    @Test
    void theBuildShapeIsOneShapeOrNone() throws Exception {
        int tuple = object("{`build_input_shape`: {`class_name`: `__tuple__`, `items`: [null, 4]}}".replace('`', '"'));
        int list = object("{`build_input_shape`: [8, null, 3]}".replace('`', '"'));
        int several = object("{`build_input_shape`: [[null, 4], [null, 3]]}".replace('`', '"'));
        int none = object("{`name`: `x`}".replace('`', '"'));
        LayerObjects l = layers();
        assertEquals(s(null, 4), l.buildInputShape(tuple));
        assertEquals(s(8, null, 3), l.buildInputShape(list));
        assertNull(l.buildInputShape(several), "several inputs");
        assertNull(l.buildInputShape(none));
        assertNull(l.buildInputShape(99), "no such object");
        assertNull(l.buildInputShape(null));
    }

    @Test
    void callSignaturesAreFlattenedInNestOrderAndMustAgree() throws Exception {
        int root = object("{}");
        int plain = object("{}");
        call(plain, "__call__", tensor(-1, 0, 3), tensor(-1, 0, 3));
        int nested = object("{}");
        StructuredValue dict = StructuredValue.newBuilder()
                .setDictValue(
                        DictValue.newBuilder().putFields("b", tensor(-1, 2)).putFields("a", tensor(-1, 1)))
                .build();
        StructuredValue list = StructuredValue.newBuilder()
                .setListValue(ListValue.newBuilder().addValues(tensor(-1, 5)).addValues(dict))
                .build();
        call(
                nested,
                "__call__",
                StructuredValue.newBuilder()
                        .setTupleValue(TupleValue.newBuilder().addValues(list))
                        .build());
        int disagreeing = object("{}");
        call(disagreeing, "__call__", tensor(-1, 3), tensor(-1, 4));
        int noneOutput = object("{}");
        call(
                noneOutput,
                "__call__",
                StructuredValue.newBuilder()
                        .setNoneValue(NoneValue.getDefaultInstance())
                        .build());
        call(noneOutput, "call_and_return_conditional_losses", tensor(-1, 9));
        int withNone = object("{}");
        StructuredValue tensorAndNone = StructuredValue.newBuilder()
                .setTupleValue(TupleValue.newBuilder()
                        .addValues(tensor(-1, 7))
                        .addValues(StructuredValue.newBuilder().setNoneValue(NoneValue.getDefaultInstance())))
                .build();
        call(withNone, "__call__", tensorAndNone, tensor(-1, 6));
        int unknownRank = object("{}");
        call(
                unknownRank,
                "__call__",
                StructuredValue.newBuilder()
                        .setTensorSpecValue(TensorSpecProto.newBuilder()
                                .setShape(TensorShapeProto.newBuilder().setUnknownRank(true)))
                        .build());
        child(root, "plain", plain);
        LayerObjects l = layers();
        assertEquals(List.of(s(null, 0, 3)), l.signatureOutputs(plain), "a 0 dimension is 0, not None");
        assertEquals(List.of(s(null, 5), s(null, 1), s(null, 2)), l.signatureOutputs(nested), "dict keys sorted");
        assertNull(l.signatureOutputs(disagreeing), "two traces with different shapes");
        assertNull(l.signatureOutputs(noneOutput), "no tensor, and only __call__ counts");
        assertEquals(List.of(s(null, 6)), l.signatureOutputs(withNone), "a trace holding a None is skipped");
        assertEquals(Arrays.asList((List<Integer>) null), l.signatureOutputs(unknownRank));
        assertNull(l.signatureOutputs(root), "the root has no __call__");
        assertNull(l.signatureOutputs(-1));
        assertNull(l.signatureOutputs(graph.getNodesCount()));
        assertNull(l.signatureOutputs(null));
    }

    private ModelShapes shapes() {
        return new ModelShapes(layers(), new KerasConfigRefs(Path.of("keras_metadata.pb")));
    }

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s.replace('`', '"'));
    }

    @Test
    void aLayerNoRuleCoversTakesItsTracedShapeWithTheInputsBatch() throws Exception {
        int layer = object("{}");
        call(layer, "__call__", tensor(-1, 3), tensor(-1, 3));
        int relaxed = object("{}");
        call(relaxed, "__call__", tensor(-1, -1));
        int batched = object("{}");
        call(batched, "__call__", tensor(5, 2));
        int untraced = object("{}");
        int scalar = object("{}");
        call(scalar, "__call__", tensor());
        int opaque = object("{}");
        call(
                opaque,
                "__call__",
                StructuredValue.newBuilder()
                        .setTensorSpecValue(TensorSpecProto.newBuilder()
                                .setShape(TensorShapeProto.newBuilder().setUnknownRank(true)))
                        .build());
        ModelShapes m = shapes();
        JsonNode c = json("{}");
        assertEquals(s(8, 3), m.output("Custom", c, layer, List.of(s(8, 4))));
        assertEquals(s(null, 3), m.output("Custom", c, layer, List.of(s(null, null))));
        assertEquals(List.of(s(null, 3)), m.outputs("Custom", c, layer, List.of()), "no input: the trace as is");
        assertNull(m.output("Custom", c, relaxed, List.of(s(8, 4))), "a relaxed trace says less than the input");
        assertEquals(s(8, null), m.output("Custom", c, relaxed, List.of(s(8, null))));
        assertEquals(s(5, 2), m.output("Custom", c, batched, List.of(s(8, 4))), "a traced batch is kept");
        assertEquals(s(8, 3), m.output("Custom", c, layer, List.of(s(8))), "an input of rank 1");
        assertEquals(s(null, 3), m.output("Custom", c, layer, List.of(List.of())), "an input of rank 0");
        assertEquals(s(), m.output("Custom", c, scalar, List.of(s(8, 4))), "a scalar output");
        assertEquals(s(8, 4), m.output("Activation", c, batched, List.of(s(8, 4))), "a rule wins over a trace");
        assertNull(m.outputs("Custom", c, untraced, List.of(s(8, 4))));
        assertNull(m.outputs("Custom", c, null, List.of(s(8, 4))));
        assertEquals(Arrays.asList((List<Integer>) null), m.outputs("Custom", c, opaque, List.of(s(8, 4))));
    }

    @Test
    void aSequentialWithoutAnyInputShapeHasUnknownShapes() throws Exception {
        JsonNode config = json("{`layers`: [{`class_name`: `Activation`, `config`: {`name`: `relu`}}]}");
        assertEquals(Arrays.asList((List<Integer>) null), shapes().sequential(config, null, null));
        assertEquals(List.of(s(2, 3)), shapes().sequential(config, null, s(2, 3)));
    }

    @Test
    void aSequentialWithoutInputShapeLeavesEvenATracedLayerUnknown() throws Exception {
        int root = object("{`name`: `seq`}".replace('`', '"'));
        int custom = object("{`name`: `custom`}".replace('`', '"'));
        call(custom, "__call__", tensor(-1, 3));
        child(root, "layer-0", custom);
        JsonNode config = json("{`layers`: [{`class_name`: `Custom`, `config`: {`name`: `custom`}}]}");
        assertEquals(Arrays.asList((List<Integer>) null), shapes().sequential(config, root, null));
        int outer = object("{`name`: `outer`}".replace('`', '"'));
        child(outer, "layer-1", custom);
        JsonNode nested = json("{`layers`: [{`class_name`: `Sequential`, `config`: {`name`: `inner`, `layers`: []}},"
                + " {`class_name`: `Custom`, `config`: {`name`: `custom`}}]}");
        assertEquals(Arrays.asList(null, null), shapes().sequential(nested, outer, null));
    }
}
