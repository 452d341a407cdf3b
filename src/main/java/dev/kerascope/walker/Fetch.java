package dev.kerascope.walker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one session run fetches: a layer's output, its value before the activation, a graph tensor by name, or one of
 * the signature's outputs. Each kind has a {@link #label()}, the text the command line prints and names {@code .npy}
 * files by ({@code conv1}, {@code conv1:raw}, {@code tensor:y:0}, {@code signature:dense_1}); the label is also the
 * name of the fetched {@link LayerTensor}.
 */
public sealed interface Fetch permits Fetch.LayerOutput, Fetch.RawOutput, Fetch.NamedTensor, Fetch.SignatureOutput {
    /**
     * How this fetch is shown and named in results.
     *
     * @return the label, unique per fetch
     */
    String label();

    /**
     * A Keras layer's output, after its activation.
     *
     * @param layer the layer's Keras name, as {@link SavedModelWalker#layerNames()} gives it
     */
    record LayerOutput(String layer) implements Fetch {
        /**
         * Refuses a null name.
         *
         * @param layer the layer's Keras name
         */
        public LayerOutput {
            Objects.requireNonNull(layer, "layer");
        }

        @Override
        public String label() {
            return layer;
        }
    }

    /**
     * A layer's value before its activation (for a Conv2D with ReLU, the Conv2D + BiasAdd); the layer's output itself
     * where no activation op follows.
     *
     * @param layer the layer's Keras name
     */
    record RawOutput(String layer) implements Fetch {
        /**
         * Refuses a null name.
         *
         * @param layer the layer's Keras name
         */
        public RawOutput {
            Objects.requireNonNull(layer, "layer");
        }

        @Override
        public String label() {
            return layer + ":raw";
        }
    }

    /**
     * Any tensor of the loaded graph by its TensorFlow name (TF1 graphs, or what no layer names).
     *
     * @param tensor a tensor name such as {@code y:0}, or an op name meaning its output 0
     */
    record NamedTensor(String tensor) implements Fetch {
        /**
         * Refuses a null name.
         *
         * @param tensor the tensor's name
         */
        public NamedTensor {
            Objects.requireNonNull(tensor, "tensor");
        }

        @Override
        public String label() {
            return "tensor:" + tensor;
        }
    }

    /**
     * One output of the signature, computed by the walker's inlined copy of the serving function.
     *
     * @param key the output's key in the signature
     */
    record SignatureOutput(String key) implements Fetch {
        /**
         * Refuses a null key.
         *
         * @param key the output's key
         */
        public SignatureOutput {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String label() {
            return "signature:" + key;
        }
    }

    /**
     * A layer's output.
     *
     * @param layer the layer's Keras name
     * @return the fetch
     */
    static Fetch layer(String layer) {
        return new LayerOutput(layer);
    }

    /**
     * A layer's pre-activation value.
     *
     * @param layer the layer's Keras name
     * @return the fetch
     */
    static Fetch raw(String layer) {
        return new RawOutput(layer);
    }

    /**
     * A graph tensor by name.
     *
     * @param tensor a name such as {@code y:0}
     * @return the fetch
     */
    static Fetch tensor(String tensor) {
        return new NamedTensor(tensor);
    }

    /**
     * A signature output.
     *
     * @param key the output's key
     * @return the fetch
     */
    static Fetch signature(String key) {
        return new SignatureOutput(key);
    }

    /**
     * Layer outputs for a list of layer names, in order.
     *
     * @param layers Keras layer names
     * @return one {@link LayerOutput} per name
     */
    static List<Fetch> layers(List<String> layers) {
        return layers.stream().map(Fetch::layer).toList();
    }

    /**
     * Fetched tensors keyed by their fetches' labels, for output that names them as text.
     *
     * @param fetched what {@link SavedModelWalker#run(Map, List)} returned
     * @return the same tensors by {@link #label()}, in the same order
     */
    static Map<String, LayerTensor> byLabel(Map<Fetch, LayerTensor> fetched) {
        Map<String, LayerTensor> out = new LinkedHashMap<>();
        fetched.forEach((f, t) -> out.put(f.label(), t));
        return out;
    }
}
