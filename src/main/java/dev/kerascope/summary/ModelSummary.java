package dev.kerascope.summary;

import java.util.List;
import java.util.Locale;

/**
 * What {@code model.summary()} reports, as plain data: the model's name, its layers, and the
 * trainable and non-trainable parameter counts with their sizes in bytes. {@code note} says where
 * the layers came from when that is not a Keras config (e.g. recovered from the graph). {@code
 * kerasVersion} is the Keras that saved the model (null when the file does not say, as for Keras 3
 * exports and kerascope's own models); it decides which layout Keras itself would have printed.
 */
public record ModelSummary(String modelName, List<SummaryRow> rows, long trainableParams, long trainableBytes,
    long nonTrainableParams, long nonTrainableBytes, boolean sequentialLike, String note, ReceptiveFields.Chain spatialChain,
    String kerasVersion) {
  /** The two table layouts: tf.keras 2's and Keras 3's. */
  public enum Layout {
    KERAS2, KERAS3;

    /** "keras2" or "keras3", as {@code --format} spells them. */
    public String flag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ModelSummary {
    rows = List.copyOf(rows);
  }

  /** A summary whose Keras version is not known. */
  public ModelSummary(String modelName, List<SummaryRow> rows, long trainableParams, long trainableBytes,
      long nonTrainableParams, long nonTrainableBytes, boolean sequentialLike, String note, ReceptiveFields.Chain spatialChain) {
    this(modelName, rows, trainableParams, trainableBytes, nonTrainableParams, nonTrainableBytes, sequentialLike, note, spatialChain, null);
  }

  /** A summary without the spatial chain that {@code --rf} needs (models where it is not known). */
  public ModelSummary(String modelName, List<SummaryRow> rows, long trainableParams, long trainableBytes,
      long nonTrainableParams, long nonTrainableBytes, boolean sequentialLike, String note) {
    this(modelName, rows, trainableParams, trainableBytes, nonTrainableParams, nonTrainableBytes, sequentialLike, note, null, null);
  }

  /** The layout the saving Keras prints: tf.keras 2's for a Keras 1 or 2 save, Keras 3's otherwise. */
  public Layout defaultLayout() {
    return kerasVersion != null && kerasVersion.matches("[12]\\..*") ? Layout.KERAS2 : Layout.KERAS3;
  }

  public long totalParams() {
    return trainableParams + nonTrainableParams;
  }

  public long totalBytes() {
    return trainableBytes + nonTrainableBytes;
  }
}
