package dev.kerascope.precision;

import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * The one place kerascope makes TensorFlow sessions, so that every session of a run (training,
 * export, walking a SavedModel) gets the same configuration for its precision.
 */
public final class Sessions {
  private Sessions() {}

  /** The session configuration: TensorFlow's defaults, plus the oneDNN bfloat16 rewrite for mixed_bfloat16. */
  public static ConfigProto config(Precision precision) {
    ConfigProto.Builder c = ConfigProto.newBuilder();
    if (precision == Precision.MIXED_BFLOAT16) {
      // Grappler's oneDNN auto mixed precision: rewrites the graph the session runs, never the variables.
      c.getGraphOptionsBuilder().getRewriteOptionsBuilder().setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
    }
    return c.build();
  }

  /** A session on {@code graph} in {@code precision}; the caller closes it. */
  public static Session open(Graph graph, Precision precision) {
    return new Session(graph, config(precision));
  }

  /** A float32 session: for graphs that only assign or read variables (exports, conversions). */
  public static Session open(Graph graph) {
    return open(graph, Precision.FLOAT32);
  }

  /** Loads a SavedModel with its session in {@code precision}. */
  public static SavedModelBundle load(String dir, Precision precision, String... tags) {
    return SavedModelBundle.loader(dir).withTags(tags).withConfigProto(config(precision)).load();
  }
}
