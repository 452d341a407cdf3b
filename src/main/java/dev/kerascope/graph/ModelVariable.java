package dev.kerascope.graph;

import org.tensorflow.Operand;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A float variable of the graph with the placeholder and assign op that set its value from Java: used to initialise it,
 * and to copy trained values into an export graph.
 */
public record ModelVariable(
        String name, long[] shape, Operand<TFloat32> variable, Placeholder<TFloat32> newValue, String assignOpName) {
    public int size() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return Math.toIntExact(n);
    }
}
