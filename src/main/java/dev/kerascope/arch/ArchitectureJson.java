package dev.kerascope.arch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.io.BadInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes architecture files: a Keras-like layer list where each layer is {@code {"class_name": "Conv2D",
 * "config": {...}}} with Keras's config keys and defaults, so a layer copied from a Keras model config reads as it is.
 * Keys that change the computation in ways kerascope does not implement (channels_first, dilation, groups, other
 * initialisers) are refused, not ignored.
 */
public final class ArchitectureJson {
    /** An architecture file nests four levels; deeper JSON is refused by the parser before it builds a tree. */
    static final int MAX_DEPTH = 64;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .build())
                    .build())
            .enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> SHAPE_KEYS = List.of("batch_shape", "batch_input_shape", "shape", "input_shape");
    private static final List<String> KINDS =
            List.of("InputLayer", "Conv2D", "MaxPooling2D", "AveragePooling2D", "Flatten", "Dense", "Dropout");

    private ArchitectureJson() {}

    public static Architecture parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (StreamConstraintsException e) {
            throw new BadInputException(
                    source + ": JSON nesting depth over " + MAX_DEPTH + " (an architecture file nests four levels)");
        } catch (JsonProcessingException e) {
            // Jackson leaves the location out of some errors; the message must not depend on it.
            JsonLocation at = e.getLocation();
            throw new BadInputException(source + ": not valid JSON (" + e.getOriginalMessage()
                    + (at == null ? "" : " at line " + at.getLineNr()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new BadInputException(source + ": expected a JSON object with \"layers\"");
        }
        try {
            return parseTree(root, source);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(source + ": " + e.getMessage());
        }
    }

    private static Architecture parseTree(JsonNode root, String source) {
        String name = text(root, "name", "model");
        JsonNode layersNode = root.path("layers");
        if (!layersNode.isArray() || layersNode.isEmpty()) {
            throw new IllegalArgumentException("\"layers\" must be a non-empty list");
        }
        int[] input = InputShapes.of(root, layersNode);
        List<Layer> layers = new ArrayList<>();
        Map<String, Integer> autoNames = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < layersNode.size(); i++) {
            JsonNode node = layersNode.get(i);
            String kind =
                    node.path("class_name").isTextual() ? node.get("class_name").asText() : null;
            if (kind == null) {
                throw new IllegalArgumentException("layer " + i + " has no \"class_name\"");
            }
            boolean flat = !node.has("config");
            JsonNode cfg = flat ? node : node.get("config");
            if (!cfg.isObject()) {
                throw new IllegalArgumentException("layer " + i + " has a config that is not an object: " + cfg);
            }
            if (!flat) {
                for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
                    String key = keys.next();
                    if (!KerasLayerKeys.ENTRY.contains(key)) {
                        throw new IllegalArgumentException(
                                "layer " + i + " has '" + key + "', which a Sequential layer entry does not have"
                                        + (key.equals("inbound_nodes")
                                                ? " (architecture files are sequential; a Functional graph is not read)"
                                                : ""));
                    }
                }
            }
            Layer layer = parseLayer(kind, cfg, autoNames, i, flat);
            if (i > 0 && SHAPE_KEYS.stream().anyMatch(cfg::hasNonNull)) {
                throw new IllegalArgumentException(layer.name() + ": only the first layer may give the input shape");
            }
            if (layer instanceof Layer.InputLayer && i != 0) {
                throw new IllegalArgumentException("InputLayer must be the first layer");
            }
            if (!seen.add(layer.name())) {
                throw new IllegalArgumentException("two layers are named '" + layer.name() + "'");
            }
            layers.add(layer);
        }
        if (!(layers.get(0) instanceof Layer.InputLayer)) {
            layers.add(0, new Layer.InputLayer(uniqueName("input_layer", seen)));
        }
        TrainingDefaults training = parseTraining(root.path("training"));
        Architecture arch = new Architecture(
                name,
                text(root, "model_name", "functional"),
                text(root, "description", ""),
                input,
                layers,
                training,
                source);
        ShapeInference.infer(arch);
        return arch;
    }

    private static String uniqueName(String base, Set<String> taken) {
        String n = base;
        for (int k = 1; taken.contains(n); k++) {
            n = base + "_" + k;
        }
        return n;
    }

    private static Layer parseLayer(
            String kind, JsonNode cfg, Map<String, Integer> autoNames, int index, boolean flat) {
        String name = cfg.hasNonNull("name") ? cfg.get("name").asText() : autoName(kind, autoNames);
        if (name.isBlank()) {
            throw new IllegalArgumentException("layer " + index + " has an empty name");
        }
        // Keras refuses "/" in layer names; kerascope also refuses control characters, since layer
        // names become node names and, later, file names.
        if (name.contains("/") || name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw new IllegalArgumentException("layer name '" + name.replaceAll("\\p{Cntrl}", "?")
                    + "' may not contain '/' or control characters");
        }
        KerasLayerKeys.check(kind, cfg, name, flat);
        refuse(cfg, name, "data_format", "channels_last");
        refuse(cfg, name, "dilation_rate", 1);
        refuse(cfg, name, "groups", 1);
        refuse(cfg, name, "kernel_initializer", "glorot_uniform");
        refuse(cfg, name, "bias_initializer", "zeros");
        return switch (kind) {
            case "InputLayer" -> new Layer.InputLayer(name);
            case "Conv2D" -> {
                int[] k = pair(cfg.path("kernel_size"), name + ".kernel_size", null);
                int[] s = pair(cfg.path("strides"), name + ".strides", new int[] {1, 1});
                int filters = positive(cfg.path("filters"), name + ".filters");
                yield new Layer.Conv2D(
                        name,
                        filters,
                        k[0],
                        k[1],
                        s[0],
                        s[1],
                        padding(cfg.get("padding"), name, true),
                        activation(cfg, name),
                        cfg.path("use_bias").asBoolean(true));
            }
            case "MaxPooling2D", "AveragePooling2D" -> {
                int[] p = pair(cfg.path("pool_size"), name + ".pool_size", new int[] {2, 2});
                int[] s = cfg.hasNonNull("strides") ? pair(cfg.get("strides"), name + ".strides", null) : p;
                yield new Layer.Pooling2D(
                        name, kind.startsWith("Max"), p[0], p[1], s[0], s[1], padding(cfg.get("padding"), name, false));
            }
            case "Flatten" -> new Layer.Flatten(name);
            case "Dense" -> new Layer.Dense(
                    name,
                    positive(cfg.path("units"), name + ".units"),
                    activation(cfg, name),
                    cfg.path("use_bias").asBoolean(true));
            case "Dropout" -> {
                double rate = cfg.path("rate").asDouble(Double.NaN);
                if (!(rate >= 0 && rate < 1)) {
                    throw new IllegalArgumentException(name + ".rate must be in [0, 1)");
                }
                yield new Layer.Dropout(name, rate);
            }
            default -> throw new IllegalArgumentException("layer '" + name + "' has unknown class_name '" + kind
                    + "' (supported: " + String.join(", ", KINDS) + ")");
        };
    }

    /** Keras's automatic layer names: conv2d, conv2d_1, max_pooling2d, dense, dense_1, ... */
    private static String autoName(String kind, Map<String, Integer> counters) {
        String base = kind.equals("InputLayer")
                ? "input_layer"
                : kind.replaceAll("([a-z0-9])([A-Z])", "$1_$2")
                        .toLowerCase(Locale.ROOT)
                        .replace("2_d", "2d");
        int k = counters.merge(base, 1, Integer::sum) - 1;
        return k == 0 ? base : base + "_" + k;
    }

    private static void refuse(JsonNode cfg, String layer, String key, Object allowed) {
        JsonNode v = cfg.get(key);
        if (v == null || v.isNull()) {
            return;
        }
        boolean ok;
        if (allowed instanceof Integer a) {
            ok = v.isInt() ? v.asInt() == a : v.isArray() && allEqual(v, a);
        } else if (v.isObject()) {
            String cls = v.path("class_name").asText("");
            ok = cls.replace("_", "").equalsIgnoreCase(((String) allowed).replace("_", ""));
            // GlorotUniform's config is {"seed": ...} and Zeros' is {}: kerascope seeds every initialiser from --seed.
            if (ok && v.path("config").hasNonNull("seed")) {
                throw new IllegalArgumentException(
                        layer + "." + key + " seed " + v.path("config").get("seed")
                                + " is not supported (kerascope seeds initialisers from the run's seed)");
            }
        } else {
            ok = v.asText().equals(allowed);
        }
        if (!ok) {
            throw new IllegalArgumentException(
                    layer + "." + key + " = " + v + " is not supported (only " + allowed + ")");
        }
    }

    private static boolean allEqual(JsonNode array, int value) {
        for (JsonNode n : array) {
            if (n.asInt() != value) {
                return false;
            }
        }
        return true;
    }

    private static Padding padding(JsonNode node, String layer, boolean explicitAllowed) {
        if (node == null || node.isNull()) {
            return Padding.VALID;
        }
        if (node.isTextual()) {
            return switch (node.asText().toLowerCase(Locale.ROOT)) {
                case "valid" -> Padding.VALID;
                case "same" -> Padding.SAME;
                default -> throw new IllegalArgumentException(
                        layer + ".padding must be \"valid\", \"same\" or [rows, cols], got " + node);
            };
        }
        if (!explicitAllowed) {
            throw new IllegalArgumentException(layer + ".padding: pooling takes \"valid\" or \"same\" only");
        }
        int[] p = node.isInt() ? new int[] {node.asInt(), node.asInt()} : pairOrScalar(node, layer + ".padding");
        if (p[0] < 0 || p[1] < 0) {
            throw new IllegalArgumentException(layer + ".padding must not be negative");
        }
        return Padding.explicit(p[0], p[1]);
    }

    private static Activation activation(JsonNode cfg, String layer) {
        try {
            return Activation.parse(cfg.path("activation").asText(null));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(layer + ": " + e.getMessage());
        }
    }

    private static int[] pair(JsonNode node, String what, int[] dflt) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            if (dflt == null) {
                throw new IllegalArgumentException(what + " is required");
            }
            return dflt;
        }
        int[] p = node.isInt() ? new int[] {node.asInt(), node.asInt()} : pairOrScalar(node, what);
        if (p[0] < 1 || p[1] < 1) {
            throw new IllegalArgumentException(what + " must be positive, got " + node);
        }
        return p;
    }

    private static int[] pairOrScalar(JsonNode node, String what) {
        int[] v = ints(node, what);
        if (v.length != 2) {
            throw new IllegalArgumentException(what + " must be one integer or two, got " + node);
        }
        return v;
    }

    private static int positive(JsonNode node, String what) {
        if (!node.canConvertToInt() || node.asInt() < 1) {
            throw new IllegalArgumentException(
                    what + " must be a positive integer, got " + (node.isMissingNode() ? "nothing" : node));
        }
        return node.asInt();
    }

    private static int[] ints(JsonNode array, String what) {
        if (!array.isArray()) {
            throw new IllegalArgumentException(what + " must be a list of integers, got " + array);
        }
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            if (!array.get(i).canConvertToInt()) {
                throw new IllegalArgumentException(what + " must be a list of integers, got " + array);
            }
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    private static String text(JsonNode root, String key, String dflt) {
        return root.hasNonNull(key) ? root.get(key).asText() : dflt;
    }

    private static TrainingDefaults parseTraining(JsonNode t) {
        TrainingDefaults d = TrainingDefaults.KERAS;
        if (t.isMissingNode()) {
            return d;
        }
        JsonNode pre = t.path("preprocessing");
        return new TrainingDefaults(
                t.path("dataset").asText(d.dataset()),
                t.path("epochs").asInt(d.epochs()),
                t.path("batch_size").asInt(d.batchSize()),
                t.path("learning_rate").asDouble(d.learningRate()),
                pre.path("scale").asDouble(d.scale()),
                pre.path("mean").asDouble(d.mean()),
                pre.path("std").asDouble(d.std()));
    }

    /** The architecture as a file that {@link #parse} reads back to an equal architecture. */
    public static String write(Architecture arch) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("name", arch.name());
        root.put("model_name", arch.modelName());
        if (!arch.description().isEmpty()) {
            root.put("description", arch.description());
        }
        ArrayNode in = root.putArray("input_shape");
        for (int d : arch.inputShape()) {
            in.add(d);
        }
        ArrayNode layers = root.putArray("layers");
        for (Layer layer : arch.layers()) {
            ObjectNode l = layers.addObject();
            l.put("class_name", layer.className());
            ObjectNode c = l.putObject("config");
            c.put("name", layer.name());
            if (layer instanceof Layer.Conv2D cv) {
                c.put("filters", cv.filters());
                c.putArray("kernel_size").add(cv.kernelRows()).add(cv.kernelCols());
                c.putArray("strides").add(cv.strideRows()).add(cv.strideCols());
                putPadding(c, cv.padding());
                c.put("activation", cv.activation().kerasName());
                c.put("use_bias", cv.useBias());
            } else if (layer instanceof Layer.Pooling2D p) {
                c.putArray("pool_size").add(p.poolRows()).add(p.poolCols());
                c.putArray("strides").add(p.strideRows()).add(p.strideCols());
                putPadding(c, p.padding());
            } else if (layer instanceof Layer.Dense d) {
                c.put("units", d.units());
                c.put("activation", d.activation().kerasName());
                c.put("use_bias", d.useBias());
            } else if (layer instanceof Layer.Dropout d) {
                c.put("rate", d.rate());
            }
        }
        TrainingDefaults t = arch.training();
        ObjectNode tn = root.putObject("training");
        tn.put("dataset", t.dataset())
                .put("epochs", t.epochs())
                .put("batch_size", t.batchSize())
                .put("learning_rate", t.learningRate());
        tn.putObject("preprocessing")
                .put("scale", t.scale())
                .put("mean", t.mean())
                .put("std", t.std());
        try {
            return MAPPER.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putPadding(ObjectNode c, Padding p) {
        if (p.mode() == Padding.Mode.EXPLICIT) {
            c.putArray("padding").add(p.top()).add(p.left());
        } else {
            c.put("padding", p.mode().name().toLowerCase(Locale.ROOT));
        }
    }
}
