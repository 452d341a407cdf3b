package dev.kerascope.layers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.savedmodel.KerasShapes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.op.nn.Conv2dBackpropInput;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Convolutions and pooling as Keras computes them at inference, NHWC with HWIO kernels (Keras's layout): Conv2D,
 * DepthwiseConv2D, SeparableConv2D (depthwise then a 1x1 pointwise), Conv2DTranspose (TensorFlow's Conv2DBackpropInput,
 * Keras's own op), Max/AveragePooling2D.
 */
final class ConvOps {
    private ConvOps() {}

    static Operand<TFloat32> conv2d(Ops s, Operand<TFloat32> x, JsonNode c, Map<String, Operand<TFloat32>> w) {
        x = explicitPad(s, x, c);
        int groups = c.path("groups").asInt(1);
        if (groups > 1) {
            return bias(s, grouped(s, x, w.get("kernel"), c, groups), w);
        }
        Operand<TFloat32> y = s.withName("Conv2D")
                .nn
                .conv2d(x, w.get("kernel"), strides(c), padding(c), Conv2d.dilations(dilations(c)));
        return bias(s, y, w);
    }

    /**
     * Keras's grouped convolution: the input channels split into {@code groups} equal parts, each convolved with its
     * own slice of the filters (the kernel is (kh, kw, in/groups, filters), group g owning filters g*filters/groups
     * onwards), the results concatenated in group order. Built from splits because TensorFlow's CPU Conv2D kernel does
     * not take a grouped kernel.
     */
    private static Operand<TFloat32> grouped(
            Ops s, Operand<TFloat32> x, Operand<TFloat32> kernel, JsonNode c, int groups) {
        var parts = s.withName("group_inputs")
                .split(s.constant(3), x, (long) groups)
                .output();
        var kernels = s.withName("group_kernels")
                .split(s.constant(3), kernel, (long) groups)
                .output();
        List<Operand<TFloat32>> outs = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            outs.add(s.withName("Conv2D_group" + g)
                    .nn
                    .conv2d(parts.get(g), kernels.get(g), strides(c), padding(c), Conv2d.dilations(dilations(c))));
        }
        return s.withName("Conv2D").concat(outs, s.constant(3));
    }

    static Operand<TFloat32> depthwise(Ops s, Operand<TFloat32> x, JsonNode c, Map<String, Operand<TFloat32>> w) {
        return bias(s, depthwiseKernel(s, x, c, w), w);
    }

    /** The depthwise step that DepthwiseConv2D and SeparableConv2D share, without a bias. */
    private static Operand<TFloat32> depthwiseKernel(
            Ops s, Operand<TFloat32> x, JsonNode c, Map<String, Operand<TFloat32>> w) {
        return s.withName("depthwise")
                .nn
                .depthwiseConv2dNative(
                        x,
                        w.get("depthwise_kernel"),
                        strides(c),
                        padding(c),
                        DepthwiseConv2dNative.dilations(dilations(c)));
    }

    static Operand<TFloat32> separable(Ops s, Operand<TFloat32> x, JsonNode c, Map<String, Operand<TFloat32>> w) {
        Operand<TFloat32> d = depthwiseKernel(s, x, c, w);
        Operand<TFloat32> y =
                s.withName("pointwise").nn.conv2d(d, w.get("pointwise_kernel"), List.of(1L, 1L, 1L, 1L), "VALID");
        return bias(s, y, w);
    }

    /** The output size comes from the layer's computed output shape; the batch from the input. */
    static Operand<TFloat32> transpose(
            Ops s, Operand<TFloat32> x, JsonNode c, Map<String, Operand<TFloat32>> w, List<Integer> out) {
        Operand<TInt32> batch = s.slice(s.shape(x), s.constant(new int[] {0}), s.constant(new int[] {1}));
        Operand<TInt32> size =
                s.concat(List.of(batch, s.constant(new int[] {out.get(1), out.get(2), out.get(3)})), s.constant(0));
        Operand<TFloat32> y = s.withName("conv2d_transpose")
                .nn
                .conv2dBackpropInput(
                        size, w.get("kernel"), x, strides(c), padding(c), Conv2dBackpropInput.dilations(dilations(c)));
        return bias(s, y, w);
    }

    /** MaxPool/AvgPool with static windows (the op types Keras exports; Ops.nn.maxPool builds MaxPoolV2). */
    @SuppressWarnings("unchecked")
    static Operand<TFloat32> pool(Ops s, Operand<TFloat32> x, JsonNode c, boolean max) {
        int[] k = pair(c.get("pool_size"), 2);
        int[] st = c.hasNonNull("strides") ? pair(c.get("strides"), k[0]) : k;
        String type = max ? "MaxPool" : "AvgPool";
        Scope scope = s.scope();
        Output<?> out = scope.opBuilder(type, type)
                .addInput(x.asOutput())
                .setAttr("ksize", new long[] {1, k[0], k[1], 1})
                .setAttr("strides", new long[] {1, st[0], st[1], 1})
                .setAttr("padding", padding(c))
                .setAttr("data_format", "NHWC")
                .build()
                .output(0);
        return (Output<TFloat32>) out;
    }

    /**
     * kerascope's explicit padding ({@code "padding": [rows, cols]}) as its own Pad op before a VALID window: the
     * numbers of Conv2D's EXPLICIT padding, whose C++ gradient in TensorFlow 2.18 drops explicit_paddings and fails.
     * Other inputs pass unchanged.
     */
    private static Operand<TFloat32> explicitPad(Ops s, Operand<TFloat32> x, JsonNode c) {
        if (!c.path("padding").isArray()) {
            return x;
        }
        int[] p = pair(c.get("padding"), 0);
        int[][] amounts = {{0, 0}, {p[0], p[0]}, {p[1], p[1]}, {0, 0}};
        return s.withName("Pad").pad(x, s.constant(amounts), s.constant(0f));
    }

    private static Operand<TFloat32> bias(Ops s, Operand<TFloat32> y, Map<String, Operand<TFloat32>> w) {
        return w.containsKey("bias") ? s.withName("BiasAdd").nn.biasAdd(y, w.get("bias")) : y;
    }

    static List<Long> strides(JsonNode c) {
        int[] st = pair(c.get("strides"), 1);
        return List.of(1L, (long) st[0], (long) st[1], 1L);
    }

    static List<Long> dilations(JsonNode c) {
        int[] d = pair(c.get("dilation_rate"), 1);
        return List.of(1L, (long) d[0], (long) d[1], 1L);
    }

    static String padding(JsonNode c) {
        return c.path("padding").isArray()
                ? "VALID"
                : c.path("padding").asText("valid").toUpperCase(Locale.ROOT);
    }

    /** An int or a pair (Keras writes both); {@code dflt} when absent. */
    static int[] pair(JsonNode n, int dflt) {
        List<Integer> v = KerasShapes.ints(n);
        if (v == null || v.isEmpty() || v.contains(null)) {
            return new int[] {dflt, dflt};
        }
        return new int[] {v.get(0), v.size() > 1 ? v.get(1) : v.get(0)};
    }
}
