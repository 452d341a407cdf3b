package dev.kerascope.arch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/**
 * The input shape of an architecture file: the top-level {@code input_shape}, or the first layer's own, as Keras spells
 * it — {@code batch_shape} (Keras 3 InputLayer), {@code batch_input_shape} (Keras 2), both with the batch first;
 * {@code shape} (Keras 3 InputLayer argument) or {@code input_shape} (Keras 2 first-layer argument), without. Two that
 * disagree are refused, so a layer's shape is never dropped in favour of the 28x28 default.
 */
final class InputShapes {
    static final int[] DEFAULT = {28, 28, 1};
    /** A side above this is no image kerascope trains on; refusing it keeps shape arithmetic in int. */
    static final int MAX_DIM = 65536;

    private InputShapes() {}

    static int[] of(JsonNode root, JsonNode layers) {
        int[] top = root.hasNonNull("input_shape") ? dims(root.get("input_shape"), "input_shape", false) : null;
        JsonNode first = layers.get(0);
        JsonNode cfg = first.has("config") ? first.get("config") : first;
        int[] own = null;
        String ownKey = null;
        for (String key : new String[] {"batch_shape", "batch_input_shape", "shape", "input_shape"}) {
            if (cfg.isObject() && cfg.hasNonNull(key)) {
                int[] d = dims(cfg.get(key), "layer 0." + key, key.startsWith("batch"));
                if (own != null && !Arrays.equals(own, d)) {
                    throw new IllegalArgumentException(
                            "layer 0 gives two input shapes: " + ownKey + " and " + key + " = " + cfg.get(key));
                }
                own = d;
                ownKey = key;
            }
        }
        if (top != null && own != null && !Arrays.equals(top, own)) {
            throw new IllegalArgumentException("input_shape " + root.get("input_shape") + " disagrees with layer 0's "
                    + ownKey + " " + cfg.get(ownKey));
        }
        return own != null ? own : top != null ? top : DEFAULT.clone();
    }

    /** [rows, cols, channels], after a free (null) batch entry when {@code batch}. */
    private static int[] dims(JsonNode given, String what, boolean batch) {
        // Keras 2 sometimes writes a tuple as {"class_name": "__tuple__", "items": [...]}.
        JsonNode node = given.isObject() && given.path("class_name").asText("").equals("__tuple__")
                ? given.path("items")
                : given;
        if (!node.isArray() || node.size() != (batch ? 4 : 3)) {
            throw new IllegalArgumentException(what + " must be "
                    + (batch ? "[null, rows, cols, channels]" : "[rows, cols, channels]") + ", got " + node);
        }
        if (batch && !node.get(0).isNull()) {
            throw new IllegalArgumentException(what + " fixes the batch size to " + node.get(0)
                    + "; kerascope keeps the batch dimension free (null)");
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            JsonNode d = node.get(batch ? i + 1 : i);
            if (d.isNull()) {
                throw new IllegalArgumentException(
                        what + " " + node + " leaves a side free; kerascope needs fixed rows, cols and channels");
            }
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.asInt() < 1 || d.asInt() > MAX_DIM) {
                throw new IllegalArgumentException(
                        what + " " + node + " has an impossible dimension " + d + " (1 to " + MAX_DIM + ")");
            }
            out[i] = d.asInt();
        }
        return out;
    }
}
