package dev.kerascope.kerasfile;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.savedmodel.KerasShapes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The weights a Keras layer owns, in the order Keras creates them (the order of Keras 3's {@code vars/0, 1, ...}:
 * trainable first), with the shapes its config and input shape imply, as each layer's {@code build} does. Pure: no
 * files, no TensorFlow.
 */
public final class WeightSpecs {
    /** One weight: its Keras name, shape (null dimensions: not checked) and whether training changes it. */
    public record Spec(String name, List<Integer> shape, boolean trainable) {}

    /** Layers that own no weights. */
    public static final Set<String> WEIGHTLESS = Set.of(
            "InputLayer",
            "MaxPooling2D",
            "AveragePooling2D",
            "GlobalAveragePooling2D",
            "GlobalMaxPooling2D",
            "Flatten",
            "Reshape",
            "Dropout",
            "SpatialDropout2D",
            "Activation",
            "ReLU",
            "LeakyReLU",
            "Softmax",
            "Rescaling",
            "ZeroPadding2D",
            "Cropping2D",
            "UpSampling2D",
            "Resizing",
            "Add",
            "Concatenate",
            "Multiply",
            "Average",
            "Subtract",
            "Maximum",
            "Minimum",
            "MaxPool2D",
            "AvgPool2D",
            "GlobalAvgPool2D",
            "GlobalMaxPool2D");

    /** Layers with weights whose shapes are known here. */
    public static final Set<String> WITH_WEIGHTS = Set.of(
            "Conv2D",
            "Dense",
            "BatchNormalization",
            "DepthwiseConv2D",
            "SeparableConv2D",
            "Conv2DTranspose",
            "Normalization");

    private WeightSpecs() {}

    public static boolean known(String cls) {
        return WEIGHTLESS.contains(cls) || WITH_WEIGHTS.contains(cls);
    }

    /** The weights of one layer built on {@code input} (with its batch axis); empty for weightless layers. */
    public static List<Spec> of(String cls, JsonNode c, List<Integer> input) {
        List<Spec> out = new ArrayList<>();
        boolean channelsFirst =
                "channels_first".equals(c.path("data_format").asText()) && input != null && input.size() > 2;
        Integer channels = input == null || input.isEmpty() ? null : input.get(channelsFirst ? 1 : input.size() - 1);
        boolean bias = c.path("use_bias").asBoolean(true);
        switch (cls) {
            case "Dense" -> {
                int units = c.path("units").asInt();
                out.add(new Spec("kernel", dims(channels, units), true));
                addIf(out, bias, "bias", dims(units));
            }
            case "Conv2D" -> {
                int[] k = pair(c.get("kernel_size"));
                int filters = c.path("filters").asInt();
                int groups = Math.max(1, c.path("groups").asInt(1));
                out.add(new Spec(
                        "kernel", dims(k[0], k[1], channels == null ? null : channels / groups, filters), true));
                addIf(out, bias, "bias", dims(filters));
            }
            case "Conv2DTranspose" -> {
                int[] k = pair(c.get("kernel_size"));
                int filters = c.path("filters").asInt();
                out.add(new Spec("kernel", dims(k[0], k[1], filters, channels), true));
                addIf(out, bias, "bias", dims(filters));
            }
            case "DepthwiseConv2D" -> {
                int[] k = pair(c.get("kernel_size"));
                int m = c.path("depth_multiplier").asInt(1);
                out.add(new Spec("depthwise_kernel", dims(k[0], k[1], channels, m), true));
                addIf(out, bias, "bias", dims(channels == null ? null : channels * m));
            }
            case "SeparableConv2D" -> {
                int[] k = pair(c.get("kernel_size"));
                int m = c.path("depth_multiplier").asInt(1);
                int filters = c.path("filters").asInt();
                out.add(new Spec("depthwise_kernel", dims(k[0], k[1], channels, m), true));
                out.add(new Spec(
                        "pointwise_kernel", dims(1, 1, channels == null ? null : channels * m, filters), true));
                addIf(out, bias, "bias", dims(filters));
            }
            case "BatchNormalization" -> {
                Integer n = axisSize(c, input);
                addIf(out, c.path("scale").asBoolean(true), "gamma", dims(n));
                addIf(out, c.path("center").asBoolean(true), "beta", dims(n));
                out.add(new Spec("moving_mean", dims(n), false));
                out.add(new Spec("moving_variance", dims(n), false));
            }
            case "Normalization" -> {
                // Keras 3 keeps mean and variance; tf.keras adds a count. Given in the config: no weights at all.
                if (c.path("mean").isNull() || c.path("mean").isMissingNode()) {
                    out.add(new Spec("mean", dims(channels), false));
                    out.add(new Spec("variance", dims(channels), false));
                }
            }
            default -> {}
        }
        if (!c.path("trainable").asBoolean(true)) {
            out.replaceAll(s -> new Spec(s.name(), s.shape(), false));
        }
        return out;
    }

    private static Integer axisSize(JsonNode c, List<Integer> input) {
        if (input == null) {
            return null;
        }
        List<Integer> axes = KerasShapes.ints(c.get("axis"));
        int a = axes == null || axes.isEmpty() || axes.get(0) == null ? -1 : axes.get(0);
        a = a < 0 ? input.size() + a : a;
        return a < 0 || a >= input.size() ? null : input.get(a);
    }

    private static void addIf(List<Spec> out, boolean present, String name, List<Integer> shape) {
        if (present) {
            out.add(new Spec(name, shape, true));
        }
    }

    /** kernel_size and friends: an int or a pair. */
    static int[] pair(JsonNode n) {
        List<Integer> v = KerasShapes.ints(n);
        if (v == null || v.isEmpty() || v.contains(null)) {
            return new int[] {1, 1};
        }
        return new int[] {v.get(0), v.size() > 1 ? v.get(1) : v.get(0)};
    }

    private static List<Integer> dims(Integer... d) {
        return Arrays.asList(d);
    }
}
