package dev.kerascope.graph;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * What train.TrainingGraph needs of a forward pass. layers.KerasGraphBuilder builds every model, a Keras file's layer
 * graph or kerascope's own architecture (layers.ArchitectureModel); one trainer (loss, accuracy, Adam, checkpoints)
 * then serves both.
 */
public interface TrainableGraph {
    /** TRAINING graphs can switch dropout and batch statistics on; INFERENCE graphs are what gets exported. */
    enum Mode {
        TRAINING,
        INFERENCE
    }

    /** The image input, NHWC. */
    Placeholder<TFloat32> input();

    /**
     * The dimensions of one input after the batch: {rows, cols, channels} for NHWC, {rows, cols} or {pixels} for other
     * inputs.
     */
    int[] inputShape();

    /** The model's output (class probabilities for a softmax head). */
    Operand<TFloat32> output();

    /**
     * What the loss reads as logits: the softmax's input where the model ends in a softmax (Keras's TensorFlow backend
     * does the same with {@code from_logits=False}), else the output itself.
     */
    Operand<TFloat32> logits();

    /** Number of classes of the output (its last dimension). */
    int classes();

    /** Every layer's output by layer name, in layer order. */
    Map<String, Operand<TFloat32>> layerOutputs();

    /** Every variable of the model (non-trainable ones, such as moving statistics, included), in layer order. */
    List<ModelVariable> variables();

    /** The variables the optimizer updates: Keras's trainable weights. */
    default List<ModelVariable> trainableVariables() {
        return variables();
    }

    /** The variables' starting values: fresh initial weights for a new model, the file's for a loaded one. */
    Map<ModelVariable, float[]> initialValues(long seed);

    /** TRAINING graphs compute dropout and batch statistics; INFERENCE graphs are what gets exported. */
    Mode mode();

    /**
     * A scalar fed 1 on training steps, 0 (its default) otherwise, where the graph switches dropout and batch
     * statistics on it; empty where the graph is in one mode for good.
     */
    default Optional<Operand<TFloat32>> learningPhase() {
        return Optional.empty();
    }

    /** State updates run with every training step (BatchNormalization's moving statistics). */
    default List<Op> updates() {
        return List.of();
    }
}
