package dev.kerascope.savedmodel;

import java.util.ArrayList;
import java.util.List;

/**
 * NumPy's broadcasting of shapes, which Keras's merge layers and TensorFlow's elementwise ops (Add, Mul, Sub, ...) both
 * follow: shapes aligned on the right, a 1 takes the other size. One owner for both readers of shapes, so that a
 * layer's shape and the graph op behind it agree, whatever the order of the operands.
 */
final class Broadcast {
    private Broadcast() {}

    /**
     * The shape of an elementwise result.
     *
     * @param inputs the operands' shapes, a null entry for an unknown shape, null sizes for unknown axes
     * @return the broadcast shape, or null when an operand's shape is unknown
     */
    static List<Integer> shapes(List<List<Integer>> inputs) {
        // anyMatch, not contains(null): List.of throws when asked about null
        if (inputs.isEmpty() || inputs.stream().anyMatch(s -> s == null)) {
            return null;
        }
        List<Integer> out = new ArrayList<>(inputs.get(0));
        for (List<Integer> s : inputs.subList(1, inputs.size())) {
            List<Integer> longer = s.size() > out.size() ? s : out;
            List<Integer> shorter = longer == s ? out : s;
            List<Integer> merged = new ArrayList<>(longer);
            for (int i = 1; i <= shorter.size(); i++) {
                merged.set(longer.size() - i, dim(longer.get(longer.size() - i), shorter.get(shorter.size() - i)));
            }
            out = merged;
        }
        return out;
    }

    /**
     * One axis, the same whichever side each size comes from: 1 takes the other size, unknown against a size above 1
     * takes that size (the unknown must be it or 1), unknown against 1 or unknown stays unknown, and two different
     * sizes above 1 (which Keras and TensorFlow refuse) are unknown.
     */
    static Integer dim(Integer x, Integer y) {
        if (x == null || y == null) {
            Integer known = x == null ? y : x;
            return known != null && known != 1 ? known : null;
        }
        return x == 1 ? y : y == 1 || x.equals(y) ? x : null;
    }
}
