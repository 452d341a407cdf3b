package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;

/**
 * The Keras summary of a Keras 2 SavedModel: layers and connections from the model's config in
 * the Keras metadata, output shapes computed from the configs ({@link KerasShapes}), and
 * parameters counted from the variables each layer object owns in the object graph (trainable
 * as saved; BatchNormalization's moving statistics are not). Optimizer slots belong to the
 * optimizer object and are never counted.
 */
public final class KerasModelSummarizer {
  private final SavedObjectGraph graph;
  private final Map<Integer, KerasObject> objects;

  private KerasModelSummarizer(SavedObjectGraph graph, Map<Integer, KerasObject> objects) {
    this.graph = graph;
    this.objects = objects;
  }

  public static Optional<ModelSummary> summarize(SavedObjectGraph graph, Map<Integer, KerasObject> objects) {
    KerasObject root = objects.get(0);
    if (root == null || !root.metadata().has("config") || !root.metadata().path("config").has("layers")) {
      return Optional.empty();
    }
    return Optional.of(new KerasModelSummarizer(graph, objects).summary(root));
  }

  private ModelSummary summary(KerasObject root) {
    JsonNode config = root.metadata().get("config");
    boolean sequential = "Sequential".equals(root.className());
    Map<String, long[]> paramsByLayer = paramsByLayerName();
    List<SummaryRow> rows = new ArrayList<>();
    boolean sequentialLike = sequential;
    if (sequential) {
      List<Integer> shape = sequentialInputShape(root.metadata(), config);
      for (JsonNode layer : config.get("layers")) {
        String cls = layer.path("class_name").asText();
        JsonNode lc = layer.path("config");
        if (cls.equals("InputLayer")) {
          shape = KerasShapes.output(cls, lc, List.of());
          continue;
        }
        shape = shape == null ? null : outputOf(cls, lc, List.of(shape));
        String name = lc.path("name").asText();
        long[] p = paramsByLayer.getOrDefault(name, new long[2]);
        rows.add(new SummaryRow(name, cls, shape, p[0] + p[1], p[1] == 0, List.of()));
      }
    } else {
      Functional f = new Functional(config);
      sequentialLike = f.sequentialLike();
      for (JsonNode layer : config.get("layers")) {
        String name = layer.path("name").asText(layer.path("config").path("name").asText());
        long[] p = paramsByLayer.getOrDefault(name, new long[2]);
        rows.add(new SummaryRow(name, layer.path("class_name").asText(), f.shapeOf(name), p[0] + p[1], p[1] == 0, f.connections(name)));
      }
    }
    long[] totals = variableTotals(variablesOf(0));
    return new ModelSummary(root.name(), rows, totals[0], totals[1], totals[2], totals[3], sequentialLike, null,
        sequentialLike ? spatialChain(config, rows) : null);
  }

  /**
   * The convolution and pooling windows in layer order up to the first layer that is not spatial,
   * for {@code --rf}; null when the input is not an image or a window cannot be read.
   */
  static dev.kerascope.summary.ReceptiveFields.Chain spatialChain(JsonNode config, List<SummaryRow> rows) {
    List<dev.kerascope.summary.ReceptiveFields.Window> windows = new ArrayList<>();
    Integer inputSize = null;
    String inputName = "input";
    for (JsonNode layer : config.get("layers")) {
      String cls = layer.path("class_name").asText();
      JsonNode c = layer.path("config");
      if (inputSize == null) {
        List<Integer> shape = cls.equals("InputLayer") ? KerasShapes.output(cls, c, List.of())
            : KerasShapes.ints(c.get("batch_input_shape"));
        if (shape == null || shape.size() != 4 || shape.get(1) == null) {
          return null;
        }
        inputSize = shape.get(1);
        inputName = c.path("name").asText(inputName);
        if (cls.equals("InputLayer")) {
          continue;
        }
      }
      boolean conv = cls.equals("Conv2D");
      boolean pool = cls.equals("MaxPooling2D") || cls.equals("AveragePooling2D");
      if (conv || pool) {
        List<Integer> k = KerasShapes.ints(c.get(conv ? "kernel_size" : "pool_size"));
        List<Integer> s = c.hasNonNull("strides") ? KerasShapes.ints(c.get("strides")) : k;
        if (k == null || k.isEmpty() || s == null || s.isEmpty()) {
          return null;
        }
        windows.add(new dev.kerascope.summary.ReceptiveFields.Window(c.path("name").asText(), cls, k.get(0), s.get(0),
            c.path("padding").asText("valid").toLowerCase(java.util.Locale.ROOT), 0));
      } else if (!KerasShapes.SAME_SHAPE.contains(cls)) {
        break;
      }
    }
    return inputSize == null ? null : new dev.kerascope.summary.ReceptiveFields.Chain(inputName, inputSize, windows);
  }

  private static List<Integer> sequentialInputShape(JsonNode meta, JsonNode config) {
    JsonNode first = config.get("layers").path(0).path("config");
    if (first.has("batch_input_shape")) {
      return KerasShapes.ints(first.get("batch_input_shape"));
    }
    return KerasShapes.ints(meta.get("build_input_shape"));
  }

  /** A layer's output: nested models are evaluated through their own config. */
  static List<Integer> outputOf(String cls, JsonNode config, List<List<Integer>> inputs) {
    if (config.has("layers") && config.get("layers").isArray()) {
      if ("Sequential".equals(cls)) {
        List<Integer> shape = inputs.isEmpty() ? null : inputs.get(0);
        for (JsonNode layer : config.get("layers")) {
          if (!layer.path("class_name").asText().equals("InputLayer") && shape != null) {
            shape = outputOf(layer.path("class_name").asText(), layer.path("config"), List.of(shape));
          }
        }
        return shape;
      }
      List<List<Integer>> out = new Functional(config).outputs(inputs);
      return out.isEmpty() ? null : out.get(0);
    }
    return KerasShapes.output(cls, config, inputs);
  }

  /** Trainable and non-trainable parameter counts of each layer object directly under the model. */
  private Map<String, long[]> paramsByLayerName() {
    Map<String, long[]> out = new HashMap<>();
    TreeMap<Integer, Integer> layersInOrder = new TreeMap<>();
    for (ObjectReference c : graph.getNodes(0).getChildrenList()) {
      if (c.getLocalName().matches("layer-\\d+")) {
        layersInOrder.put(Integer.parseInt(c.getLocalName().substring(6)), c.getNodeId());
      }
    }
    for (int nodeId : layersInOrder.values()) {
      KerasObject o = objects.get(nodeId);
      if (o != null && o.name() != null) {
        long[] t = variableTotals(variablesOf(nodeId));
        out.put(o.name(), new long[] {t[0], t[2]});
      }
    }
    return out;
  }

  /** The variable nodes an object owns: its {@code variables} list, else its direct variable children. */
  private Set<Integer> variablesOf(int nodeId) {
    Set<Integer> vars = new LinkedHashSet<>();
    SavedObject node = graph.getNodes(nodeId);
    for (ObjectReference c : node.getChildrenList()) {
      if (c.getLocalName().equals("variables")) {
        for (ObjectReference v : graph.getNodes(c.getNodeId()).getChildrenList()) {
          if (graph.getNodes(v.getNodeId()).hasVariable()) {
            vars.add(v.getNodeId());
          }
        }
        return vars;
      }
    }
    for (ObjectReference c : node.getChildrenList()) {
      if (graph.getNodes(c.getNodeId()).hasVariable()) {
        vars.add(c.getNodeId());
      }
    }
    return vars;
  }

  /** {trainable count, trainable bytes, non-trainable count, non-trainable bytes}. */
  private long[] variableTotals(Set<Integer> variableNodes) {
    long[] t = new long[4];
    for (int id : variableNodes) {
      SavedVariable v = graph.getNodes(id).getVariable();
      long n = 1;
      for (var d : v.getShape().getDimList()) {
        n *= Math.max(d.getSize(), 0);
      }
      int k = v.getTrainable() ? 0 : 2;
      t[k] += n;
      t[k + 1] += n * dtypeSize(v.getDtype());
    }
    return t;
  }

  static int dtypeSize(DataType t) {
    return switch (t) {
      case DT_DOUBLE, DT_INT64, DT_UINT64, DT_COMPLEX64 -> 8;
      case DT_HALF, DT_BFLOAT16, DT_INT16, DT_UINT16 -> 2;
      case DT_INT8, DT_UINT8, DT_BOOL, DT_QINT8, DT_QUINT8 -> 1;
      case DT_COMPLEX128 -> 16;
      default -> 4;
    };
  }
}
