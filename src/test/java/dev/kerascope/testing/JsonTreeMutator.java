package dev.kerascope.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Mutations of a valid Keras config driven by fuzz bytes: byte flips mostly break the JSON syntax, while the config
 * readers' bugs hide behind valid JSON with a wrong value in one place (a string where a list of ints belongs, a 2^40
 * dimension, a missing key). Three bytes per mutation: which node, what to put there, and which value.
 */
public final class JsonTreeMutator {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonTreeMutator() {}

    public static String mutate(String json, byte[] ops, int from) throws JsonProcessingException {
        JsonNode root = MAPPER.readTree(json);
        for (int i = from; i + 2 < ops.length; i += 3) {
            List<ContainerNode<?>> parents = new ArrayList<>();
            collect(root, parents);
            ContainerNode<?> parent = parents.get((ops[i] & 0xff) % parents.size());
            if (parent.isEmpty()) {
                continue;
            }
            int child = (ops[i + 2] & 0xff) % parent.size();
            if (parent instanceof ObjectNode o) {
                String key = fieldName(o, child);
                JsonNode value = value(ops[i + 1] & 0xff, o.get(key));
                if (value == null) {
                    o.remove(key);
                } else {
                    o.set(key, value);
                }
            } else if (parent instanceof ArrayNode a) {
                JsonNode value = value(ops[i + 1] & 0xff, a.get(child));
                if (value == null) {
                    a.remove(child);
                } else {
                    a.set(child, value);
                }
            }
        }
        return MAPPER.writeValueAsString(root);
    }

    private static void collect(JsonNode node, List<ContainerNode<?>> out) {
        if (node instanceof ContainerNode<?> c) {
            out.add(c);
            node.forEach(n -> collect(n, out));
        }
    }

    private static String fieldName(ObjectNode o, int index) {
        var it = o.fieldNames();
        for (int k = 0; k < index; k++) {
            it.next();
        }
        return it.next();
    }

    /** The replacement; null removes the child. */
    private static JsonNode value(int op, JsonNode old) {
        return switch (op % 14) {
            case 0 -> null;
            case 1 -> F.nullNode();
            case 2 -> F.numberNode(0);
            case 3 -> F.numberNode(-1);
            case 4 -> F.numberNode(1L << 40);
            case 5 -> F.numberNode(Integer.MAX_VALUE);
            case 6 -> F.numberNode(1.5);
            case 7 -> F.textNode("x");
            case 8 -> F.arrayNode();
            case 9 -> F.objectNode();
            case 10 -> F.booleanNode(true);
            case 11 -> F.arrayNode().add(old);
            case 12 -> old.isContainerNode() && old.size() > 0 ? old.iterator().next() : F.nullNode();
            default -> F.arrayNode().add(F.nullNode()).add(2).add(2).add(1);
        };
    }
}
