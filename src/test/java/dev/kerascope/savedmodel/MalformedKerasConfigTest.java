package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SyntheticSavedModel.JSON;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.MetaGraphDef;

/**
 * Real Keras 2 configs with one value replaced by something of the wrong kind (null, a string, a number, an empty or
 * odd list, an object, a reference to a layer that does not exist): the summary is either computed or refused as bad
 * input naming the file, never a NullPointerException, ClassCastException or IndexOutOfBoundsException. Seeded, so a
 * failure repeats.
 */
class MalformedKerasConfigTest {
    private static final List<String> MODELS = List.of(
            "keras2_tf214_potato_resizing_rescaling_randomaug_256",
            "keras2_tf23_nested_functional_two_inputs",
            "keras2_tf25_fashion_functional_bn_dropout",
            "keras2_tf23_kws_dscnn_depthwise_bn_avgpool_49x10");

    @Test
    void everyMutationIsSummarisedOrBadInput() throws Exception {
        Random random = new Random(42);
        for (String name : MODELS) {
            Path dir =
                    SharedData.require(SharedData.root().resolve("savedmodels").resolve(name));
            MetaGraphDef meta = SavedModelSummaries.metaGraph(SavedModelFiles.read(dir), dir, Set.of("serve"));
            Map<Integer, KerasObject> objects = KerasMetadata.read(dir, meta.getObjectGraphDef());
            KerasObject root = objects.get(0);
            for (int i = 0; i < 300; i++) {
                JsonNode mutated = root.metadata().deepCopy();
                List<ContainerNode<?>> containers = new ArrayList<>();
                collect(mutated.get("config"), containers);
                mutate(containers.get(random.nextInt(containers.size())), random);
                Map<Integer, KerasObject> copy = new HashMap<>(objects);
                copy.put(0, new KerasObject(0, root.nodePath(), root.identifier(), mutated));
                Path source = KerasMetadata.source(dir);
                try {
                    KerasModelSummarizer.summarize(meta.getObjectGraphDef(), copy, source);
                } catch (BadInputException e) {
                    assertTrue(e.getMessage().startsWith(source.toString()), e.getMessage());
                } catch (RuntimeException e) {
                    fail(name + " mutation " + i + ": " + e + "\n" + mutated.get("config"), e);
                }
            }
        }
    }

    private static void collect(JsonNode n, List<ContainerNode<?>> out) {
        if (n instanceof ContainerNode<?> c && c.size() > 0) {
            out.add(c);
            n.forEach(child -> collect(child, out));
        }
    }

    private static void mutate(ContainerNode<?> c, Random random) throws Exception {
        JsonNode[] junk = {
            JSON.nullNode(),
            JSON.getNodeFactory().textNode("x"),
            JSON.getNodeFactory().numberNode(7),
            JSON.createArrayNode(),
            JSON.createObjectNode(),
            JSON.readTree("[null]"),
            JSON.readTree("[\"ghost\", 0, 0, {}]"),
            JSON.readTree("[[\"ghost\", 0, 0]]"),
            JSON.readTree("{\"class_name\": \"__keras_tensor__\"}")
        };
        JsonNode value = junk[random.nextInt(junk.length)];
        if (c instanceof ArrayNode a) {
            a.set(random.nextInt(a.size()), value);
        } else if (c instanceof ObjectNode o) {
            List<String> keys = new ArrayList<>();
            o.fieldNames().forEachRemaining(keys::add);
            o.set(keys.get(random.nextInt(keys.size())), value);
        }
    }
}
