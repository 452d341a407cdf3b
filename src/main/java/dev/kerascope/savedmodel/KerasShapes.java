package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Output shapes of Keras layers computed from their configs, as Keras's {@code compute_output_shape} does. Shapes
 * include the batch axis, which every rule passes through from the input (a model built with batch 32 prints 32); null
 * is an unknown dimension. A layer kind not known here, or channels-first data, yields null (the caller may know
 * better, see {@link ModelShapes}), never a failure. Pure: no TensorFlow, no files.
 */
public final class KerasShapes {
    /** Layers whose output has the shape of their (first) input. */
    static final Set<String> SAME_SHAPE = Set.of(
            "BatchNormalization",
            "LayerNormalization",
            "GroupNormalization",
            "UnitNormalization",
            "Dropout",
            "SpatialDropout1D",
            "SpatialDropout2D",
            "SpatialDropout3D",
            "GaussianNoise",
            "GaussianDropout",
            "AlphaDropout",
            "Activation",
            "ReLU",
            "LeakyReLU",
            "PReLU",
            "ELU",
            "Softmax",
            "ThresholdedReLU",
            "Rescaling",
            "Normalization",
            "ActivityRegularization",
            "Masking",
            "Identity",
            "RandomFlip",
            "RandomRotation",
            "RandomZoom",
            "RandomTranslation",
            "RandomContrast",
            "RandomBrightness");

    /** Merge layers: their inputs broadcast (Keras's {@code _compute_elemwise_op_output_shape}). */
    static final Set<String> MERGE = Set.of("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum");

    /**
     * TFOpLambda functions (tf.keras's name for an op called on Keras tensors, {@code x + y} or {@code tf.nn.relu(x)})
     * that act elementwise: their output is their tensor inputs broadcast.
     */
    static final Set<String> ELEMENTWISE_OPS = Set.of(
            "__operators__.add",
            "math.add",
            "math.subtract",
            "math.multiply",
            "math.divide",
            "math.truediv",
            "__operators__.truediv",
            "math.maximum",
            "math.minimum",
            "math.pow",
            "nn.relu",
            "nn.relu6",
            "nn.elu",
            "nn.selu",
            "nn.gelu",
            "nn.silu",
            "nn.swish",
            "nn.leaky_relu",
            "nn.sigmoid",
            "math.sigmoid",
            "math.tanh",
            "nn.tanh",
            "nn.softmax",
            "math.softplus",
            "math.exp",
            "math.abs",
            "math.square",
            "math.sqrt",
            "identity",
            "clip_by_value");

    private KerasShapes() {}

    /** Keras 2 writes tuples as {"class_name": "__tuple__", "items": [...]}, older files as lists. */
    public static List<Integer> ints(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        JsonNode items = node.isObject() ? node.path("items") : node;
        List<Integer> out = new ArrayList<>();
        if (items.isArray()) {
            for (JsonNode d : items) {
                out.add(d.isNull() || !d.canConvertToInt() ? null : d.asInt());
            }
        } else if (items.canConvertToInt()) {
            out.add(items.asInt());
        }
        return out;
    }

    /** The output shape of one layer call, or null when it cannot be computed. */
    public static List<Integer> output(String className, JsonNode config, List<List<Integer>> inputs) {
        if (className.equals("InputLayer")) {
            return ints(config.has("batch_input_shape") ? config.get("batch_input_shape") : config.get("batch_shape"));
        }
        List<Integer> in = inputs.isEmpty() ? null : inputs.get(0);
        if (in == null || in.isEmpty()) {
            return null;
        }
        if (SAME_SHAPE.contains(className)) {
            return in;
        }
        if (MERGE.contains(className)) {
            return Broadcast.shapes(inputs);
        }
        if (className.equals("TFOpLambda")) {
            // Other functions (tf.concat's axis is in the call's kwargs, not the config): the saved trace says.
            return ELEMENTWISE_OPS.contains(config.path("function").asText("")) ? Broadcast.shapes(inputs) : null;
        }
        if ("channels_first".equals(config.path("data_format").asText())) {
            return channelsFirst(className, config, inputs);
        }
        int rank = ConvShapes.rank(className);
        switch (className) {
            case "Conv1D",
                    "Conv2D",
                    "Conv3D",
                    "Convolution1D",
                    "Convolution2D",
                    "Convolution3D",
                    "Conv1DTranspose",
                    "Conv2DTranspose",
                    "Conv3DTranspose",
                    "Convolution2DTranspose",
                    "Deconvolution2D",
                    "SeparableConv1D",
                    "SeparableConv2D",
                    "SeparableConvolution2D",
                    "DepthwiseConv1D",
                    "DepthwiseConv2D" -> {
                return ConvShapes.conv(className, config, in, rank);
            }
            case "MaxPooling1D",
                    "MaxPooling2D",
                    "MaxPooling3D",
                    "AveragePooling1D",
                    "AveragePooling2D",
                    "AveragePooling3D",
                    "MaxPool1D",
                    "MaxPool2D",
                    "MaxPool3D",
                    "AvgPool1D",
                    "AvgPool2D",
                    "AvgPool3D" -> {
                return ConvShapes.pool(config, in, rank);
            }
            case "GlobalAveragePooling1D",
                    "GlobalAveragePooling2D",
                    "GlobalAveragePooling3D",
                    "GlobalMaxPooling1D",
                    "GlobalMaxPooling2D",
                    "GlobalMaxPooling3D",
                    "GlobalAvgPool1D",
                    "GlobalAvgPool2D",
                    "GlobalAvgPool3D",
                    "GlobalMaxPool1D",
                    "GlobalMaxPool2D",
                    "GlobalMaxPool3D" -> {
                List<Integer> out = new ArrayList<>();
                out.add(in.get(0));
                if (config.path("keepdims").asBoolean(false)) {
                    for (int i = 1; i < in.size() - 1; i++) {
                        out.add(1);
                    }
                }
                out.add(in.get(in.size() - 1));
                return out;
            }
            case "Flatten" -> {
                Integer n = 1;
                for (int i = 1; i < in.size(); i++) {
                    n = n == null || in.get(i) == null ? null : n * in.get(i);
                }
                return shape(in.get(0), n);
            }
            case "Dense" -> {
                List<Integer> out = new ArrayList<>(in);
                out.set(out.size() - 1, config.path("units").asInt());
                return out;
            }
            case "Embedding" -> {
                List<Integer> out = new ArrayList<>(in);
                out.add(config.path("output_dim").asInt());
                return out;
            }
            case "Reshape" -> {
                return reshape(in, ints(config.get("target_shape")));
            }
            case "Permute" -> {
                List<Integer> dims = ints(config.get("dims"));
                if (dims == null || dims.size() != in.size() - 1 || dims.contains(null)) {
                    return null;
                }
                List<Integer> out = new ArrayList<>();
                out.add(in.get(0));
                for (int d : dims) {
                    if (d < 1 || d >= in.size()) {
                        return null;
                    }
                    out.add(in.get(d));
                }
                return out;
            }
            case "Concatenate" -> {
                return concatenate(inputs, config.path("axis").asInt(-1));
            }
            case "UpSampling1D", "UpSampling2D", "UpSampling3D" -> {
                int[] size = ConvShapes.tuple(config.get("size"), rank, 2);
                if (in.size() != rank + 2) {
                    return null;
                }
                List<Integer> out = new ArrayList<>(in);
                for (int i = 0; i < rank; i++) {
                    out.set(i + 1, in.get(i + 1) == null ? null : in.get(i + 1) * size[i]);
                }
                return out;
            }
            case "Resizing", "CenterCrop", "RandomCrop" -> {
                if (in.size() != 4) {
                    return null;
                }
                return shape(
                        in.get(0),
                        config.path("height").asInt(),
                        config.path("width").asInt(),
                        in.get(3));
            }
            case "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D" -> {
                return padOrCrop(
                        in,
                        config.get("padding") != null ? config.get("padding") : config.get("cropping"),
                        rank,
                        className.startsWith("Zero") ? 1 : -1);
            }
            default -> {
                return null;
            }
        }
    }

    private static List<Integer> reshape(List<Integer> in, List<Integer> target) {
        if (target == null || target.contains(null)) {
            return null;
        }
        Long known = 1L;
        for (int i = 1; i < in.size(); i++) {
            known = known == null || in.get(i) == null ? null : known * in.get(i);
        }
        long rest = 1;
        for (Integer t : target) {
            rest *= t == -1 ? 1 : t;
        }
        List<Integer> out = new ArrayList<>();
        out.add(in.get(0));
        for (Integer t : target) {
            out.add(t != -1 ? t : known == null || rest == 0 ? null : (int) (known / rest));
        }
        return out;
    }

    private static List<Integer> concatenate(List<List<Integer>> inputs, int axis) {
        List<Integer> first = inputs.get(0);
        int a = axis < 0 ? first.size() + axis : axis;
        if (a < 0 || a >= first.size()) {
            return null;
        }
        List<Integer> out = new ArrayList<>(first);
        Integer sum = 0;
        for (List<Integer> s : inputs) {
            if (s == null || s.size() != first.size()) {
                return null;
            }
            sum = sum == null || s.get(a) == null ? null : sum + s.get(a);
        }
        out.set(a, sum);
        return out;
    }

    /**
     * ZeroPadding (sign +1) and Cropping (sign −1): an int for every side, one int per axis for both its sides, or a
     * (before, after) pair per axis.
     */
    private static List<Integer> padOrCrop(List<Integer> in, JsonNode amounts, int rank, int sign) {
        if (in.size() != rank + 2) {
            return null;
        }
        JsonNode items = amounts == null ? null : amounts.isObject() ? amounts.path("items") : amounts;
        List<Integer> out = new ArrayList<>(in);
        for (int i = 0; i < rank; i++) {
            int total;
            if (items == null || items.isNull() || items.isMissingNode()) {
                total = 2 * (sign > 0 ? 1 : 0);
            } else if (items.canConvertToInt()) {
                total = 2 * items.asInt();
            } else if (rank == 1 && items.isArray() && items.path(0).canConvertToInt()) {
                total = items.path(0).asInt() + items.path(1).asInt();
            } else {
                JsonNode axis = items.path(i);
                JsonNode pair = axis.isObject() ? axis.path("items") : axis;
                total = pair.isArray() ? pair.path(0).asInt() + pair.path(1).asInt() : 2 * pair.asInt();
            }
            out.set(i + 1, in.get(i + 1) == null ? null : in.get(i + 1) + sign * total);
        }
        return out;
    }

    /** A shape list that may hold nulls (List.of does not). */
    /**
     * A channels_first layer: its channels-last rule on the input with the channels moved last, and the channels moved
     * back to axis 1 where the output keeps the input's rank (Flatten and the global poolings without keepdims give
     * what the channels-last layer gives on the moved input).
     */
    private static List<Integer> channelsFirst(String className, JsonNode config, List<List<Integer>> inputs) {
        List<List<Integer>> moved = new ArrayList<>();
        for (List<Integer> in : inputs) {
            if (in == null || in.size() < 3) {
                return null;
            }
            List<Integer> last = new ArrayList<>(in);
            last.add(last.remove(1));
            moved.add(last);
        }
        ObjectNode channelsLast = ((ObjectNode) config).deepCopy();
        channelsLast.remove("data_format");
        List<Integer> out = output(className, channelsLast, moved);
        if (out == null || out.size() != inputs.get(0).size()) {
            return out;
        }
        List<Integer> first = new ArrayList<>(out);
        first.add(1, first.remove(first.size() - 1));
        return first;
    }

    static List<Integer> shape(Integer... dims) {
        return Arrays.asList(dims);
    }

    /** Keras's conv_output_length for valid and same padding. */
    static Integer length(Integer input, int window, int stride, int dilation, boolean same) {
        return ConvShapes.length(input, window, stride, dilation, same ? "same" : "valid");
    }
}
