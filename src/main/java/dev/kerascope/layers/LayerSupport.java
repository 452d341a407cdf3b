package dev.kerascope.layers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.savedmodel.KerasShapes;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which Keras layers {@link LayerOps} can build: the supported classes, their Keras 2 aliases, and, before anything is
 * built, why a layer's config or input rules it out.
 */
final class LayerSupport {
    static final List<String> SUPPORTED = List.of(
            "InputLayer",
            "Conv2D",
            "Dense",
            "MaxPooling2D",
            "AveragePooling2D",
            "GlobalAveragePooling2D",
            "GlobalMaxPooling2D",
            "Flatten",
            "Reshape",
            "Dropout",
            "SpatialDropout2D",
            "BatchNormalization",
            "Activation",
            "ReLU",
            "LeakyReLU",
            "Softmax",
            "Rescaling",
            "Normalization",
            "Resizing",
            "ZeroPadding2D",
            "Cropping2D",
            "UpSampling2D",
            "Conv2DTranspose",
            "DepthwiseConv2D",
            "SeparableConv2D",
            "Add",
            "Concatenate",
            "Multiply",
            "Average",
            "Subtract",
            "Maximum",
            "Minimum");

    /** Keras 2's short aliases of the same layers. */
    private static final Map<String, String> ALIASES = Map.of(
            "MaxPool2D",
            "MaxPooling2D",
            "AvgPool2D",
            "AveragePooling2D",
            "GlobalAvgPool2D",
            "GlobalAveragePooling2D",
            "GlobalMaxPool2D",
            "GlobalMaxPooling2D");

    private static final Set<String> CONVS = Set.of("Conv2D", "Conv2DTranspose", "DepthwiseConv2D", "SeparableConv2D");

    /** Layers computed on channels_first data by moving the channels last around their channels-last ops. */
    private static final Set<String> CHANNELS_FIRST = Set.of(
            "Conv2D",
            "Conv2DTranspose",
            "DepthwiseConv2D",
            "SeparableConv2D",
            "MaxPooling2D",
            "AveragePooling2D",
            "GlobalAveragePooling2D",
            "GlobalMaxPooling2D",
            "Flatten",
            "ZeroPadding2D",
            "Cropping2D",
            "UpSampling2D");

    static String canonical(String cls) {
        return ALIASES.getOrDefault(cls, cls);
    }

    /** Why a supported class cannot be built with this config and input, or null when it can. */
    static String problem(String cls, JsonNode c, List<List<Integer>> in, List<Integer> out) {
        int rank = in.isEmpty() || in.get(0) == null ? -1 : in.get(0).size();
        if (LayerOps.channelsFirst(c) && (!CHANNELS_FIRST.contains(cls) || rank != 4)) {
            return "channels_first data is supported only on 4-D inputs of "
                    + String.join(", ", CHANNELS_FIRST.stream().sorted().toList());
        }
        if (c.has("activation") && !Activations.supported(Activations.name(c.get("activation")))) {
            return "activation " + Activations.name(c.get("activation")) + " is not supported (supported: "
                    + String.join(", ", Activations.SUPPORTED) + ")";
        }
        String padding = c.path("padding").isTextual() ? c.path("padding").asText() : "valid";
        if ((CONVS.contains(cls) || cls.endsWith("Pooling2D")) && !padding.equals("valid") && !padding.equals("same")) {
            return "padding " + padding + " is not supported";
        }
        int groups = c.path("groups").asInt(1);
        Integer channels = rank != 4 ? null : in.get(0).get(LayerOps.channelsFirst(c) ? 1 : 3);
        int filters = c.path("filters").asInt();
        if (cls.equals("Conv2D")
                && (groups < 1 || channels == null || channels % groups != 0 || filters % groups != 0)) {
            return "groups=" + groups + " must divide the input channels (" + channels + ") and the filters (" + filters
                    + ")";
        }
        boolean normalizesAxis =
                cls.equals("BatchNormalization") || cls.equals("Normalization") || cls.equals("Softmax");
        if (normalizesAxis && !lastAxis(c, rank) && !channelsAxis(cls, c, rank)) {
            return "an axis other than the last is not supported";
        }
        if ((cls.equals("Resizing") || cls.equals("UpSampling2D"))
                && !Set.of("bilinear", "nearest")
                        .contains(c.path("interpolation").asText("nearest"))) {
            return "interpolation " + c.path("interpolation").asText() + " is not supported (bilinear, nearest)";
        }
        if (cls.equals("Resizing") && c.path("crop_to_aspect_ratio").asBoolean(false)) {
            return "crop_to_aspect_ratio is not supported";
        }
        if (cls.equals("Normalization") && c.path("invert").asBoolean(false)) {
            return "invert=True is not supported";
        }
        if (!cls.equals("InputLayer")
                && (out == null || out.subList(1, out.size()).contains(null))) {
            return "its output shape cannot be computed from the config (unknown input dimensions)";
        }
        return null;
    }

    /** BatchNormalization over axis 1 of a 4-D input: the channels of channels_first data. */
    static boolean channelsAxis(String cls, JsonNode c, int rank) {
        List<Integer> axes = KerasShapes.ints(c.get("axis"));
        return cls.equals("BatchNormalization") && rank == 4 && axes != null && axes.equals(List.of(1));
    }

    private static boolean lastAxis(JsonNode c, int rank) {
        List<Integer> axes = KerasShapes.ints(c.get("axis"));
        if (axes == null || axes.isEmpty()) {
            return true;
        }
        return axes.size() == 1 && axes.get(0) != null && (axes.get(0) == -1 || axes.get(0) == rank - 1);
    }

    private LayerSupport() {}
}
