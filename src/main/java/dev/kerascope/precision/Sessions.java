package dev.kerascope.precision;

import java.util.Arrays;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.RewriterConfig;

/**
 * The one place kerascope makes TensorFlow sessions, so that every session of a run (training, export, walking a
 * SavedModel) gets the same configuration for its precision.
 *
 * <p>TensorFlow's oneDNN lists run Softmax in bfloat16, and that kernel (TF 2.18) returned 0.23 instead of 0.999 for
 * confident rows of the shipped model. Grappler reads list changes only from the environment, which a JVM cannot set
 * for itself, so {@code bin/kerascope} and the tests set {@link #SOFTMAX_FLOAT32_ENV}; {@link #softmaxStaysFloat32()}
 * says whether this process has them.
 */
public final class Sessions {
    /** The environment that moves Softmax from grappler's bfloat16 infer list to its float32 deny list. */
    public static final Map<String, String> SOFTMAX_FLOAT32_ENV = Map.of(
            "TF_AUTO_MIXED_PRECISION_GRAPH_REWRITE_INFERLIST_REMOVE", "Softmax",
            "TF_AUTO_MIXED_PRECISION_GRAPH_REWRITE_DENYLIST_ADD", "Softmax");

    private Sessions() {}

    /**
     * Whether this process was started with {@link #SOFTMAX_FLOAT32_ENV} (bin/kerascope does it).
     *
     * @return true when both variables name Softmax
     */
    public static boolean softmaxStaysFloat32() {
        return SOFTMAX_FLOAT32_ENV.entrySet().stream().allMatch(e -> Arrays.asList(
                        String.valueOf(System.getenv(e.getKey())).split(","))
                .contains(e.getValue()));
    }

    /**
     * The session configuration: TensorFlow's defaults, plus the oneDNN bfloat16 rewrite for mixed_bfloat16.
     *
     * @param precision the precision
     * @return the configuration
     */
    public static ConfigProto config(Precision precision) {
        ConfigProto.Builder c = ConfigProto.newBuilder();
        if (precision == Precision.MIXED_BFLOAT16) {
            // Grappler's oneDNN auto mixed precision: rewrites the graph the session runs, never the variables.
            c.getGraphOptionsBuilder()
                    .getRewriteOptionsBuilder()
                    .setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON);
        }
        return c.build();
    }

    /**
     * A session on {@code graph} in {@code precision}; the caller closes it.
     *
     * @param graph the graph
     * @param precision the precision
     * @return the session
     */
    public static Session open(Graph graph, Precision precision) {
        return new Session(graph, config(precision));
    }

    /**
     * A float32 session: for graphs that only assign or read variables (exports, conversions).
     *
     * @param graph the graph
     * @return the session; the caller closes it
     */
    public static Session open(Graph graph) {
        return open(graph, Precision.FLOAT32);
    }

    /**
     * Loads a SavedModel with its session in {@code precision}.
     *
     * @param dir the SavedModel folder
     * @param precision the session's precision
     * @param tags the meta graph's tags
     * @return the loaded model; the caller closes it
     */
    public static SavedModelBundle load(String dir, Precision precision, String... tags) {
        return SavedModelBundle.loader(dir)
                .withTags(tags)
                .withConfigProto(config(precision))
                .load();
    }
}
