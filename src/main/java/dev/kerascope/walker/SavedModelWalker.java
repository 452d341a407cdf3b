package dev.kerascope.walker;

import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.precision.Precision;
import dev.kerascope.savedmodel.GraphLayerRecovery;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;

/**
 * A SavedModel opened for walking: the serving signature's functions are inlined into the loaded graph once
 * ({@link FunctionInliner}), and every Keras layer's output, found by {@link GraphLayerRecovery} in the function that
 * holds the layers, becomes a fetchable tensor. One session run then returns any set of {@link Fetch}es (layer outputs,
 * pre-activation values, graph tensors, signature outputs) for a batch of inputs. Holds TensorFlow's native graph and
 * session until closed.
 */
public final class SavedModelWalker implements AutoCloseable {
    private final SavedModelBundle bundle;
    private final FunctionInliner inliner;
    private final SignatureBinding signature;
    private final LayerIndex layers;
    private final TensorFetcher fetcher;
    /** A folder (a converted Keras file's) to delete once the model is closed. */
    private Path temporary;

    /**
     * @param dir the SavedModel folder loaded
     * @param shown the model as the user named it, for messages (a converted Keras file's own path, not its folder)
     */
    SavedModelWalker(Path dir, Path shown, SavedModelBundle bundle, String signatureKey) {
        this.bundle = bundle;
        MetaGraphDef meta = bundle.metaGraphDef();
        Map<String, FunctionDef> library = new HashMap<>();
        meta.getGraphDef()
                .getLibrary()
                .getFunctionList()
                .forEach(f -> library.put(f.getSignature().getName(), f));
        inliner = new FunctionInliner(bundle.graph(), library);
        signature = new SignatureBinding(shown, bundle.graph(), meta, signatureKey, inliner);
        BatchRunner runner = new BatchRunner(
                shown, bundle.session(), List.copyOf(signature.inputs().values()));
        layers = new LayerIndex(dir, shown, bundle.graph(), meta, signatureKey, inliner);
        fetcher = new TensorFetcher(shown, bundle.graph(), runner, layers, signature);
    }

    /**
     * Opens a model and inlines its signature, its session in float32.
     *
     * @param dir a SavedModel folder, a kerascope run folder, or a {@code .keras} / {@code .h5} file (converted into a
     *     temporary SavedModel, deleted on close)
     * @param tags the meta graph's tag set, usually {@code serve}
     * @param signatureKey the signature to walk, usually {@code serving_default}
     * @return the opened model; close it
     * @throws BadInputException when the folder, the tags or the signature are not usable, naming the problem
     */
    public static SavedModelWalker open(Path dir, Set<String> tags, String signatureKey) {
        return open(dir, tags, signatureKey, Precision.FLOAT32);
    }

    /**
     * As {@link #open(Path, Set, String)}, its session in {@code precision} (figures may use bfloat16; analysis numbers
     * do not).
     *
     * @param dir a SavedModel folder, a kerascope run folder, or a Keras file
     * @param tags the meta graph's tag set
     * @param signatureKey the signature to walk
     * @param precision the session's float precision
     * @return the opened model; close it
     * @throws BadInputException when the folder, the tags or the signature are not usable, naming the problem
     */
    public static SavedModelWalker open(Path dir, Set<String> tags, String signatureKey, Precision precision) {
        return SavedModelOpener.open(dir, tags, signatureKey, precision);
    }

    /**
     * The signatures of this model whose one input is an image, for messages that suggest another.
     *
     * @return the signature keys in order, or {@code [none]}
     */
    public List<String> imageSignatures() {
        return SignatureBinding.imageSignatures(bundle.metaGraphDef());
    }

    /**
     * Keras layer names in graph order; the output of each can be fetched.
     *
     * @return the names
     */
    public List<String> layerNames() {
        return layers.names();
    }

    /**
     * A layer by its Keras name.
     *
     * @param name a name from {@link #layerNames()}
     * @return the layer: class, output node, weights
     * @throws BadInputException when the model has no such layer, listing those it has
     */
    public GraphLayer layer(String name) {
        return layers.layer(name);
    }

    /**
     * The inputs of the signature, in key order.
     *
     * @return key, dtype and shape of each input
     */
    public List<InputSpec> inputs() {
        return List.copyOf(signature.inputs().values());
    }

    /**
     * The single image input's shape as NHWC or NHW, -1 for the batch (a flat square input of 784 is given as
     * {@code [-1, 28, 28]}).
     *
     * @return the shape
     * @throws BadInputException for models whose inputs are not one image
     */
    public long[] inputShape() {
        InputSpec in = signature.singleInput();
        long[] s = in.shape();
        return in.image()
                .filter(InputSpec.ImageGeometry::flat)
                .map(g -> new long[] {s[0], g.rows(), g.cols()})
                .orElse(s);
    }

    /**
     * An in-model rescaling of the input (a Rescaling or Normalization layer, {@code x / 255} in the graph).
     *
     * @return what the model does to its input, if anything
     */
    public Optional<String> inputRescaling() {
        return InputRescaling.ofSignature(bundle.graph(), signature, inliner);
    }

    /** The ops of the layer-holding function as copied into the graph, by their name in the function. */
    Map<String, GraphOperation> layerFunctionOps() {
        return layers.functionOps();
    }

    /**
     * Runs {@code n} rows of the single input and returns the named layers' outputs.
     *
     * @param images the input values, flat, batch first, at least {@code n} rows of the declared shape
     * @param n the number of rows
     * @param layerNames Keras layer names
     * @return each layer's output by its name, in the order asked
     */
    public Map<String, LayerTensor> fetch(float[] images, int n, List<String> layerNames) {
        return fetch(images, n, layerNames, null);
    }

    /**
     * As {@link #fetch(float[], int, List)}, the values copied into {@code reuse}'s arrays: a loop over batches
     * allocates them once. They are overwritten by the next run with the same {@code reuse}.
     *
     * @param images the input values, flat, batch first
     * @param n the number of rows
     * @param layerNames Keras layer names
     * @param reuse the arrays to fill, kept by the caller between batches; null for new arrays
     * @return each layer's output by its name, in the order asked
     */
    public Map<String, LayerTensor> fetch(float[] images, int n, List<String> layerNames, OutputArrays reuse) {
        return Fetch.byLabel(run(signature.feedOf(images, n), Fetch.layers(layerNames), reuse));
    }

    /**
     * Runs the feeds (one per input key, any numeric data, any batch) and returns the named layers' outputs.
     *
     * @param feeds the values per signature input key
     * @param layerNames Keras layer names
     * @return each layer's output by its name, in the order asked
     */
    public Map<String, LayerTensor> fetch(Map<String, Feed> feeds, List<String> layerNames) {
        return Fetch.byLabel(run(feeds, Fetch.layers(layerNames)));
    }

    /**
     * Runs a model with several inputs and returns the named layers' outputs.
     *
     * @param values float values per signature input key, each {@code n} rows of its declared shape
     * @param n the number of rows
     * @param layerNames Keras layer names
     * @return each layer's output by its name, in the order asked
     */
    public Map<String, LayerTensor> fetchInputs(Map<String, float[]> values, int n, List<String> layerNames) {
        return fetch(signature.feeds(values, n), layerNames);
    }

    /**
     * Runs {@code n} rows of the single input once and returns every fetch.
     *
     * @param images the input values, flat, batch first
     * @param n the number of rows
     * @param fetches what to fetch
     * @return each fetch's tensor (named by its {@link Fetch#label()}), in the order asked
     */
    public Map<Fetch, LayerTensor> run(float[] images, int n, List<? extends Fetch> fetches) {
        return run(signature.feedOf(images, n), fetches);
    }

    /**
     * Runs the feeds once and returns every fetch.
     *
     * @param feeds the values per signature input key
     * @param fetches what to fetch
     * @return each fetch's tensor (named by its {@link Fetch#label()}), in the order asked
     * @throws BadInputException for an unknown layer, tensor or signature output, or feeds that do not fit
     */
    public Map<Fetch, LayerTensor> run(Map<String, Feed> feeds, List<? extends Fetch> fetches) {
        return run(feeds, fetches, null);
    }

    /**
     * As {@link #run(Map, List)}, the values copied into {@code reuse}'s arrays (see {@link OutputArrays}).
     *
     * @param feeds the values per signature input key
     * @param fetches what to fetch
     * @param reuse the arrays to fill, kept by the caller between batches; null for new arrays
     * @return each fetch's tensor, in the order asked, valid until the next run with {@code reuse}
     */
    public Map<Fetch, LayerTensor> run(Map<String, Feed> feeds, List<? extends Fetch> fetches, OutputArrays reuse) {
        List<Output<?>> outputs = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Fetch f : fetches) {
            outputs.add(fetcher.output(f));
            labels.add(f.label());
        }
        return byKey(fetches, fetcher.run(feeds, labels, outputs, reuse));
    }

    /** Results paired with what asked for them, in order. */
    static <K> Map<K, LayerTensor> byKey(List<? extends K> keys, List<LayerTensor> results) {
        Map<K, LayerTensor> out = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            out.put(keys.get(i), results.get(i));
        }
        return out;
    }

    /**
     * Runs the batch and returns arbitrary tensors of {@link #graph()} under the given names: gradients added on top of
     * the model, tensors inside layers.
     *
     * @param images the single input's values, flat, batch first
     * @param n the number of rows
     * @param names a name per output, for the results and messages
     * @param outputs tensors of this walker's graph
     * @return the values by name
     */
    public Map<String, LayerTensor> fetchOutputs(float[] images, int n, List<String> names, List<Output<?>> outputs) {
        return byKey(names, fetcher.run(signature.feedOf(images, n), names, outputs, null));
    }

    /**
     * The signature's own outputs computed by TensorFlow's function call, without the walker's copy.
     *
     * @param images the single input's values, flat, batch first
     * @param n the number of rows
     * @return the numeric outputs by key
     */
    public Map<String, LayerTensor> callSignature(float[] images, int n) {
        return callSignature(signature.feedOf(images, n));
    }

    /**
     * As {@link #callSignature(float[], int)} for any feeds; outputs that are not numeric (strings) are left out.
     *
     * @param feeds the values per signature input key
     * @return the numeric outputs by key
     */
    public Map<String, LayerTensor> callSignature(Map<String, Feed> feeds) {
        Map<String, Output<?>> called = signature.calledOutputs();
        List<String> keys = List.copyOf(called.keySet());
        return byKey(keys, fetcher.run(feeds, keys, List.copyOf(called.values()), null));
    }

    /**
     * The signature output that holds class scores: the serving signature's own answer, not a guess about its last
     * layer. The first float output of shape (batch, k ≥ 2), preferring one named like probabilities.
     *
     * @return that output, or empty when the model has none
     */
    public Optional<Fetch.SignatureOutput> classScores() {
        return signature.classScores();
    }

    /**
     * The graph tensor a fetch denotes, for code that adds ops on top of the model (gradients).
     *
     * @param fetch a layer's output, its raw output, a named tensor or a signature output
     * @return the tensor in {@link #graph()}
     * @throws BadInputException for a fetch the model does not have
     */
    public Output<?> tensor(Fetch fetch) {
        return fetcher.output(fetch);
    }

    /**
     * The loaded graph; ops added to it run in {@link #session()} (TensorFlow extends the session's graph on the next
     * run).
     *
     * @return the graph this walker owns
     */
    public org.tensorflow.Graph graph() {
        return bundle.graph();
    }

    /**
     * The model's session, for runs that feed tensors other than the signature's inputs (a layer's output, to perturb
     * it).
     *
     * @return the session this walker owns
     */
    public Session session() {
        return bundle.session();
    }

    /**
     * A layer's weights by Keras's short names.
     *
     * @param layerName the layer's Keras name
     * @return {@code kernel} (HWIO for Conv2D), {@code bias}, {@code gamma}, ...; empty for layers without weights
     * @throws BadInputException for an unknown layer, or weights TensorFlow cannot read
     */
    public Map<String, LayerTensor> weights(String layerName) {
        return fetcher.weights(layerName);
    }

    /**
     * The keys of the signature's outputs.
     *
     * @return the keys
     */
    public List<String> signatureOutputKeys() {
        return signature.outputKeys();
    }

    /**
     * Whether a signature output holds floating-point numbers (float32 or float64).
     *
     * @param key the output's key
     * @return true for float outputs
     */
    public boolean signatureOutputIsFloat(String key) {
        return signature.outputIsFloat(key);
    }

    void deleteOnClose(Path folder) {
        temporary = folder;
    }

    /** Closes TensorFlow's graph and session, and deletes a converted Keras file's temporary folder. */
    @Override
    public void close() {
        bundle.close();
        if (temporary != null) {
            AtomicFiles.deleteQuietly(temporary);
        }
    }
}
