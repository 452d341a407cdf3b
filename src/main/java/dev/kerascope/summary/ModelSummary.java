package dev.kerascope.summary;

import java.util.List;

/**
 * What {@code model.summary()} reports, as plain data: the model's name, its layers, and the
 * trainable and non-trainable parameter counts with their sizes in bytes. {@code note} says where
 * the layers came from when that is not a Keras config (e.g. recovered from the graph).
 */
public record ModelSummary(String modelName, List<SummaryRow> rows, long trainableParams, long trainableBytes,
    long nonTrainableParams, long nonTrainableBytes, boolean sequentialLike, String note, ReceptiveFields.Chain spatialChain) {
  public ModelSummary {
    rows = List.copyOf(rows);
  }

  /** A summary without the spatial chain that {@code --rf} needs (models where it is not known). */
  public ModelSummary(String modelName, List<SummaryRow> rows, long trainableParams, long trainableBytes,
      long nonTrainableParams, long nonTrainableBytes, boolean sequentialLike, String note) {
    this(modelName, rows, trainableParams, trainableBytes, nonTrainableParams, nonTrainableBytes, sequentialLike, note, null);
  }

  public long totalParams() {
    return trainableParams + nonTrainableParams;
  }

  public long totalBytes() {
    return trainableBytes + nonTrainableBytes;
  }
}
