package dev.kerascope.layers;

import dev.kerascope.graph.ModelVariable;
import dev.kerascope.graph.TrainableGraph;
import dev.kerascope.graph.VariableValues;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A Keras model built as TensorFlow ops: the input placeholders (named after the InputLayers), every layer's output
 * ({@code <layer>/output}, its first call where it is called more than once), the model's outputs, and the weights as
 * variables ({@code <layer>/kernel}, ...) with the file's values, which {@link #initialize} assigns. Built in TRAINING
 * mode it is what train.TrainingGraph trains: its trainable variables are the weights Keras marks trainable, its
 * updates move BatchNormalization's statistics, and {@code phase} switches dropout and batch statistics on.
 */
public record KerasGraph(
        String modelName,
        Map<String, Placeholder<TFloat32>> inputs,
        Map<String, Operand<TFloat32>> layerOutputs,
        Map<String, String> layerClasses,
        Map<String, Operand<TFloat32>> outputs,
        Map<ModelVariable, float[]> values,
        TrainableGraph.Mode mode,
        Operand<TFloat32> logits,
        List<ModelVariable> trainableVariables,
        List<Op> updates,
        Operand<TFloat32> phase)
        implements TrainableGraph {
    public KerasGraph {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        layerOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(layerOutputs));
        layerClasses = Collections.unmodifiableMap(new LinkedHashMap<>(layerClasses));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        trainableVariables = List.copyOf(trainableVariables);
        updates = List.copyOf(updates);
    }

    /** Sets every variable to the file's values. */
    public void initialize(Session session) {
        if (!values.isEmpty()) {
            VariableValues.assign(session, values);
        }
    }

    @Override
    public List<ModelVariable> variables() {
        return List.copyOf(values.keySet());
    }

    /** The op name of a layer's output tensor ({@code conv2d/output}). */
    public String outputNode(String layer) {
        return layerOutputs.get(layer).op().name();
    }

    /** The single input (training and the image commands feed one); several are refused. */
    @Override
    public Placeholder<TFloat32> input() {
        if (inputs.size() != 1) {
            throw new IllegalStateException(modelName + " has " + inputs.size() + " inputs");
        }
        return inputs.values().iterator().next();
    }

    /** The input's dimensions after the batch ({rows, cols, channels} for NHWC); -1 where the file leaves one open. */
    @Override
    public int[] inputShape() {
        Shape shape = input().shape();
        int[] dims = new int[Math.max(0, shape.numDimensions() - 1)];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = (int) shape.size(i + 1);
        }
        return dims;
    }

    /** The single output. */
    @Override
    public Operand<TFloat32> output() {
        if (outputs.size() != 1) {
            throw new IllegalStateException(modelName + " has " + outputs.size() + " outputs");
        }
        return outputs.values().iterator().next();
    }

    /** The last dimension of the output; 0 when it is not a batch of vectors. */
    @Override
    public int classes() {
        Shape shape = output().shape();
        return shape.numDimensions() == 2 ? (int) shape.size(1) : 0;
    }

    /** The file's values, whatever the seed: a loaded model starts from its own weights. */
    @Override
    public Map<ModelVariable, float[]> initialValues(long seed) {
        return values;
    }

    @Override
    public Optional<Operand<TFloat32>> learningPhase() {
        return Optional.ofNullable(phase);
    }
}
