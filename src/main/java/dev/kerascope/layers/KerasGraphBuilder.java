package dev.kerascope.layers;

import dev.kerascope.graph.ModelVariable;
import dev.kerascope.io.BadInputException;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.LayerGraph;
import dev.kerascope.kerasfile.WeightArray;
import dev.kerascope.savedmodel.KerasConfigRefs.Ref;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Builds a Keras file's layer graph as TensorFlow ops for inference: every call in an order where
 * inputs come first, a shared layer's weights made once and used by each call, each layer's output
 * named {@code <layer>/output} as kerascope's own exports name it (later calls {@code
 * <layer>_call<k>/output}). Everything that cannot be built is refused before any op is made.
 */
public final class KerasGraphBuilder {
  private KerasGraphBuilder() {}

  /** The layer classes the builder computes. */
  public static List<String> supported() {
    return LayerOps.SUPPORTED;
  }

  public static KerasGraph build(Ops tf, KerasFile file) {
    LayerGraph graph = LayerGraph.of(file.model(), file.source());
    check(graph, file);
    boolean keras3 = file.format() == KerasFile.Format.KERAS_ZIP;
    Map<String, Placeholder<TFloat32>> inputs = new LinkedHashMap<>();
    Map<String, Operand<TFloat32>> outs = new LinkedHashMap<>();
    Map<String, String> classes = new LinkedHashMap<>();
    Map<String, Map<String, Operand<TFloat32>>> weights = new HashMap<>();
    Map<ModelVariable, float[]> values = new LinkedHashMap<>();
    Map<String, Operand<TFloat32>> byCall = new HashMap<>();
    for (LayerGraph.Call call : graph.calls()) {
      LayerGraph.Layer l = call.layer();
      String cls = LayerOps.canonical(l.className());
      Operand<TFloat32> y;
      if (cls.equals("InputLayer")) {
        Placeholder<TFloat32> p = tf.withName(l.name()).placeholder(TFloat32.class, Placeholder.shape(shape(call.outputShape())));
        inputs.put(l.name(), p);
        y = p;
      } else {
        List<Operand<TFloat32>> in = new ArrayList<>();
        call.inputs().forEach(r -> in.add(byCall.get(key(r.layer(), graph.callOf(r).index()))));
        Ops s = tf.withSubScope(call.index() == 0 ? l.name() : l.name() + "_call" + call.index());
        Map<String, Operand<TFloat32>> w = weights.computeIfAbsent(l.name(), k -> variables(s, k, file, values));
        y = s.withName("output").identity(LayerOps.apply(s, cls, l.config(), in, call.inputShapes(), call.outputShape(), w, keras3));
        if (call.index() == 0) {
          outs.put(l.name(), y);
          classes.put(l.name(), l.className());
        }
      }
      byCall.put(key(l.name(), call.index()), y);
    }
    Map<String, Operand<TFloat32>> modelOutputs = new LinkedHashMap<>();
    for (Ref r : graph.outputs()) {
      modelOutputs.put(r.layer(), byCall.get(key(r.layer(), graph.callOf(r).index())));
    }
    return new KerasGraph(graph.modelName(), inputs, outs, classes, modelOutputs, values);
  }

  /** Refuses, naming the file and the layer, whatever cannot be built. */
  private static void check(LayerGraph graph, KerasFile file) {
    for (LayerGraph.Call call : graph.calls()) {
      LayerGraph.Layer l = call.layer();
      String cls = LayerOps.canonical(l.className());
      if (l.nested()) {
        throw BadInputException.inFile(file.source(), "layer " + l.name() + " is a nested model (" + cls
            + "): kerascope summarises it but cannot build it yet");
      }
      if (!LayerOps.SUPPORTED.contains(cls)) {
        throw BadInputException.inFile(file.source(), "layer " + l.name() + " has class " + cls + ", which kerascope cannot compute; "
            + "supported: " + String.join(", ", LayerOps.SUPPORTED));
      }
      for (Ref r : call.inputs()) {
        if (r.tensorIndex() != 0) {
          throw BadInputException.inFile(file.source(), "layer " + l.name() + " takes output " + r.tensorIndex() + " of " + r.layer()
              + ": layers with several outputs are not supported");
        }
      }
      String problem = LayerOps.problem(cls, l.config(), call.inputShapes(), call.outputShape());
      if (problem != null) {
        throw BadInputException.inFile(file.source(), "layer " + l.name() + " (" + cls + "): " + problem);
      }
    }
  }

  /** The layer's weights as variables {@code <layer>/<name>}, each with the file's values to assign. */
  private static Map<String, Operand<TFloat32>> variables(Ops s, String layer, KerasFile file, Map<ModelVariable, float[]> values) {
    Map<String, Operand<TFloat32>> out = new LinkedHashMap<>();
    for (WeightArray w : file.weightsOf(layer)) {
      long[] shape = w.shapeAsLongs();
      Variable<TFloat32> v = s.withName(w.name()).variable(Shape.of(shape), TFloat32.class);
      Placeholder<TFloat32> value = s.withName(w.name() + "_new_value").placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
      String assign = s.withName(w.name() + "_assign").assign(v, value).op().name();
      values.put(new ModelVariable(layer + "/" + w.name(), shape, v, value, assign), w.values());
      out.put(w.name(), v);
    }
    return out;
  }

  private static Shape shape(List<Integer> dims) {
    long[] d = new long[dims.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = dims.get(i) == null ? -1 : dims.get(i);
    }
    return Shape.of(d);
  }

  private static String key(String layer, int call) {
    return layer + "\u0000" + call;
  }
}
