package dev.kerascope.explain;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The gradient of TF1's FusedBatchNorm (v1: TensorFlow's C++ gradient registry has one only for V3), for inference
 * graphs, where mean and variance are the stored ones: y = scale (x - mean) / sqrt(var + eps) + offset, so dx = dy
 * scale / sqrt(var + eps) per channel. Scale, offset, mean and variance are the model's constants here and get zero
 * gradients. A graph that normalises with batch statistics (is_training) is refused before building
 * ({@link #trainingOp}), since this formula would then be wrong.
 */
final class InferenceBatchNormGradient {
    static final String OP = "FusedBatchNorm";
    private static boolean registered;

    private InferenceBatchNormGradient() {}

    /** Registers the gradient once per JVM (TensorFlow's registry is global; it has none of its own for this op). */
    static synchronized void register() {
        if (!registered) {
            TensorFlow.registerCustomGradient(OP, InferenceBatchNormGradient::gradient);
            registered = true;
        }
    }

    /** A FusedBatchNorm op of the graph that uses batch statistics, if any. */
    static Optional<String> trainingOp(Graph g) {
        for (Iterator<GraphOperation> it = g.operations(); it.hasNext(); ) {
            GraphOperation op = it.next();
            if (op.type().equals(OP) && op.attributes().getAttrBool("is_training")) {
                return Optional.of(op.name());
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> gradients) {
        Operand<TFloat32> dy = (Operand<TFloat32>) gradients.get(0);
        Operand<TFloat32> scale = (Operand<TFloat32>) op.input(1);
        Operand<TFloat32> variance = (Operand<TFloat32>) op.input(4);
        Operand<TFloat32> factor = tf.math.mul(
                scale,
                tf.math.rsqrt(tf.math.add(variance, tf.constant(op.attributes().getAttrFloat("epsilon")))));
        if ("NCHW".equals(op.attributes().getAttrString("data_format"))) {
            factor = tf.reshape(factor, tf.constant(new int[] {-1, 1, 1}));
        }
        return List.of(
                tf.math.mul(dy, factor),
                tf.zerosLike(op.input(1)),
                tf.zerosLike(op.input(2)),
                tf.zerosLike(op.input(3)),
                tf.zerosLike(op.input(4)));
    }
}
