package dev.kerascope.summary;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code model.summary()} reports, as plain data: the model's name, its layers, and the trainable and
 * non-trainable parameter counts with their sizes in bytes. {@code note} says where the layers came from when that is
 * not a Keras config (e.g. recovered from the graph). {@code kerasVersion} is the Keras that saved the model (null when
 * the file does not say, as for Keras 3 exports and kerascope's own models); it decides which layout Keras itself would
 * have printed.
 */
public record ModelSummary(
        String modelName,
        List<SummaryRow> rows,
        long trainableParams,
        long trainableBytes,
        long nonTrainableParams,
        long nonTrainableBytes,
        boolean sequentialLike,
        String note,
        ReceptiveFields.Chain spatialChain,
        String kerasVersion) {
    /**
     * The table layouts Keras printed, one per family of versions whose {@code print_summary} differ: tf.keras 2.0–2.6
     * (fields cut at the column), 2.7–2.12 (fields wrapped, counts with separators), 2.13–2.15 (wrapped one column
     * earlier, counts with memory sizes) and Keras 3 (the Rich box table). {@code version} is what
     * {@code --keras-version} names the family by.
     */
    public enum Layout {
        TF_KERAS_2_0("2.4", "tf.keras 2.0-2.6"),
        TF_KERAS_2_7("2.10", "tf.keras 2.7-2.12"),
        KERAS2("2.15", "tf.keras 2.13-2.15"),
        KERAS3("3", "Keras 3");

        private final String version;
        private final String label;

        Layout(String version, String label) {
            this.version = version;
            this.label = label;
        }

        /** "keras2" or "keras3", as {@code --format} spells the two major layouts. */
        public String flag() {
            return this == KERAS3 ? "keras3" : "keras2";
        }

        /** The version {@code --keras-version} names this family by: "2.4", "2.10", "2.15" or "3". */
        public String version() {
            return version;
        }

        public String label() {
            return label;
        }

        /**
         * The family of a Keras version string. TF 2.0–2.2 bundled tf.keras as "2.2.4-tf"/"2.3.0-tf", TF 2.3–2.15 as
         * the TF minor version (2.4.0 ... 2.15.0), and standalone Keras 1.x–2.4 printed the same cut-at-the-column
         * table as TF 2.0–2.6. Null or anything unreadable: Keras 3, the Keras of exports that do not say and of
         * kerascope's own models.
         */
        public static Layout ofKerasVersion(String kerasVersion) {
            if (kerasVersion == null) {
                return KERAS3;
            }
            Matcher m = Pattern.compile("(\\d+)\\.(\\d+).*").matcher(kerasVersion.trim());
            if (!m.matches()) {
                return KERAS3;
            }
            int major = Integer.parseInt(m.group(1));
            int minor = m.group(2).length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(m.group(2));
            if (major < 2 || (major == 2 && (kerasVersion.contains("-tf") || minor <= 6))) {
                return TF_KERAS_2_0;
            }
            if (major == 2) {
                return minor <= 12 ? TF_KERAS_2_7 : KERAS2;
            }
            return KERAS3;
        }
    }

    public ModelSummary {
        rows = List.copyOf(rows);
    }

    /** A summary whose Keras version is not known. */
    public ModelSummary(
            String modelName,
            List<SummaryRow> rows,
            long trainableParams,
            long trainableBytes,
            long nonTrainableParams,
            long nonTrainableBytes,
            boolean sequentialLike,
            String note,
            ReceptiveFields.Chain spatialChain) {
        this(
                modelName,
                rows,
                trainableParams,
                trainableBytes,
                nonTrainableParams,
                nonTrainableBytes,
                sequentialLike,
                note,
                spatialChain,
                null);
    }

    /** A summary without the spatial chain that {@code --rf} needs (models where it is not known). */
    public ModelSummary(
            String modelName,
            List<SummaryRow> rows,
            long trainableParams,
            long trainableBytes,
            long nonTrainableParams,
            long nonTrainableBytes,
            boolean sequentialLike,
            String note) {
        this(
                modelName,
                rows,
                trainableParams,
                trainableBytes,
                nonTrainableParams,
                nonTrainableBytes,
                sequentialLike,
                note,
                null,
                null);
    }

    /** The layout the saving Keras printed (see {@link Layout#ofKerasVersion}). */
    public Layout defaultLayout() {
        return Layout.ofKerasVersion(kerasVersion);
    }

    public long totalParams() {
        return trainableParams + nonTrainableParams;
    }

    public long totalBytes() {
        return trainableBytes + nonTrainableBytes;
    }
}
