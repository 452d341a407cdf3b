package dev.kerascope.kerasfile;

import java.util.Arrays;
import java.util.List;

/** One weight of a layer as the file holds it: its name, shape and values as float32, row-major. */
public record WeightArray(String name, List<Integer> shape, float[] values, boolean trainable) {
    public WeightArray {
        shape = List.copyOf(shape);
    }

    public long size() {
        return values.length;
    }

    public long[] shapeAsLongs() {
        return shape.stream().mapToLong(Integer::longValue).toArray();
    }

    @Override
    public String toString() {
        return name + shape + (trainable ? "" : " (non-trainable)") + " "
                + Arrays.toString(Arrays.copyOf(values, Math.min(3, values.length)));
    }
}
