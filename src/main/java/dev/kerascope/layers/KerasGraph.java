package dev.kerascope.layers;

import dev.kerascope.graph.ModelVariable;
import dev.kerascope.graph.VariableValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A Keras model built as TensorFlow ops: the input placeholders (named after the InputLayers),
 * every layer's output ({@code <layer>/output}, its first call where it is called more than once),
 * the model's outputs, and the weights as variables ({@code <layer>/kernel}, ...) with the file's
 * values, which {@link #initialize} assigns.
 */
public record KerasGraph(String modelName, Map<String, Placeholder<TFloat32>> inputs, Map<String, Operand<TFloat32>> layerOutputs,
    Map<String, String> layerClasses, Map<String, Operand<TFloat32>> outputs, Map<ModelVariable, float[]> values) {
  public KerasGraph {
    inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
    layerOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(layerOutputs));
    layerClasses = Collections.unmodifiableMap(new LinkedHashMap<>(layerClasses));
    outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Sets every variable to the file's values. */
  public void initialize(Session session) {
    if (!values.isEmpty()) {
      VariableValues.assign(session, values);
    }
  }

  public List<ModelVariable> variables() {
    return List.copyOf(values.keySet());
  }

  /** The op name of a layer's output tensor ({@code conv2d/output}). */
  public String outputNode(String layer) {
    return layerOutputs.get(layer).op().name();
  }
}
