package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Output shapes of Keras layers computed from their configs, as Keras's {@code
 * compute_output_shape} does, for the layer kinds CNN models use. Shapes include the batch axis;
 * null is an unknown dimension. A layer kind not known here yields null (printed "?"), never a
 * failure. Pure: no TensorFlow, no files.
 */
public final class KerasShapes {
  /** Layers whose output has the shape of their (first) input. */
  static final Set<String> SAME_SHAPE = Set.of("BatchNormalization", "Dropout", "SpatialDropout2D", "GaussianNoise",
      "GaussianDropout", "Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax", "Rescaling", "Normalization",
      "LayerNormalization", "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "ActivityRegularization",
      "RandomFlip", "RandomRotation", "RandomZoom", "RandomTranslation", "RandomContrast");

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
        out.add(d.isNull() ? null : d.asInt());
      }
    } else if (items.canConvertToInt()) {
      out.add(items.asInt());
    }
    return out;
  }

  private static int[] pair(JsonNode node, int dflt) {
    List<Integer> v = ints(node);
    if (v == null || v.isEmpty()) {
      return new int[] {dflt, dflt};
    }
    return v.size() == 1 ? new int[] {v.get(0), v.get(0)} : new int[] {v.get(0), v.get(1)};
  }

  /** The output shape of one layer call, or null when it cannot be computed. */
  public static List<Integer> output(String className, JsonNode config, List<List<Integer>> inputs) {
    List<Integer> in = inputs.isEmpty() ? null : inputs.get(0);
    if (className.equals("InputLayer")) {
      List<Integer> s = ints(config.has("batch_input_shape") ? config.get("batch_input_shape") : config.get("batch_shape"));
      return s;
    }
    if (in == null) {
      return null;
    }
    if (SAME_SHAPE.contains(className)) {
      return in;
    }
    if ("channels_first".equals(config.path("data_format").asText())) {
      return null;
    }
    switch (className) {
      case "Conv2D", "Convolution2D" -> {
        if (in.size() != 4) {
          return null;
        }
        int[] k = pair(config.get("kernel_size"), 1);
        int[] s = pair(config.get("strides"), 1);
        int[] d = pair(config.get("dilation_rate"), 1);
        boolean same = "same".equals(config.path("padding").asText("valid").toLowerCase(Locale.ROOT));
        return shape(null, length(in.get(1), k[0], s[0], d[0], same), length(in.get(2), k[1], s[1], d[1], same),
            config.path("filters").asInt());
      }
      case "MaxPooling2D", "AveragePooling2D", "MaxPool2D", "AvgPool2D" -> {
        if (in.size() != 4) {
          return null;
        }
        int[] p = pair(config.get("pool_size"), 2);
        int[] s = config.hasNonNull("strides") ? pair(config.get("strides"), 1) : p;
        boolean same = "same".equals(config.path("padding").asText("valid").toLowerCase(Locale.ROOT));
        return shape(null, length(in.get(1), p[0], s[0], 1, same), length(in.get(2), p[1], s[1], 1, same), in.get(3));
      }
      case "GlobalAveragePooling2D", "GlobalMaxPooling2D", "GlobalAvgPool2D", "GlobalMaxPool2D" -> {
        if (config.path("keepdims").asBoolean(false)) {
          return shape(null, 1, 1, in.get(in.size() - 1));
        }
        return shape(null, in.get(in.size() - 1));
      }
      case "Flatten" -> {
        Integer n = 1;
        for (int i = 1; i < in.size(); i++) {
          n = n == null || in.get(i) == null ? null : n * in.get(i);
        }
        return shape(null, n);
      }
      case "Dense" -> {
        List<Integer> out = new ArrayList<>(in);
        out.set(out.size() - 1, config.path("units").asInt());
        return out;
      }
      case "Reshape" -> {
        List<Integer> target = ints(config.get("target_shape"));
        if (target == null) {
          return null;
        }
        long known = 1;
        for (int i = 1; i < in.size(); i++) {
          if (in.get(i) == null) {
            return null;
          }
          known *= in.get(i);
        }
        long rest = 1;
        for (Integer t : target) {
          rest *= t == -1 ? 1 : t;
        }
        List<Integer> out = new ArrayList<>();
        out.add(null);
        for (Integer t : target) {
          out.add(t == -1 ? (int) (known / rest) : t);
        }
        return out;
      }
      case "Concatenate" -> {
        int axis = config.path("axis").asInt(-1);
        List<Integer> out = new ArrayList<>(in);
        int a = axis < 0 ? in.size() + axis : axis;
        Integer sum = 0;
        for (List<Integer> s : inputs) {
          sum = s == null || sum == null || s.get(a) == null ? null : sum + s.get(a);
        }
        out.set(a, sum);
        return out;
      }
      case "ZeroPadding2D" -> {
        List<Integer> p = ints(config.get("padding"));
        int top = 1, bottom = 1, left = 1, right = 1;
        if (p != null && p.size() == 2) {
          top = bottom = p.get(0);
          left = right = p.get(1);
        } else if (p != null && p.size() == 1) {
          top = bottom = left = right = p.get(0);
        }
        return shape(null, in.get(1) == null ? null : in.get(1) + top + bottom, in.get(2) == null ? null : in.get(2) + left + right, in.get(3));
      }
      default -> {
        return null;
      }
    }
  }

  /** A shape list that may hold nulls (List.of does not). */
  static List<Integer> shape(Integer... dims) {
    return java.util.Arrays.asList(dims);
  }

  /** Keras's conv_output_length for valid and same padding. */
  static Integer length(Integer input, int window, int stride, int dilation, boolean same) {
    if (input == null) {
      return null;
    }
    int dilated = (window - 1) * dilation + 1;
    int n = same ? input : input - dilated + 1;
    return (n + stride - 1) / stride;
  }
}
