package dev.kerascope.explain;

/**
 * What a gradient is taken of, summed over the batch (rows are independent, so each row's gradient is its own): a class
 * score, or the mean activation of a layer or of one of its channels.
 */
public sealed interface Target {
    /**
     * The score of class {@code index} (the pre-softmax logit where the graph has one, see {@link ScoreTensor}).
     *
     * @param index the class, 0 or more
     */
    record ClassScore(int index) implements Target {
        /**
         * A class score target.
         *
         * @param index the class, 0 or more
         */
        public ClassScore {
            if (index < 0) {
                throw new IllegalArgumentException("class index must be >= 0, got " + index);
            }
        }
    }

    /**
     * The score of each row's own top-scoring class, chosen in the graph (the choice is not differentiated): one run
     * per batch, where a class per row needs one run per class present.
     */
    record PredictedClass() implements Target {}

    /**
     * The spatial mean of channel {@code channel} (last axis) of a layer's output; {@code -1}: the mean of all
     * channels.
     *
     * @param layer the layer's name, as the walker lists it
     * @param channel the channel, or -1 for all of them
     */
    record LayerChannel(String layer, int channel) implements Target {}

    /**
     * The score of one class.
     *
     * @param index the class, 0 or more
     * @return the target
     */
    static Target classScore(int index) {
        return new ClassScore(index);
    }

    /**
     * The score of each image's own predicted class.
     *
     * @return the target
     */
    static Target predictedClass() {
        return new PredictedClass();
    }

    /**
     * The mean activation of one channel of a layer.
     *
     * @param layer the layer's name
     * @param channel the channel (last axis), or -1 for all of them
     * @return the target
     */
    static Target channel(String layer, int channel) {
        return new LayerChannel(layer, channel);
    }

    /**
     * Every channel of {@code layer} together (its mean activation).
     *
     * @param layer the layer's name
     * @return the target
     */
    static Target layer(String layer) {
        return new LayerChannel(layer, -1);
    }
}
