package dev.kerascope.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * One Keras layer call as TensorFlow ops: the one place that knows how each supported layer computes (the few that
 * train differently hand over to {@link TrainingOps} in training graphs). Shapes come from the layer graph (static,
 * batch free), weights by their Keras names. {@link LayerSupport#problem} says, before anything is built, why a layer
 * cannot be.
 */
final class LayerOps {
    private LayerOps() {}

    /**
     * The output of one call: {@code in} its inputs, {@code out} its output shape (batch first, null), {@code w} its
     * weights.
     */
    static Operand<TFloat32> apply(
            Ops s,
            String cls,
            JsonNode c,
            List<Operand<TFloat32>> in,
            List<List<Integer>> inShapes,
            List<Integer> out,
            Map<String, Operand<TFloat32>> w,
            boolean keras3,
            TrainingOps.Training training) {
        if (channelsFirst(c)
                || LayerSupport.channelsAxis(
                        cls, c, inShapes.isEmpty() ? -1 : inShapes.get(0).size())) {
            return channelsFirst(s, cls, c, in, inShapes, out, w, keras3, training);
        }
        Operand<TFloat32> x = in.get(0);
        Operand<TFloat32> y =
                switch (cls) {
                    case "Conv2D" -> ConvOps.conv2d(s, x, c, w);
                    case "DepthwiseConv2D" -> ConvOps.depthwise(s, x, c, w);
                    case "SeparableConv2D" -> ConvOps.separable(s, x, c, w);
                    case "Conv2DTranspose" -> ConvOps.transpose(s, x, c, w, out);
                    case "MaxPooling2D" -> ConvOps.pool(s, x, c, true);
                    case "AveragePooling2D" -> ConvOps.pool(s, x, c, false);
                    case "Dense" -> dense(s, x, inShapes.get(0), out, w);
                    case "GlobalAveragePooling2D" -> s.withName("Mean")
                            .math
                            .mean(
                                    x,
                                    s.constant(new int[] {1, 2}),
                                    Mean.keepDims(c.path("keepdims").asBoolean(false)));
                    case "GlobalMaxPooling2D" -> s.withName("Max")
                            .max(
                                    x,
                                    s.constant(new int[] {1, 2}),
                                    Max.keepDims(c.path("keepdims").asBoolean(false)));
                    case "Flatten", "Reshape" -> s.withName("Reshape").reshape(x, s.constant(batchFree(out)));
                    case "Dropout", "SpatialDropout2D" -> training == null
                            ? x
                            : TrainingOps.dropout(s, x, c, cls.startsWith("Spatial"), training);
                    case "BatchNormalization" -> training == null
                            ? batchNorm(s, x, c, w)
                            : TrainingOps.batchNorm(s, x, c, w, inShapes.get(0), training);
                    case "Activation" -> x;
                    case "ReLU" -> relu(s, x, c);
                    case "LeakyReLU" -> s.withName("LeakyRelu").nn.leakyRelu(x, LeakyRelu.alpha((float)
                            c.path("negative_slope").asDouble(c.path("alpha").asDouble(0.3))));
                    case "Softmax" -> s.withName("Softmax").nn.softmax(x);
                    case "Rescaling" -> s.withName("Rescaling")
                            .math
                            .add(s.math.mul(x, vector(s, c.get("scale"), 1f)), vector(s, c.get("offset"), 0f));
                    case "Normalization" -> normalization(s, x, c, w);
                    case "Resizing" -> resize(s, x, out, c.path("interpolation").asText("bilinear"));
                    case "UpSampling2D" -> resize(
                            s, x, out, c.path("interpolation").asText("nearest"));
                    case "ZeroPadding2D" -> pad(s, x, c);
                    case "Cropping2D" -> crop(s, x, c, out);
                    case "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum" -> merge(s, cls, in);
                    case "Concatenate" -> s.withName("concat")
                            .concat(in, s.constant(axis(c.path("axis").asInt(-1), out.size())));
                    default -> throw new IllegalArgumentException("no op for " + cls);
                };
        if (c.has("activation")) {
            y = Activations.apply(s, y, Activations.name(c.get("activation")), keras3);
        }
        return y;
    }

    static boolean channelsFirst(JsonNode c) {
        return "channels_first".equals(c.path("data_format").asText());
    }

    /**
     * A channels_first call (or BatchNormalization over axis 1): the input transposed to NHWC, the channels_last layer,
     * and a 4-D output transposed back to NCHW (what Keras's TensorFlow backend does on CPU, where NCHW kernels are
     * missing).
     */
    private static Operand<TFloat32> channelsFirst(
            Ops s,
            String cls,
            JsonNode c,
            List<Operand<TFloat32>> in,
            List<List<Integer>> inShapes,
            List<Integer> out,
            Map<String, Operand<TFloat32>> w,
            boolean keras3,
            TrainingOps.Training training) {
        ObjectNode last = ((ObjectNode) c).deepCopy();
        last.remove("data_format");
        if (cls.equals("BatchNormalization")) {
            last.put("axis", -1);
        }
        Operand<TFloat32> x =
                s.withName("to_channels_last").linalg.transpose(in.get(0), s.constant(new int[] {0, 2, 3, 1}));
        // Arrays.asList: a dimension the file leaves open is null.
        List<Integer> outLast = out.size() == 4 ? Arrays.asList(-1, out.get(2), out.get(3), out.get(1)) : out;
        List<Integer> inLast = Arrays.asList(
                -1,
                inShapes.get(0).get(2),
                inShapes.get(0).get(3),
                inShapes.get(0).get(1));
        Operand<TFloat32> y = apply(s, cls, last, List.of(x), List.of(inLast), outLast, w, keras3, training);
        if (out.size() != 4) {
            return y;
        }
        return s.withName("to_channels_first").linalg.transpose(y, s.constant(new int[] {0, 3, 1, 2}));
    }

    /** Keras's Dense on the last axis; inputs of rank > 2 are flattened around the MatMul. */
    private static Operand<TFloat32> dense(
            Ops s, Operand<TFloat32> x, List<Integer> in, List<Integer> out, Map<String, Operand<TFloat32>> w) {
        Operand<TFloat32> flat = in.size() == 2 ? x : s.reshape(x, s.constant(new int[] {-1, in.get(in.size() - 1)}));
        Operand<TFloat32> y = s.withName("MatMul").linalg.matMul(flat, w.get("kernel"));
        if (w.containsKey("bias")) {
            y = s.withName("BiasAdd").nn.biasAdd(y, w.get("bias"));
        }
        return in.size() == 2 ? y : s.reshape(y, s.constant(batchFree(out)));
    }

    /** Inference: the moving statistics normalise (the arithmetic training graphs share at phase 0). */
    private static Operand<TFloat32> batchNorm(
            Ops s, Operand<TFloat32> x, JsonNode c, Map<String, Operand<TFloat32>> w) {
        return TrainingOps.normalize(s, x, w.get("moving_mean"), w.get("moving_variance"), w, (float)
                c.path("epsilon").asDouble(1e-3));
    }

    /** Keras's relu with max_value, negative_slope and threshold. */
    private static Operand<TFloat32> relu(Ops s, Operand<TFloat32> x, JsonNode c) {
        float slope = (float) c.path("negative_slope").asDouble(0);
        float threshold = (float) c.path("threshold").asDouble(0);
        Operand<TFloat32> y;
        if (slope == 0 && threshold == 0) {
            y = s.withName("Relu").nn.relu(x);
        } else {
            Operand<TFloat32> below = s.math.mul(s.constant(slope), s.math.sub(x, s.constant(threshold)));
            y = s.withName("Relu").select(s.math.greaterEqual(x, s.constant(threshold)), x, below);
        }
        if (c.hasNonNull("max_value")) {
            y = s.math.minimum(y, s.constant((float) c.get("max_value").asDouble()));
        }
        return y;
    }

    /**
     * (x - mean) / max(sqrt(variance), 1e-7), Keras's Normalization; mean and variance from the weights or the config.
     */
    private static Operand<TFloat32> normalization(
            Ops s, Operand<TFloat32> x, JsonNode c, Map<String, Operand<TFloat32>> w) {
        Operand<TFloat32> mean = w.containsKey("mean") ? w.get("mean") : vector(s, c.get("mean"), 0f);
        Operand<TFloat32> var = w.containsKey("variance") ? w.get("variance") : vector(s, c.get("variance"), 1f);
        return s.withName("Normalization")
                .math
                .div(s.math.sub(x, mean), s.math.maximum(s.math.sqrt(var), s.constant(1e-7f)));
    }

    /** tf.image.resize (half-pixel centres, no antialiasing), which Keras's Resizing and UpSampling2D call. */
    private static Operand<TFloat32> resize(Ops s, Operand<TFloat32> x, List<Integer> out, String interpolation) {
        Operand<TInt32> size = s.constant(new int[] {out.get(1), out.get(2)});
        if (interpolation.equals("bilinear")) {
            return s.withName("resize").image.resizeBilinear(x, size, ResizeBilinear.halfPixelCenters(true));
        }
        return s.withName("resize").image.resizeNearestNeighbor(x, size, ResizeNearestNeighbor.halfPixelCenters(true));
    }

    private static Operand<TFloat32> pad(Ops s, Operand<TFloat32> x, JsonNode c) {
        int[][] a = amounts(c.get("padding"));
        return s.withName("Pad").pad(x, s.constant(new int[][] {{0, 0}, a[0], a[1], {0, 0}}), s.constant(0f));
    }

    private static Operand<TFloat32> crop(Ops s, Operand<TFloat32> x, JsonNode c, List<Integer> out) {
        int[][] amounts = amounts(c.get("cropping"));
        return s.withName("Crop")
                .slice(x, s.constant(new int[] {0, amounts[0][0], amounts[1][0], 0}), s.constant(new int[] {
                    -1, out.get(1), out.get(2), -1
                }));
    }

    /** Keras's padding/cropping forms: an int, (rows, cols), or ((top, bottom), (left, right)). */
    static int[][] amounts(JsonNode n) {
        JsonNode items = n == null ? null : n.isObject() ? n.path("items") : n;
        if (items == null || items.isNull() || items.isMissingNode()) {
            return new int[][] {{1, 1}, {1, 1}};
        }
        if (items.canConvertToInt()) {
            int v = items.asInt();
            return new int[][] {{v, v}, {v, v}};
        }
        int[][] out = new int[2][2];
        for (int i = 0; i < 2; i++) {
            JsonNode axis = items.path(i).isObject() ? items.path(i).path("items") : items.path(i);
            out[i] = axis.isArray()
                    ? new int[] {axis.path(0).asInt(), axis.path(1).asInt()}
                    : new int[] {axis.asInt(), axis.asInt()};
        }
        return out;
    }

    private static Operand<TFloat32> merge(Ops s, String cls, List<Operand<TFloat32>> in) {
        Operand<TFloat32> y = in.get(0);
        for (int i = 1; i < in.size(); i++) {
            Operand<TFloat32> b = in.get(i);
            y = switch (cls) {
                case "Add", "Average" -> s.math.add(y, b);
                case "Subtract" -> s.math.sub(y, b);
                case "Multiply" -> s.math.mul(y, b);
                case "Maximum" -> s.math.maximum(y, b);
                default -> s.math.minimum(y, b);
            };
        }
        return cls.equals("Average")
                ? s.withName(cls).math.div(y, s.constant((float) in.size()))
                : s.withName(cls).identity(y);
    }

    /** A scalar or per-channel constant from a config value (Rescaling's scale, Normalization's mean). */
    private static Operand<TFloat32> vector(Ops s, JsonNode v, float dflt) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return s.constant(dflt);
        }
        if (v.isArray()) {
            List<Float> values = new ArrayList<>();
            v.forEach(e -> values.add((float) e.asDouble()));
            float[] a = new float[values.size()];
            for (int i = 0; i < a.length; i++) {
                a[i] = values.get(i);
            }
            return s.constant(a);
        }
        return s.constant((float) v.asDouble());
    }

    private static int axis(int axis, int rank) {
        return axis < 0 ? rank + axis : axis;
    }

    /** A shape with -1 for the batch, for Reshape. */
    private static int[] batchFree(List<Integer> shape) {
        int[] out = new int[shape.size()];
        out[0] = -1;
        for (int i = 1; i < out.length; i++) {
            out[i] = shape.get(i);
        }
        return out;
    }
}
