package dev.kerascope;

import dev.kerascope.walker.Feed;
import dev.kerascope.walker.InputSpec;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The library's front door: open a SavedModel (Keras 2, Keras 3 export, tf.saved_model.save, or
 * kerascope's own) or a Keras model file ({@code .keras}, {@code .h5}: converted into a temporary
 * SavedModel, deleted on close) and fetch any layer's output or weights by its Keras name.
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

  public static Model open(Path savedModel) {
    return open(savedModel, Set.of("serve"), "serving_default");
  }

  /** A SavedModel (or a kerascope run folder, or a Keras file) by its meta graph's tags and a signature. */
  public static Model open(Path savedModel, Set<String> tags, String signature) {
    return new Model(SavedModelWalker.open(savedModel, tags, signature));
  }

  /** An opened model; holds TensorFlow's native graph and session until closed. */
  public static final class Model implements AutoCloseable {
    private final SavedModelWalker walker;

    Model(SavedModelWalker walker) {
      this.walker = walker;
    }

    public List<String> layers() {
      return walker.layerNames();
    }

    /** The Keras class of a layer ({@code Conv2D}, {@code MaxPooling2D}, ...). */
    public String layerClass(String layer) {
      return walker.layer(layer).className();
    }

    /** The input shape the model declares (-1 for the batch): NHWC, or NHW for rank-3 inputs. */
    public long[] inputShape() {
      return walker.inputShape();
    }

    /** Runs {@code n} images (already scaled, flat, batch first) and returns the named layers' outputs. */
    public Map<String, LayerTensor> activations(float[] images, int n, String... layers) {
      return walker.fetch(images, n, layers.length == 0 ? walker.layerNames() : Arrays.asList(layers));
    }

    /** The signature's inputs: key, dtype and shape (-1 where free; a fixed batch is honoured by feeding in chunks). */
    public List<InputSpec> inputs() {
      return walker.inputs();
    }

    /** Runs any feeds (one per input key: floats or integers, any batch) and returns the named layers' outputs. */
    public Map<String, LayerTensor> activations(Map<String, Feed> feeds, String... layers) {
      return walker.fetch(feeds, layers.length == 0 ? walker.layerNames() : Arrays.asList(layers));
    }

    public Map<String, LayerTensor> weights(String layer) {
      return walker.weights(layer);
    }

    @Override
    public void close() {
      walker.close();
    }
  }
}
