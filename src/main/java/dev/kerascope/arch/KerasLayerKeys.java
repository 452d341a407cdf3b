package dev.kerascope.arch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The config keys Keras defines for each layer class kerascope reads (Keras 3's {@code get_config} and constructor
 * arguments, plus the Keras 2 spellings), and the rule kerascope applies to each. Keras refuses a key its class does
 * not define ("Unrecognized keyword arguments"), so kerascope does too; a key kerascope does not implement is accepted
 * only at its no-op value, so nothing a config says is silently dropped.
 */
final class KerasLayerKeys {
    /** What every Keras layer's constructor takes (Layer.__init__ and its allowed kwargs). */
    private static final Set<String> BASE = Set.of(
            "name",
            "trainable",
            "dtype",
            "autocast",
            "activity_regularizer",
            "input_shape",
            "batch_input_shape",
            "batch_size",
            "weights");

    private static final Set<String> WEIGHTS = Set.of(
            "kernel_initializer",
            "bias_initializer",
            "kernel_regularizer",
            "bias_regularizer",
            "kernel_constraint",
            "bias_constraint",
            "lora_rank",
            "lora_alpha");
    private static final Map<String, Set<String>> OWN = Map.of(
            "InputLayer", Set.of("shape", "batch_shape", "sparse", "ragged", "input_tensor", "optional"),
            "Conv2D",
                    Set.of(
                            "filters",
                            "kernel_size",
                            "strides",
                            "padding",
                            "data_format",
                            "dilation_rate",
                            "groups",
                            "activation",
                            "use_bias"),
            "MaxPooling2D", Set.of("pool_size", "strides", "padding", "data_format"),
            "AveragePooling2D", Set.of("pool_size", "strides", "padding", "data_format"),
            "Flatten", Set.of("data_format"),
            "Dense", Set.of("units", "activation", "use_bias", "input_dim", "quantization_config"),
            "Dropout", Set.of("rate", "noise_shape", "seed"));
    /** Keys of a layer entry around its config (Keras 3 writes module and registered_name). */
    static final Set<String> ENTRY =
            Set.of("class_name", "config", "module", "registered_name", "build_config", "name");
    /** Keys kerascope accepts only when null (or absent), with the reason. */
    private static final Map<String, String> NULL_ONLY = Map.ofEntries(
            Map.entry("kernel_regularizer", "regularizers are not implemented"),
            Map.entry("bias_regularizer", "regularizers are not implemented"),
            Map.entry("activity_regularizer", "regularizers are not implemented"),
            Map.entry("kernel_constraint", "weight constraints are not implemented"),
            Map.entry("bias_constraint", "weight constraints are not implemented"),
            Map.entry("lora_rank", "LoRA is not implemented"),
            Map.entry("quantization_config", "quantization is not implemented"),
            Map.entry("noise_shape", "kerascope's Dropout drops single values"),
            Map.entry("seed", "kerascope seeds dropout from the run's seed"),
            Map.entry("batch_size", "kerascope keeps the batch dimension free"),
            Map.entry("input_tensor", "an architecture file cannot hold a tensor"),
            Map.entry("weights", "an architecture file holds no weights"),
            Map.entry("input_dim", "kerascope's inputs are images, given by input_shape or the InputLayer"));

    private static final List<String> FALSE_ONLY = List.of("sparse", "ragged", "optional");

    private KerasLayerKeys() {}

    /** Refuses a key {@code kind}'s Keras config does not define, and a non-default value kerascope would ignore. */
    static void check(String kind, JsonNode cfg, String layer, boolean flat) {
        Set<String> own = OWN.get(kind);
        if (own == null) {
            return;
        }
        for (Iterator<String> it = cfg.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            boolean known = BASE.contains(key)
                    || own.contains(key)
                    || (WEIGHTS.contains(key) && (kind.equals("Conv2D") || kind.equals("Dense")))
                    || (flat && ENTRY.contains(key));
            if (!known) {
                throw new IllegalArgumentException(layer + ": '" + key + "' is not a config key of Keras's " + kind
                        + " (Keras refuses unknown arguments)");
            }
            JsonNode v = cfg.get(key);
            if (v.isNull()) {
                continue;
            }
            String reason = NULL_ONLY.get(key);
            if (reason != null) {
                throw new IllegalArgumentException(
                        layer + "." + key + " = " + v + " is not supported (" + reason + ")");
            }
            if (FALSE_ONLY.contains(key) && !(v.isBoolean() && !v.asBoolean())) {
                throw new IllegalArgumentException(
                        layer + "." + key + " = " + v + " is not supported (dense float inputs only)");
            }
            if (key.equals("trainable") && !(v.isBoolean() && v.asBoolean())) {
                throw new IllegalArgumentException(
                        layer + ".trainable = " + v + " is not supported (kerascope trains every layer)");
            }
            if (key.equals("autocast") && !v.isBoolean()) {
                throw new IllegalArgumentException(layer + ".autocast must be true or false, got " + v);
            }
            if (key.equals("dtype") && !float32(v)) {
                throw new IllegalArgumentException(
                        layer + ".dtype = " + v + " is not supported (kerascope computes in float32)");
            }
        }
    }

    /** "float32", or Keras 3's {"class_name": "DTypePolicy", "config": {"name": "float32"}}. */
    private static boolean float32(JsonNode v) {
        if (v.isTextual()) {
            return v.asText().equals("float32");
        }
        return v.isObject() && v.path("config").path("name").asText("").equals("float32");
    }
}
