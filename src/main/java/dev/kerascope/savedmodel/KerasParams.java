package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Parameter counts of Keras layers from their configs and input shapes, for models given as a config without weights
 * ({@code model.to_json()}). Each count is the size of the weights the layer's {@code build} creates, as Keras's layer
 * sources define them; a layer that creates none (pooling, reshaping, dropout, activations, preprocessing) counts 0.
 * Returns {trainable, non-trainable}; null when the count needs a dimension that is unknown.
 */
final class KerasParams {
    private KerasParams() {}

    static long[] of(String cls, JsonNode c, List<List<Integer>> inputs) {
        List<Integer> in = inputs.isEmpty() ? null : inputs.get(0);
        boolean channelsFirst = "channels_first".equals(c.path("data_format").asText());
        Integer channels = in == null || in.size() < 2 ? null : channelsFirst ? in.get(1) : in.get(in.size() - 1);
        boolean bias = c.path("use_bias").asBoolean(true);
        int rank = ConvShapes.rank(cls);
        switch (cls) {
            case "Dense" -> {
                int units = c.path("units").asInt();
                return channels == null ? null : weights((long) channels * units + (bias ? units : 0), 0);
            }
            case "Conv1D", "Conv2D", "Conv3D", "Convolution1D", "Convolution2D", "Convolution3D" -> {
                int filters = c.path("filters").asInt();
                int groups = Math.max(1, c.path("groups").asInt(1));
                return channels == null
                        ? null
                        : weights(window(c, rank) * (channels / groups) * filters + (bias ? filters : 0), 0);
            }
            case "Conv1DTranspose",
                    "Conv2DTranspose",
                    "Conv3DTranspose",
                    "Convolution2DTranspose",
                    "Deconvolution2D" -> {
                int filters = c.path("filters").asInt();
                return channels == null
                        ? null
                        : weights(window(c, rank) * channels * filters + (bias ? filters : 0), 0);
            }
            case "SeparableConv1D", "SeparableConv2D", "SeparableConvolution2D" -> {
                int filters = c.path("filters").asInt();
                int multiplier = c.path("depth_multiplier").asInt(1);
                return channels == null
                        ? null
                        : weights(
                                window(c, rank) * channels * multiplier
                                        + (long) channels * multiplier * filters
                                        + (bias ? filters : 0),
                                0);
            }
            case "DepthwiseConv1D", "DepthwiseConv2D" -> {
                long out = channels == null
                        ? 0
                        : (long) channels * c.path("depth_multiplier").asInt(1);
                return channels == null ? null : weights(window(c, rank) * out + (bias ? out : 0), 0);
            }
            case "BatchNormalization" -> {
                // gamma (scale) and beta (center) train; the moving mean and variance do not.
                Long n = axisSize(c, in);
                int learned = (c.path("scale").asBoolean(true) ? 1 : 0)
                        + (c.path("center").asBoolean(true) ? 1 : 0);
                return n == null ? null : weights(learned * n, 2 * n);
            }
            case "LayerNormalization" -> {
                Long n = axisSize(c, in);
                int learned = (c.path("scale").asBoolean(true) ? 1 : 0)
                        + (c.path("center").asBoolean(true) ? 1 : 0);
                return n == null ? null : weights(learned * n, 0);
            }
            case "Embedding" -> {
                return weights(
                        (long) c.path("input_dim").asInt()
                                * c.path("output_dim").asInt(),
                        0);
            }
            case "PReLU" -> {
                // alpha has the input's shape without the batch, 1 along the shared axes.
                if (in == null) {
                    return null;
                }
                List<Integer> shared = KerasShapes.ints(c.get("shared_axes"));
                long n = 1;
                for (int i = 1; i < in.size(); i++) {
                    if (shared == null || !shared.contains(i)) {
                        if (in.get(i) == null) {
                            return null;
                        }
                        n *= in.get(i);
                    }
                }
                return weights(n, 0);
            }
            default -> {
                return weights(0, 0);
            }
        }
    }

    private static long[] weights(long trainable, long nonTrainable) {
        return new long[] {trainable, nonTrainable};
    }

    private static long window(JsonNode c, int rank) {
        long n = 1;
        for (int k : ConvShapes.tuple(c.get("kernel_size"), Math.max(rank, 1), 1)) {
            n *= k;
        }
        return n;
    }

    /** The product of the normalized axes' sizes (Keras 2 writes {@code axis} as a list, Keras 3 as an int). */
    private static Long axisSize(JsonNode c, List<Integer> in) {
        if (in == null) {
            return null;
        }
        List<Integer> axes = c.has("axis") ? KerasShapes.ints(c.get("axis")) : List.of(-1);
        long n = 1;
        for (Integer a : axes == null || axes.isEmpty() ? List.of(-1) : axes) {
            int i = a == null ? -1 : a < 0 ? in.size() + a : a;
            if (i < 1 || i >= in.size() || in.get(i) == null) {
                return null;
            }
            n *= in.get(i);
        }
        return n;
    }
}
