package dev.kerascope.walker;

import dev.kerascope.io.BadInputException;
import dev.kerascope.savedmodel.TensorRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;

/**
 * Turns {@link Fetch}es into graph tensors and runs them: the one path by which the walker's results (layer outputs,
 * signature outputs, weights) come out of TensorFlow.
 */
final class TensorFetcher {
    /** Activation ops whose input is the layer's pre-activation value ({@link Fetch.RawOutput}). */
    private static final Set<String> ACTIVATIONS =
            Set.of("Relu", "Relu6", "Softmax", "Sigmoid", "Tanh", "Elu", "Selu", "LeakyRelu");

    /** The model as the user named it, for messages. */
    private final Path model;

    private final Graph graph;
    private final Ops ops;
    private final BatchRunner runner;
    private final LayerIndex layers;
    private final SignatureBinding signature;
    /** One Identity per fetched tensor, made once (see {@link #fetchable}). */
    private final Map<Output<?>, Output<?>> guards = new HashMap<>();

    TensorFetcher(Path model, Graph graph, BatchRunner runner, LayerIndex layers, SignatureBinding signature) {
        this.model = model;
        this.graph = graph;
        this.ops = Ops.create(graph);
        this.runner = runner;
        this.layers = layers;
        this.signature = signature;
    }

    /** Runs the feeds and returns the outputs, each named as asked; {@code reuse} (or null) holds their arrays. */
    List<LayerTensor> run(Map<String, Feed> feeds, List<String> names, List<Output<?>> outputs, OutputArrays reuse) {
        return fetch(names, outputs, (distinct, distinctNames) -> runner.run(feeds, distinct, distinctNames, reuse));
    }

    /** A layer's weights by Keras's short names (see {@link SavedModelWalker#weights}). */
    Map<String, LayerTensor> weights(String layerName) {
        GraphLayer l = layers.layer(layerName);
        List<String> names = new ArrayList<>();
        List<Output<?>> outputs = new ArrayList<>();
        for (String role : l.weightNodes().keySet()) {
            names.add(layerName + "/" + role);
            outputs.add(layers.weightOp(l, role).output(0));
        }
        String failure = "TensorFlow cannot read the weights of " + layerName;
        List<LayerTensor> got =
                fetch(names, outputs, (distinct, distinctNames) -> runner.read(distinct, distinctNames, failure));
        return SavedModelWalker.byKey(List.copyOf(l.weightNodes().keySet()), got);
    }

    /**
     * Each distinct tensor fetched once through its guard (a layer without activation is its own raw value), each
     * result named as asked.
     */
    private List<LayerTensor> fetch(
            List<String> names,
            List<Output<?>> outputs,
            BiFunction<List<Output<?>>, List<String>, List<LayerTensor>> fetchDistinct) {
        List<Output<?>> distinct = new ArrayList<>();
        List<String> distinctNames = new ArrayList<>();
        int[] slot = new int[outputs.size()];
        for (int i = 0; i < outputs.size(); i++) {
            Output<?> f = fetchable(outputs.get(i));
            int at = distinct.indexOf(f);
            if (at < 0) {
                at = distinct.size();
                distinct.add(f);
                distinctNames.add(names.get(i));
            }
            slot[i] = at;
        }
        List<LayerTensor> got = fetchDistinct.apply(distinct, distinctNames);
        List<LayerTensor> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            LayerTensor t = got.get(slot[i]);
            out.add(new LayerTensor(names.get(i), t.shape(), t.values()));
        }
        return out;
    }

    /** The tensor a fetch names, refused with a message naming what exists. */
    Output<?> output(Fetch fetch) {
        if (fetch instanceof Fetch.SignatureOutput s) {
            return signature.output(s.key());
        }
        if (fetch instanceof Fetch.NamedTensor t) {
            return namedTensor(t.tensor());
        }
        if (fetch instanceof Fetch.RawOutput r) {
            Output<?> out = layers.output(r.layer());
            GraphOperation op = (GraphOperation) out.op();
            while (op.type().equals("Identity") && op.numInputs() == 1) {
                op = (GraphOperation) op.input(0).op();
            }
            return ACTIVATIONS.contains(op.type()) ? op.input(0) : out;
        }
        return layers.output(((Fetch.LayerOutput) fetch).layer());
    }

    private Output<?> namedTensor(String name) {
        TensorRef ref;
        try {
            ref = TensorRef.parse(name);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--tensor " + name + ": not a tensor name such as y:0");
        }
        GraphOperation op = graph.operation(ref.node());
        if (op == null) {
            throw BadInputException.inFile(model, "has no tensor " + name);
        }
        if (ref.index() >= op.numOutputs()) {
            throw BadInputException.inFile(model, "op " + op.name() + " has no output " + ref.index());
        }
        return op.output(ref.index());
    }

    /**
     * An Identity reading {@code o}, made once per tensor, which is what gets fetched. With oneDNN, TensorFlow fuses
     * chains such as Conv2D → BiasAdd → LeakyRelu in the whole graph before it prunes for the fetches, and a fetched
     * BiasAdd that has no other consumer vanishes ("not found in the Graph"); a second consumer keeps it. It also lets
     * the fed input itself be fetched.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private Output<?> fetchable(Output<?> o) {
        return guards.computeIfAbsent(o, k -> ops.withName(FunctionInliner.PREFIX + "_fetch_" + guards.size())
                .identity((Output) k)
                .asOutput());
    }
}
