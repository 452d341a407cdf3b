package dev.kerascope.arch;

import java.util.Arrays;

/** A layer with its output shape (without the batch axis) and its parameter count. */
public record LayerShape(Layer layer, int[] outputShape, long params) {
    public LayerShape {
        outputShape = outputShape.clone();
    }

    public long outputElements() {
        long n = 1;
        for (int d : outputShape) {
            n *= d;
        }
        return n;
    }

    @Override
    public String toString() {
        return layer.name() + " " + Arrays.toString(outputShape) + " " + params;
    }
}
