package dev.kerascope.walker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A Keras layer as the walker found it in the loaded graph.
 *
 * @param name the layer's Keras name (unique in the model; {@code functional_1[0]/dense} for a call of a shared
 *     sub-model)
 * @param className the Keras class ({@code Conv2D}, {@code MaxPooling2D}, ...)
 * @param outputNode the graph node holding the layer's output, as named in the function that holds the layers (or in
 *     the graph itself for TF1 graphs and kerascope's exports)
 * @param params the number of weights the layer holds, 0 where the walker does not count them
 * @param weightNodes the nodes that read the layer's weights, by Keras's short names ({@code kernel}, {@code bias},
 *     {@code gamma}, ...)
 */
public record GraphLayer(
        String name, String className, String outputNode, long params, Map<String, String> weightNodes) {
    /**
     * A layer found in the graph; the weight map is copied, in its order.
     *
     * @param name the layer's Keras name
     * @param className the Keras class
     * @param outputNode the node holding the layer's output
     * @param params the number of weights, 0 where not counted
     * @param weightNodes the weight-reading nodes by Keras's short names
     */
    public GraphLayer {
        weightNodes = Collections.unmodifiableMap(new LinkedHashMap<>(weightNodes));
    }
}
