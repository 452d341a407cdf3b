package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Output shapes of the windowed layers (convolutions, transposed convolutions, pooling), channels last, with Keras's
 * {@code conv_output_length} and {@code deconv_output_length}. The batch axis is the input's. Pure: no TensorFlow, no
 * files.
 */
final class ConvShapes {
    private ConvShapes() {}

    /** The spatial rank of a layer class: Conv1D → 1, MaxPooling3D → 3; 0 when not windowed. */
    static int rank(String cls) {
        return cls.contains("1D") ? 1 : cls.contains("3D") ? 3 : cls.contains("2D") ? 2 : 0;
    }

    /** A convolution (plain, separable, depthwise or transposed) with {@code rank} spatial axes. */
    static List<Integer> conv(String cls, JsonNode c, List<Integer> in, int rank) {
        if (in.size() != rank + 2) {
            return null;
        }
        int[] k = tuple(c.get("kernel_size"), rank, 1);
        int[] s = tuple(c.get("strides"), rank, 1);
        int[] d = tuple(c.get("dilation_rate"), rank, 1);
        String padding = padding(c);
        boolean transposed = cls.contains("Transpose") || cls.startsWith("Deconvolution");
        int[] outPad = c.hasNonNull("output_padding") ? tuple(c.get("output_padding"), rank, 0) : null;
        List<Integer> out = new ArrayList<>();
        out.add(in.get(0));
        for (int i = 0; i < rank; i++) {
            out.add(
                    transposed
                            ? deconvLength(in.get(i + 1), k[i], padding, outPad == null ? null : outPad[i], s[i], d[i])
                            : length(padded(in.get(i + 1), c, rank, i), k[i], s[i], d[i], padding));
        }
        Integer channels = in.get(rank + 1);
        if (cls.startsWith("DepthwiseConv")) {
            out.add(
                    channels == null
                            ? null
                            : channels * c.path("depth_multiplier").asInt(1));
        } else {
            out.add(c.path("filters").asInt());
        }
        return out;
    }

    /** MaxPooling/AveragePooling with {@code rank} spatial axes; strides default to the pool size. */
    static List<Integer> pool(JsonNode c, List<Integer> in, int rank) {
        if (in.size() != rank + 2) {
            return null;
        }
        int[] p = tuple(c.get("pool_size"), rank, 2);
        int[] s = c.hasNonNull("strides") ? tuple(c.get("strides"), rank, 1) : p;
        String padding = padding(c);
        List<Integer> out = new ArrayList<>();
        out.add(in.get(0));
        for (int i = 0; i < rank; i++) {
            out.add(length(padded(in.get(i + 1), c, rank, i), p[i], s[i], 1, padding));
        }
        out.add(in.get(rank + 1));
        return out;
    }

    /**
     * The input length after kerascope's explicit padding ({@code "padding": [rows, cols]}, zeros on both sides, then a
     * valid window), which only kerascope's own architectures write.
     */
    private static Integer padded(Integer input, JsonNode c, int rank, int axis) {
        if (input == null || !c.path("padding").isArray()) {
            return input; // not through a conditional expression, which would unbox a null
        }
        return input + 2 * tuple(c.get("padding"), rank, 0)[axis];
    }

    private static String padding(JsonNode c) {
        return c.path("padding").asText("valid").toLowerCase(Locale.ROOT);
    }

    /** An int or a tuple of {@code rank} ints; a single int applies to every axis. */
    static int[] tuple(JsonNode node, int rank, int dflt) {
        List<Integer> v = KerasShapes.ints(node);
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            Integer x = v == null || v.isEmpty() ? null : v.size() == 1 ? v.get(0) : i < v.size() ? v.get(i) : null;
            out[i] = x == null ? dflt : x;
        }
        return out;
    }

    /** Keras's {@code conv_output_length} for valid, same and causal padding. */
    static Integer length(Integer input, int window, int stride, int dilation, String padding) {
        if (input == null || window < 1 || stride < 1 || dilation < 1) {
            return null;
        }
        int dilated = (window - 1) * dilation + 1;
        int n =
                switch (padding) {
                    case "same", "causal" -> input;
                    case "full" -> input + dilated - 1;
                    default -> input - dilated + 1;
                };
        return Math.max(0, (n + stride - 1) / stride);
    }

    /** Keras's {@code deconv_output_length}: the inverse of {@link #length}, with optional output padding. */
    static Integer deconvLength(
            Integer input, int window, String padding, Integer outputPadding, int stride, int dilation) {
        if (input == null || window < 1 || stride < 1 || dilation < 1) {
            return null;
        }
        int k = window + (window - 1) * (dilation - 1);
        if (outputPadding == null) {
            return switch (padding) {
                case "same" -> input * stride;
                case "full" -> input * stride - (stride + k - 2);
                default -> input * stride + Math.max(k - stride, 0);
            };
        }
        int pad =
                switch (padding) {
                    case "same" -> k / 2;
                    case "full" -> k - 1;
                    default -> 0;
                };
        return (input - 1) * stride + k - 2 * pad + outputPadding;
    }
}
