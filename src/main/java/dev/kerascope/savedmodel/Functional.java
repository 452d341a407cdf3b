package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A Keras 2 functional model config walked call by call: each layer's {@code inbound_nodes} entry
 * is one call, whose inputs are {@code [layer, node_index, tensor_index, kwargs]} references. A
 * nested model's node 0 is its own construction, so the calls of a nested model are numbered
 * from 1 (Keras's {@code _should_skip_first_node}).
 */
final class Functional {
  private final JsonNode config;
  private final Map<String, JsonNode> layers = new HashMap<>();
  /** Output shapes of each layer's calls, in call order. */
  private final Map<String, List<List<Integer>>> calls = new HashMap<>();

  Functional(JsonNode config) {
    this.config = config;
    for (JsonNode l : config.get("layers")) {
      layers.put(name(l), l);
    }
  }

  private static String name(JsonNode layer) {
    return layer.path("name").asText(layer.path("config").path("name").asText());
  }

  private static boolean isNestedModel(JsonNode layer) {
    return layer.path("config").has("layers");
  }

  /** Evaluates the model on the given input shapes (its own InputLayers' shapes when empty). */
  List<List<Integer>> outputs(List<List<Integer>> inputs) {
    calls.clear();
    List<String> inputNames = new ArrayList<>();
    for (JsonNode ref : config.path("input_layers")) {
      inputNames.add(ref.get(0).asText());
    }
    for (JsonNode l : config.get("layers")) {
      String n = name(l);
      String cls = l.path("class_name").asText();
      List<List<Integer>> outs = new ArrayList<>();
      if (cls.equals("InputLayer")) {
        int idx = inputNames.indexOf(n);
        outs.add(idx >= 0 && idx < inputs.size() ? inputs.get(idx) : KerasShapes.output(cls, l.path("config"), List.of()));
      } else {
        for (JsonNode call : l.path("inbound_nodes")) {
          List<List<Integer>> in = new ArrayList<>();
          for (JsonNode ref : refs(call)) {
            in.add(lookup(ref.get(0).asText(), ref.get(1).asInt()));
          }
          outs.add(in.contains(null) ? null : KerasModelSummarizer.outputOf(cls, l.path("config"), in));
        }
      }
      calls.put(n, outs);
    }
    List<List<Integer>> result = new ArrayList<>();
    for (JsonNode ref : config.path("output_layers")) {
      result.add(lookup(ref.get(0).asText(), ref.get(1).asInt()));
    }
    return result;
  }

  /** Keras 2 writes a call as a list of references; some versions wrap it in {"args": ...}. */
  private static JsonNode refs(JsonNode call) {
    return call.isArray() ? call : call.path("args");
  }

  private List<Integer> lookup(String layer, int nodeIndex) {
    List<List<Integer>> outs = calls.get(layer);
    JsonNode l = layers.get(layer);
    if (outs == null || l == null) {
      return null;
    }
    int i = isNestedModel(l) ? nodeIndex - 1 : nodeIndex;
    return i >= 0 && i < outs.size() ? outs.get(i) : outs.isEmpty() ? null : outs.get(0);
  }

  /** The layer's output shape; when its calls disagree, Keras prints "multiple" (shown as null). */
  List<Integer> shapeOf(String layer) {
    if (calls.isEmpty()) {
      outputs(List.of());
    }
    List<List<Integer>> outs = calls.getOrDefault(layer, List.of());
    if (outs.isEmpty()) {
      return null;
    }
    for (List<Integer> o : outs) {
      if (o == null || !o.equals(outs.get(0))) {
        return null;
      }
    }
    return outs.get(0);
  }

  /** "conv1[0][0]" for each input of each call, as the Connected to column shows them. */
  List<String> connections(String layer) {
    List<String> out = new ArrayList<>();
    for (JsonNode call : layers.get(layer).path("inbound_nodes")) {
      for (JsonNode ref : refs(call)) {
        out.add(ref.get(0).asText() + "[" + ref.get(1).asInt() + "][" + ref.get(2).asInt() + "]");
      }
    }
    return out;
  }

  /** Keras's test: no layer called twice and no call with several inputs. */
  boolean sequentialLike() {
    for (JsonNode l : config.get("layers")) {
      JsonNode nodes = l.path("inbound_nodes");
      if (nodes.size() > 1 || (nodes.size() == 1 && refs(nodes.get(0)).size() > 1)) {
        return false;
      }
    }
    return config.path("input_layers").size() <= 1;
  }
}
