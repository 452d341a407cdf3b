package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static dev.kerascope.savedmodel.SyntheticSavedModel.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;

/**
 * A functional config evaluated call by call on given input shapes; every expected shape follows from the config by
 * hand (Activation keeps its input's shape, Dense replaces the last axis by its units).
 */
class FunctionalEvaluationTest {
    private static final String CONFIG =
            """
            {"name": "f", "layers": [
              {"class_name": "InputLayer", "name": "a", "config":{"batch_input_shape": [null, 4]},"inbound_nodes":[]},
              {"class_name": "InputLayer", "name": "b", "config":{"batch_input_shape": [null, 6]},"inbound_nodes":[]},
              {"class_name": "Activation", "name": "shared", "config": {},
               "inbound_nodes": [[["a", 0, 0, {}]], [["b", 0, 0, {}]]]},
              {"class_name": "Activation", "name": "second", "config": {}, "inbound_nodes": [[["shared", 1, 0, {}]]]},
              {"class_name": "Dense", "name": "past", "config":{"units": 3},"inbound_nodes": [[["second", 1, 0, {}]]]},
              {"class_name": "Dense", "name": "beyond", "config": {"units": 3},
               "inbound_nodes": [[["second", 0, 1, {}]]]},
              {"class_name": "Custom", "name": "custom", "config": {}, "inbound_nodes": [[["a", 0, 0, {}]]]},
              {"class_name": "Dense", "name": "orphan", "config": {"units": 1}, "inbound_nodes": []}],
             "input_layers": [["a", 0, 0], ["b", 0, 0]],
             "output_layers": [["second", 0, 0], ["custom", 0, 0]]}""";

    private static Functional functional() throws Exception {
        ModelShapes shapes = new ModelShapes(
                new LayerObjects(SavedObjectGraph.getDefaultInstance(), Map.of()),
                new KerasConfigRefs(Path.of("keras_metadata.pb")));
        return new Functional(JSON.readTree(CONFIG), shapes, null);
    }

    @Test
    void aSharedLayersSecondCallIsReadByItsNodeIndex() throws Exception {
        Functional f = functional();
        assertEquals(s(null, 6), f.shapeOf("second"), "shared[1][0] is the call on b");
        assertNull(f.shapeOf("shared"), "two calls, two shapes");
        assertEquals("multiple", f.shapeLabelOf("shared"));
        assertEquals(List.of("shared[1][0]"), f.connections("second"));
        assertEquals(List.of("a[0][0]", "b[0][0]"), f.connections("shared"));
        assertFalse(f.sequentialLike());
    }

    @Test
    void referencesPastTheCallsTakeTheFirstCallAndPastTheTensorsNothing() throws Exception {
        Functional f = functional();
        assertEquals(s(null, 3), f.shapeOf("past"), "second has one call: [1] reads call 0");
        assertNull(f.shapeOf("beyond"), "second's call has one tensor: [0][1] is unknown");
        assertNull(f.shapeLabelOf("beyond"));
    }

    @Test
    void unknownAndUncalledLayersHaveNoShapeNorLabel() throws Exception {
        Functional f = functional();
        assertNull(f.shapeOf("custom"));
        assertNull(f.shapeLabelOf("custom"), "no rule and no trace: unknown, not a label");
        assertNull(f.shapeOf("orphan"));
        assertNull(f.shapeLabelOf("orphan"));
        assertEquals(List.of(), f.inputsOf("orphan"));
        assertEquals(List.of(), f.connections("nowhere"));
    }

    @Test
    void givenInputShapesReplaceTheInputLayersAndEachEvaluationStartsAfresh() throws Exception {
        Functional f = functional();
        assertEquals(Arrays.asList(s(7, 6), null), f.outputs(List.of(s(7, 4), s(7, 6))));
        assertEquals(s(7, 6), f.shapeOf("second"), "after an evaluation, its shapes");
        assertEquals(List.of(s(7, 6)), f.inputsOf("second"));
        assertEquals(Arrays.asList(s(9, 6), null), f.outputs(List.of(s(9, 4), s(9, 6))));
        assertEquals(s(9, 6), f.shapeOf("second"));
        assertEquals(
                Arrays.asList(s(null, 6), null), f.outputs(List.of(s(5, 4))), "b not given: its InputLayer's shape");
    }
}
