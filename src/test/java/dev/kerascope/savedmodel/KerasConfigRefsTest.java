package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SyntheticSavedModel.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.savedmodel.KerasConfigRefs.Ref;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every form of {@code inbound_nodes} tf-keras's {@code Node.serialize} and Keras 3 write, read as the list of tensors
 * each call consumes; and malformed configs refused as bad input naming the file.
 */
class KerasConfigRefsTest {
    @TempDir
    Path dir;

    final KerasConfigRefs refs = new KerasConfigRefs(Path.of("m", "keras_metadata.pb"));

    List<List<String>> calls(String layerJson) throws Exception {
        return refs.calls(JSON.readTree(layerJson)).stream()
                .map(c -> c.stream().map(Ref::label).toList())
                .toList();
    }

    @Test
    void keras2ListsOfReferencesWithKwargs() throws Exception {
        assertEquals(
                List.of(List.of("a[0][0]", "b[1][0]")),
                calls("{\"inbound_nodes\": [[[\"a\", 0, 0, {}], [\"b\", 1, 0, {}]]]}"));
        assertEquals(
                List.of(List.of("x[0][0]"), List.of("x[1][0]")),
                calls("{\"inbound_nodes\": [[[\"x\", 0, 0, {}]], [[\"x\", 1, 0, {}]]]}"),
                "a layer called twice: two calls");
        assertEquals(
                List.of(List.of("a[0][0]")),
                calls("{\"inbound_nodes\": [[[\"a\", 0, 0]]]}"),
                "three-item references (Keras < 2.4)");
    }

    @Test
    void tfOpLambdaKeepsItsInputStructureAndCarriesTensorsInKwargs() throws Exception {
        assertEquals(
                List.of(List.of("conv2d_1[0][0]", "conv2d_2[0][0]")),
                calls("{\"inbound_nodes\": [[\"conv2d_1\", 0, 0, {\"y\": [\"conv2d_2\", 0, 0], \"name\": null}]]}"));
        // tf.concat([a, b], axis=-1): a list as first argument, the kwargs repeated on each tensor, read once.
        assertEquals(
                List.of(List.of("a[0][0]", "b[0][0]")),
                calls("{\"inbound_nodes\": [[[\"a\", 0, 0, {\"axis\": -1}], [\"b\", 0, 0, {\"axis\": -1}]]]}"));
        // kwargs tensors come after the first argument, dict keys sorted as tf.nest.flatten does.
        assertEquals(
                List.of(List.of("x[0][0]", "p[0][0]", "q[2][1]")),
                calls("{\"inbound_nodes\": [[\"x\", 0, 0, {\"z\": [\"q\", 2, 1], \"b\": [\"p\", 0, 0]}]]}"));
        assertEquals(
                List.of(List.of("x[0][0]")),
                calls("{\"inbound_nodes\": [[\"x\", 0, 0, {\"y\": [\"_CONSTANT_VALUE\", -1, 2.0]}]]}"),
                "a constant operand is no input");
        assertEquals(
                List.of(List.of("a[0][0]", "b[0][0]")),
                calls("{\"inbound_nodes\": [{\"k2\": [\"b\", 0, 0, {}], \"k1\": [\"a\", 0, 0, {}]}]}"),
                "a dict of tensors as first argument");
    }

    @Test
    void keras3ArgsAndKwargsWithKerasTensors() throws Exception {
        String t = "{\"class_name\": \"__keras_tensor__\", \"config\": {\"shape\": [null, 4], \"dtype\": \"float32\", "
                + "\"keras_history\": [\"%s\", %d, 0]}}";
        String call = "{\"args\": [[" + t.formatted("a", 0) + ", " + t.formatted("b", 1)
                + "]], \"kwargs\": {\"mask\": null, \"y\": " + t.formatted("c", 0) + "}}";
        assertEquals(List.of(List.of("a[0][0]", "b[1][0]", "c[0][0]")), calls("{\"inbound_nodes\": [" + call + "]}"));
    }

    @Test
    void malformedConfigsAreBadInputNamingTheFile() throws Exception {
        for (String bad : List.of(
                "{\"inbound_nodes\": \"conv2d\"}",
                "{\"inbound_nodes\": [[[\"a\", \"zero\", 0, {}]]]}",
                "{\"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", \"config\": {}}]}]}")) {
            BadInputException e = assertThrows(BadInputException.class, () -> calls(bad), bad);
            assertTrue(
                    e.getMessage().startsWith(Path.of("m", "keras_metadata.pb").toString()), e.getMessage());
        }
    }

    @Test
    void aSavedModelWhoseConfigCallsALayerItLacksIsBadInputNotANullPointer() throws Exception {
        String model =
                """
        {"class_name": "Functional", "name": "m", "config": {"name": "m", "layers": [
          {"class_name": "InputLayer", "name": "in", "config": {"batch_input_shape": [null, 4]}, "inbound_nodes": []},
          {"class_name": "Dense", "name": "d", "config": {"units": 2}, "inbound_nodes": [[["nowhere", 0, 0, {}]]]}],
         "input_layers": [["in", 0, 0]], "output_layers": [["d", 0, 0]]}}""";
        SyntheticSavedModel m = new SyntheticSavedModel();
        m.object("_tf_keras_network", "root", model);
        Path saved = m.write(dir.resolve("bad"), true);
        BadInputException e =
                assertThrows(BadInputException.class, () -> SavedModelSummaries.summarize(saved, Set.of("serve")));
        assertTrue(
                e.getMessage().startsWith(saved.resolve("keras_metadata.pb").toString())
                        && e.getMessage().contains("nowhere"),
                e.getMessage());
        SyntheticSavedModel cyclic = new SyntheticSavedModel();
        cyclic.object("_tf_keras_network", "root", model.replace("nowhere", "d"));
        Path loop = cyclic.write(dir.resolve("cycle"), false);
        BadInputException c =
                assertThrows(BadInputException.class, () -> SavedModelSummaries.summarize(loop, Set.of("serve")));
        assertTrue(
                c.getMessage().startsWith(loop.resolve("saved_model.pb").toString())
                        && c.getMessage().contains("cycle"),
                c.getMessage());
    }

    @Test
    void onlyListsOfThreeOrFourItemsWithANameThenAnIndexAreReferences() throws Exception {
        assertEquals(
                List.of(List.of("b[0][0]", "c[1][2]")),
                calls("{`inbound_nodes`: [[`note`, [`b`, 0, 0], [`c`, 1, 2]]]}".replace('`', '"')),
                "a name then a list: a list holding references");
        assertEquals(
                List.of(List.of("b[0][0]")),
                calls("{`inbound_nodes`: [[`note`, {`k`: [`b`, 0, 0]}, 7]]}".replace('`', '"')),
                "a name then a dict");
        assertEquals(
                List.of(List.of()),
                calls("{`inbound_nodes`: [[`a`, 0, 0, {}, 5]]}".replace('`', '"')),
                "five items are no reference");
        assertEquals(List.of(List.of()), calls("{`inbound_nodes`: [[`a`, 0]]}".replace('`', '"')));
        assertEquals(List.of(), calls("{`inbound_nodes`: null}".replace('`', '"')));
        assertEquals(List.of(), calls("{}"));
    }

    @Test
    void theKwargsReadAreThoseOfTheFirstTensorThatHasAny() throws Exception {
        assertEquals(
                List.of(List.of("a[0][0]", "b[0][0]", "c[0][0]")),
                calls("{`inbound_nodes`: [[[`a`, 0, 0, {}], [`b`, 0, 0, {`y`: [`c`, 0, 0]}]]]}".replace('`', '"')));
    }

    @Test
    void aKeras3CallWithOnlyKwargsAndEndpointsInEveryForm() throws Exception {
        String t = "{`class_name`: `__keras_tensor__`, `config`: {`keras_history`: [`x`, 0, 1]}}";
        assertEquals(
                List.of(List.of("x[0][1]")),
                calls(("{`inbound_nodes`: [{`kwargs`: {`inputs`: " + t + "}, `a_note`: " + t.replace("x", "z") + "}]}")
                        .replace('`', '"')),
                "only args and kwargs are read");
        assertEquals(List.of(), refs.endpoints(null));
        assertEquals(List.of(), refs.endpoints(JSON.readTree("{}").path("output_layers")));
        assertEquals(List.of(), refs.endpoints(JSON.readTree("null")));
        assertEquals(
                List.of(new Ref("a", 0, 0), new Ref("b", 1, 0)),
                refs.endpoints(JSON.readTree("{\"y\": [\"b\", 1, 0], \"x\": [\"a\", 0, 0]}")));
    }
}
