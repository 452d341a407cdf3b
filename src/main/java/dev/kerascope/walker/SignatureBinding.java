package dev.kerascope.walker;

import dev.kerascope.graph.Tensors;
import dev.kerascope.io.BadInputException;
import dev.kerascope.savedmodel.TensorRef;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * A signature bound to the loaded graph: its inputs checked against the graph, and each output resolved to a tensor of
 * the walker's inlined copy of the serving function (TF2), or to the graph's own node (TF1 graphs, which have no
 * functions).
 */
final class SignatureBinding {
    /** The model as the user named it, for messages. */
    private final Path model;

    private final Graph graph;
    private final SignatureDef signature;
    /** Every input of the signature by key, in key order (models with several inputs are fed by name). */
    private final Map<String, InputSpec> inputs = new LinkedHashMap<>();

    private final Map<String, Output<?>> outputs = new LinkedHashMap<>();

    SignatureBinding(Path model, Graph graph, MetaGraphDef meta, String signatureKey, FunctionInliner inliner) {
        this.model = model;
        this.graph = graph;
        signature = meta.getSignatureDefMap().get(signatureKey);
        if (signature == null) {
            throw BadInputException.inFile(
                    model,
                    "has no signature '" + signatureKey + "' (signatures: "
                            + String.join(", ", meta.getSignatureDefMap().keySet()) + ")");
        }
        String named = "signature '" + signatureKey + "'";
        for (var e : new TreeMap<>(signature.getInputsMap()).entrySet()) {
            InputSpec spec = InputSpec.of(e.getKey(), e.getValue());
            if (e.getValue().getTensorShape().getUnknownRank()) {
                throw BadInputException.inFile(
                        model,
                        named + " input '" + e.getKey() + "' has no known rank;" + " signatures that take images: "
                                + String.join(", ", imageSignatures(meta)));
            }
            if (graph.operation(TensorRef.nodeOf(spec.tensorName())) == null) {
                throw BadInputException.inFile(
                        model, named + " feeds " + spec.tensorName() + ", which the graph lacks");
            }
            inputs.put(e.getKey(), spec);
        }
        if (inputs.isEmpty()) {
            throw BadInputException.inFile(model, named + " takes no input");
        }
        bindOutputs(meta, named, inliner);
    }

    private void bindOutputs(MetaGraphDef meta, String named, FunctionInliner inliner) {
        Map<String, NodeDef> nodes = new HashMap<>();
        meta.getGraphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
        Map<String, List<Output<?>>> inlinedCalls = new HashMap<>();
        for (var e : signature.getOutputsMap().entrySet()) {
            String name = e.getValue().getName();
            TensorRef ref = TensorRef.parse(name);
            NodeDef call = nodes.get(ref.node());
            String callee = call == null ? null : inliner.callee(call);
            if (callee == null) {
                // A TF1 graph: the output is an ordinary node of the graph.
                GraphOperation op = graph.operation(ref.node());
                if (op == null || ref.index() >= op.numOutputs()) {
                    throw BadInputException.inFile(
                            model, named + " output '" + e.getKey() + "' names " + name + ", which the graph lacks");
                }
                outputs.put(e.getKey(), op.output(ref.index()));
                continue;
            }
            List<Output<?>> outs = inlinedCalls.computeIfAbsent(
                    call.getName(),
                    k -> inliner.inline(callee, arguments(call), FunctionInliner.PREFIX + "/" + call.getName()));
            outputs.put(e.getKey(), outs.get(ref.index()));
        }
    }

    /** The tensors a function call node reads, its control inputs left out. */
    private List<Output<?>> arguments(NodeDef call) {
        List<Output<?>> args = new ArrayList<>();
        for (String input : call.getInputList()) {
            TensorRef arg = TensorRef.parse(input);
            if (!arg.control()) {
                GraphOperation from = graph.operation(arg.node());
                if (from == null || arg.index() >= from.numOutputs()) {
                    throw BadInputException.inFile(
                            model, "node " + call.getName() + " reads " + input + ", which the graph lacks");
                }
                args.add(from.output(arg.index()));
            }
        }
        return args;
    }

    /** The inputs by key, in key order. */
    Map<String, InputSpec> inputs() {
        return inputs;
    }

    /** The one input of the signature, refused for models with several. */
    InputSpec singleInput() {
        if (inputs.size() != 1) {
            throw new BadInputException(model + " takes " + inputs.size() + " inputs ("
                    + String.join(", ", inputs.keySet()) + "); feed them by name");
        }
        return inputs.values().iterator().next();
    }

    /** {@code n} rows of values for the single input, its declared shape with the batch set to {@code n}. */
    Map<String, Feed> feedOf(float[] values, int n) {
        InputSpec in = singleInput();
        long[] shape = in.shape();
        shape[0] = n;
        for (long d : shape) {
            if (d < 1) {
                throw new BadInputException(
                        model + ": input " + in.describe() + " has free dimensions; give the full shape");
            }
        }
        long count = Feed.count(shape);
        if (values.length < count) {
            throw new IllegalArgumentException("expected " + count + " input values, got " + values.length);
        }
        return Map.of(
                in.key(), Feed.floats(values.length == count ? values : Arrays.copyOf(values, (int) count), shape));
    }

    /** Float values per input key, each {@code n} rows of the input's declared shape. */
    Map<String, Feed> feeds(Map<String, float[]> values, int n) {
        Map<String, Feed> feeds = new LinkedHashMap<>();
        for (InputSpec in : inputs.values()) {
            float[] v = values.get(in.key());
            if (v == null) {
                throw new BadInputException(
                        "no values for input '" + in.key() + "' (inputs: " + String.join(", ", inputs.keySet()) + ")");
            }
            long[] shape = in.shape();
            shape[0] = n;
            feeds.put(in.key(), Feed.floats(v, shape));
        }
        return feeds;
    }

    List<String> outputKeys() {
        return List.copyOf(outputs.keySet());
    }

    /** An output of the walker's inlined copy, refused with the list of keys when the signature lacks it. */
    Output<?> output(String key) {
        Output<?> o = outputs.get(key);
        if (o == null) {
            throw new BadInputException(
                    "signature has no output '" + key + "' (outputs: " + String.join(", ", outputs.keySet()) + ")");
        }
        return o;
    }

    /** The numeric outputs as TensorFlow's own function call computes them, by key. */
    Map<String, Output<?>> calledOutputs() {
        Map<String, Output<?>> out = new LinkedHashMap<>();
        for (var e : signature.getOutputsMap().entrySet()) {
            if (Tensors.isNumeric(e.getValue().getDtype())) {
                TensorRef ref = TensorRef.parse(e.getValue().getName());
                out.put(e.getKey(), graph.operation(ref.node()).output(ref.index()));
            }
        }
        return out;
    }

    /** The declared shape of an output, -1 for free dimensions; null when its rank is unknown or the key is not. */
    long[] outputShape(String key) {
        TensorInfo t = signature.getOutputsMap().get(key);
        return t == null || t.getTensorShape().getUnknownRank()
                ? null
                : InputSpec.of(key, t).shape();
    }

    boolean outputIsFloat(String key) {
        TensorInfo t = signature.getOutputsMap().get(key);
        return t != null && (t.getDtype() == DataType.DT_FLOAT || t.getDtype() == DataType.DT_DOUBLE);
    }

    /**
     * The output that holds class scores: the first float output of shape (batch, k ≥ 2), preferring one named like
     * probabilities (see {@link SavedModelWalker#classScores()}).
     */
    Optional<Fetch.SignatureOutput> classScores() {
        String best = null;
        for (String key : outputKeys()) {
            long[] shape = outputShape(key);
            if (shape == null || shape.length != 2 || !(shape[1] >= 2 || shape[1] < 0) || !outputIsFloat(key)) {
                continue;
            }
            String k = key.toLowerCase(Locale.ROOT);
            if (best == null || k.contains("prob") || k.contains("softmax")) {
                best = key;
            }
        }
        return Optional.ofNullable(best).map(Fetch.SignatureOutput::new);
    }

    static boolean takesImages(TensorInfo in) {
        return !in.getTensorShape().getUnknownRank()
                && Tensors.isNumeric(in.getDtype())
                && InputSpec.of("", in).image().isPresent();
    }

    /** Signatures whose one input is an image, for messages that suggest another signature. */
    static List<String> imageSignatures(MetaGraphDef meta) {
        List<String> out = new ArrayList<>();
        meta.getSignatureDefMap().forEach((k, v) -> {
            if (v.getInputsCount() == 1
                    && takesImages(v.getInputsMap().values().iterator().next())) {
                out.add(k);
            }
        });
        Collections.sort(out);
        return out.isEmpty() ? List.of("none") : out;
    }
}
