package dev.kerascope.summary;

import java.util.List;

/**
 * One layer as a summary shows it. {@code outputShape} is the shape with the batch axis, null for
 * an unknown dimension ({@code None}); {@code inbound} names the layers feeding it, as Keras's
 * "Connected to" column does ({@code conv1[0][0]}).
 */
public record SummaryRow(String name, String className, List<Integer> outputShape, long params,
    boolean trainable, List<String> inbound) {
  public SummaryRow {
    outputShape = outputShape == null ? null : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(outputShape));
    inbound = List.copyOf(inbound);
  }
}
