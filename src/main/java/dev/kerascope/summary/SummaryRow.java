package dev.kerascope.summary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One layer as a summary shows it. {@code outputShape} is the shape with the batch axis, null for an unknown dimension
 * ({@code None}); {@code inbound} names the layers feeding it, as Keras's "Connected to" column does
 * ({@code conv1[0][0]}). {@code shapeLabel} is what Keras prints instead of a shape when there is none to print:
 * "multiple" for a layer whose calls gave different shapes.
 */
public record SummaryRow(
        String name,
        String className,
        List<Integer> outputShape,
        long params,
        boolean trainable,
        List<String> inbound,
        String shapeLabel) {
    public SummaryRow {
        outputShape = outputShape == null ? null : Collections.unmodifiableList(new ArrayList<>(outputShape));
        inbound = List.copyOf(inbound);
    }

    public SummaryRow(
            String name,
            String className,
            List<Integer> outputShape,
            long params,
            boolean trainable,
            List<String> inbound) {
        this(name, className, outputShape, params, trainable, inbound, null);
    }

    /** The Output Shape cell: the label when there is one, else the shape as Python prints it ("?" when unknown). */
    public String shapeText() {
        return shapeLabel != null && outputShape == null ? shapeLabel : SummaryUtils.formatShape(outputShape);
    }
}
