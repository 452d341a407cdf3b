package dev.kerascope;

import dev.kerascope.explain.Explainer;
import dev.kerascope.explain.Explanation;
import dev.kerascope.explain.Gradients;
import dev.kerascope.explain.Target;
import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.input.Preprocessing;
import dev.kerascope.savedmodel.SavedModelFiles;
import dev.kerascope.walker.Feed;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.InputSpec;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The library's front door: open a SavedModel (Keras 2, Keras 3 export, tf.saved_model.save, or kerascope's own) or a
 * Keras model file ({@code .keras}, {@code .h5}: converted into a temporary SavedModel, deleted on close) and fetch any
 * layer's output or weights by its Keras name.
 *
 * <pre>{@code
 * try (Kerascope.Model model = Kerascope.open(Path.of("saved-models/keras-mnist/saved_model"))) {
 *   Map<String, LayerTensor> a = model.activations(images, n, "conv1", "pool1");
 *   LayerTensor kernel = model.weights("conv1").get("kernel");
 * }
 * }</pre>
 */
public final class Kerascope {
    private Kerascope() {}

    /**
     * This build's version, also what {@code kerascope --version} prints.
     *
     * @return the pom's version ({@code 0.1.0-SNAPSHOT}), or {@code unknown} when the jar lacks it
     */
    public static String version() {
        try (InputStream in = Kerascope.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) {
                p.load(in);
            }
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /**
     * Opens a model by its {@code serve} meta graph and {@code serving_default} signature.
     *
     * @param savedModel a SavedModel folder, a kerascope run folder, or a {@code .keras} / {@code .h5} file
     * @return the opened model; close it
     * @throws dev.kerascope.io.BadInputException when the model cannot be opened, naming the file and the problem
     */
    public static Model open(Path savedModel) {
        return open(savedModel, Set.of("serve"), "serving_default");
    }

    /**
     * Opens a SavedModel (or a kerascope run folder, or a Keras file) by its meta graph's tags and a signature.
     *
     * @param savedModel the model
     * @param tags the meta graph's tag set
     * @param signature the signature's key
     * @return the opened model; close it
     * @throws dev.kerascope.io.BadInputException when the model cannot be opened, naming the file and the problem
     */
    public static Model open(Path savedModel, Set<String> tags, String signature) {
        return new Model(savedModel, SavedModelWalker.open(savedModel, tags, signature));
    }

    /** An opened model; holds TensorFlow's native graph and session until closed. */
    public static final class Model implements AutoCloseable {
        private final Path path;
        private final SavedModelWalker walker;
        private ModelInput imageInput;

        Model(Path path, SavedModelWalker walker) {
            this.path = path;
            this.walker = walker;
        }

        private ModelInput imageInput() {
            if (imageInput == null) {
                imageInput = ModelInput.forImages(SavedModelFiles.locate(path), walker, null, null);
            }
            return imageInput;
        }

        /**
         * How this model's images are preprocessed, and why (kerascope's rules: recorded, in-model rescaling, integer
         * input, or x/255).
         *
         * @return the preprocessing and its reason
         * @throws dev.kerascope.io.BadInputException when the model does not take one image input
         */
        public Preprocessing preprocessing() {
            return imageInput().preprocessing();
        }

        /**
         * Image files loaded, resized, coloured and scaled as the model expects.
         *
         * @param files image files (PNG, JPEG, ...)
         * @return the feed for {@link #activations(Map, String...)}, one row per file
         */
        public Map<String, Feed> images(Path... files) {
            List<Pixels> pixels = new ArrayList<>();
            for (Path f : files) {
                pixels.add(imageInput().load(f));
            }
            return imageInput().feed(pixels);
        }

        /**
         * One image file through the model.
         *
         * @param image an image file
         * @param layers layer names; all layers when none are named
         * @return each layer's output by name
         */
        public Map<String, LayerTensor> activations(Path image, String... layers) {
            return activations(images(image), layers);
        }

        /**
         * The model's Keras layers.
         *
         * @return layer names in graph order
         */
        public List<String> layers() {
            return walker.layerNames();
        }

        /**
         * The Keras class of a layer.
         *
         * @param layer a layer name
         * @return {@code Conv2D}, {@code MaxPooling2D}, ...
         */
        public String layerClass(String layer) {
            return walker.layer(layer).className();
        }

        /**
         * The input shape the model declares.
         *
         * @return NHWC, or NHW for rank-3 inputs; -1 for the batch
         */
        public long[] inputShape() {
            return walker.inputShape();
        }

        /**
         * Runs {@code n} images that are already scaled and returns the named layers' outputs.
         *
         * @param images the pixel values, flat, batch first
         * @param n the number of images
         * @param layers layer names; all layers when none are named
         * @return each layer's output by name
         */
        public Map<String, LayerTensor> activations(float[] images, int n, String... layers) {
            return walker.fetch(images, n, layers.length == 0 ? walker.layerNames() : Arrays.asList(layers));
        }

        /**
         * The signature's inputs.
         *
         * @return key, dtype and shape of each (-1 where free; a fixed batch is honoured by feeding in chunks)
         */
        public List<InputSpec> inputs() {
            return walker.inputs();
        }

        /**
         * Runs any feeds and returns the named layers' outputs.
         *
         * @param feeds one per input key: floats or integers, any batch
         * @param layers layer names; all layers when none are named
         * @return each layer's output by name
         */
        public Map<String, LayerTensor> activations(Map<String, Feed> feeds, String... layers) {
            return walker.fetch(feeds, layers.length == 0 ? walker.layerNames() : Arrays.asList(layers));
        }

        /**
         * Runs any feeds once and returns what was asked by kind: layer outputs, pre-activation values, graph tensors
         * by name, signature outputs.
         *
         * @param feeds the values per signature input key
         * @param fetches what to fetch, e.g. {@code Fetch.raw("conv1")}, {@code Fetch.signature("dense_1")}
         * @return each fetch's tensor, in the order asked
         */
        public Map<Fetch, LayerTensor> fetch(Map<String, Feed> feeds, Fetch... fetches) {
            return walker.run(feeds, List.of(fetches));
        }

        /**
         * A layer's weights by Keras's short names.
         *
         * @param layer a layer name
         * @return {@code kernel} (HWIO for Conv2D), {@code bias}, ...; empty for layers without weights
         */
        public Map<String, LayerTensor> weights(String layer) {
            return walker.weights(layer);
        }

        private Explainer explainer;

        /**
         * Attributions for this model; its gradient ops are added to the graph once and reused.
         *
         * @return the explainer of this model
         */
        public Explainer explainer() {
            if (explainer == null) {
                explainer = new Explainer(new Gradients(walker, path));
            }
            return explainer;
        }

        /**
         * Images through the model with the gradient of a target.
         *
         * @param images the images, scaled, flat, batch first
         * @param n the number of images
         * @param target a class score or a layer/channel mean
         * @param wrt {@link Gradients#INPUT} or a layer
         * @return the values of {@code wrt} and the gradient of {@code target} at them
         */
        public Gradients.Batch gradients(float[] images, int n, Target target, String wrt) {
            return explainer().gradients().run(images, n, target, wrt);
        }

        /**
         * Saliency (d score / d input) per image.
         *
         * @param images the images, scaled, flat, batch first
         * @param n the number of images
         * @param classes the class of each image (none or -1: its top class)
         * @return one explanation per image
         */
        public List<Explanation> saliency(float[] images, int n, int... classes) {
            return explainer().saliency(images, n, classes.length == 0 ? null : classes);
        }

        /**
         * Grad-CAM per image.
         *
         * @param images the images, scaled, flat, batch first
         * @param n the number of images
         * @param layer the layer (null: the last convolution)
         * @param classes the class of each image (none or -1: its top class)
         * @return one explanation per image
         */
        public List<Explanation> gradCam(float[] images, int n, String layer, int... classes) {
            return explainer().gradCam(images, n, classes.length == 0 ? null : classes, layer, false);
        }

        /** Closes TensorFlow's graph and session, and deletes a converted Keras file's temporary folder. */
        @Override
        public void close() {
            walker.close();
        }
    }
}
