package dev.kerascope.layers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.graph.ModelVariable;
import dev.kerascope.graph.TrainableGraph.Mode;
import dev.kerascope.io.BadInputException;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.LayerGraph;
import dev.kerascope.kerasfile.WeightArray;
import dev.kerascope.savedmodel.KerasConfigRefs.Ref;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Builds a Keras file's layer graph as TensorFlow ops, for inference or for training: every call in an order where
 * inputs come first, a shared layer's weights made once and used by each call, each layer's output named
 * {@code <layer>/output} as kerascope's own exports name it (later calls {@code <layer>_call<k>/output}); a nested
 * model's layers inside its scope ({@code outer/inner/output}, reported as layer {@code outer/inner}). Everything that
 * cannot be built is refused before any op is made.
 */
public final class KerasGraphBuilder {
    private KerasGraphBuilder() {}

    /** The layer classes the builder computes. */
    public static List<String> supported() {
        return LayerSupport.SUPPORTED;
    }

    /** The inference graph: what {@code convert} exports and every walker command computes. */
    public static KerasGraph build(Ops tf, KerasFile file) {
        return build(tf, file, Mode.INFERENCE, 0, null);
    }

    /**
     * The graph in {@code mode}. TRAINING adds a learning phase ({@code keras_learning_phase}, fed 1 on training steps,
     * 0 by default), under which Dropout drops with masks drawn from {@code seed} and {@code step} and
     * BatchNormalization uses and moves batch statistics; phase 0 computes what the inference graph computes.
     * {@code step} (the optimizer's iteration count) is unused at inference.
     */
    public static KerasGraph build(Ops tf, KerasFile file, Mode mode, long seed, Operand<TInt64> step) {
        return build(tf, file, mode, seed, step, false);
    }

    /**
     * {@code inputOutputs}: each input also gets a {@code <input>/output} node and is listed among the layer outputs,
     * as kerascope's own exports have always recorded their InputLayer.
     */
    static KerasGraph build(Ops tf, KerasFile file, Mode mode, long seed, Operand<TInt64> step, boolean inputOutputs) {
        LayerGraph graph = LayerGraph.of(file.model(), file.source());
        check(graph, "", file);
        Built b = new Built(file, file.format() == KerasFile.Format.KERAS_ZIP);
        b.inputOutputs = inputOutputs;
        if (mode == Mode.TRAINING) {
            Operand<TFloat32> phase =
                    tf.withName("keras_learning_phase").placeholderWithDefault(tf.constant(0f), Shape.scalar());
            b.training = new TrainingOps.Training(phase, seed, step, file.format() == KerasFile.Format.LEGACY_H5);
        }
        List<Operand<TFloat32>> outputs = build(tf, graph, "", null, b);
        Map<String, Operand<TFloat32>> modelOutputs = new LinkedHashMap<>();
        for (int i = 0; i < outputs.size(); i++) {
            Ref r = graph.outputs().get(i);
            modelOutputs.put(r.tensorIndex() == 0 ? r.layer() : r.layer() + ":" + r.tensorIndex(), outputs.get(i));
        }
        Operand<TFloat32> first = outputs.get(0);
        Operand<TFloat32> logits = b.logitsOf.getOrDefault(first.op().name(), first);
        return new KerasGraph(
                graph.modelName(),
                b.inputs,
                b.outputs,
                b.classes,
                modelOutputs,
                b.values,
                mode,
                logits,
                b.trainable,
                b.training == null ? List.of() : b.training.updates,
                b.training == null ? null : b.training.phase);
    }

    /**
     * The activation the model's (first) output ends in, as Keras names it: a layer's {@code activation},
     * {@code softmax} for a Softmax layer, {@code relu}/{@code leaky_relu} for those layers, {@code linear} for layers
     * without one; null for a nested model, whose last layer is inside.
     */
    public static String outputActivation(KerasFile file) {
        LayerGraph graph = LayerGraph.of(file.model(), file.source());
        LayerGraph.Layer last = graph.calls().stream()
                .filter(c -> c.layer().name().equals(graph.outputs().get(0).layer()))
                .findFirst()
                .orElseThrow()
                .layer();
        if (last.nested()) {
            return null;
        }
        return switch (LayerSupport.canonical(last.className())) {
            case "Softmax" -> "softmax";
            case "ReLU" -> "relu";
            case "LeakyReLU" -> "leaky_relu";
            default -> Activations.name(last.config().get("activation"));
        };
    }

    /** What building collects across nested models: inputs, outputs by layer path, weights made once. */
    private static final class Built {
        final KerasFile file;
        final boolean keras3;
        final Map<String, Placeholder<TFloat32>> inputs = new LinkedHashMap<>();
        final Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
        final Map<String, String> classes = new LinkedHashMap<>();
        final Map<String, Map<String, Operand<TFloat32>>> weights = new HashMap<>();
        final Map<ModelVariable, float[]> values = new LinkedHashMap<>();
        final List<ModelVariable> trainable = new ArrayList<>();
        /** The softmax's input of each call that ends in a softmax, by the call's output op: the loss's logits. */
        final Map<String, Operand<TFloat32>> logitsOf = new HashMap<>();

        TrainingOps.Training training;
        boolean inputOutputs;

        Built(KerasFile file, boolean keras3) {
            this.file = file;
            this.keras3 = keras3;
        }
    }

    /**
     * Builds one model's calls; {@code given} feeds its InputLayers (a nested model's call inputs), null for the top
     * model, whose InputLayers become placeholders. Returns its outputs in order.
     */
    private static List<Operand<TFloat32>> build(
            Ops tf, LayerGraph graph, String prefix, List<Operand<TFloat32>> given, Built b) {
        Map<String, List<Operand<TFloat32>>> byCall = new HashMap<>();
        List<String> inputNames = graph.inputs().stream().map(Ref::layer).toList();
        for (LayerGraph.Call call : graph.calls()) {
            LayerGraph.Layer l = call.layer();
            String path = prefix + l.name();
            String cls = LayerSupport.canonical(l.className());
            Operand<TFloat32> y;
            List<Operand<TFloat32>> more = new ArrayList<>();
            if (cls.equals("InputLayer")) {
                if (given == null) {
                    Placeholder<TFloat32> p = tf.withName(l.name())
                            .placeholder(TFloat32.class, Placeholder.shape(shape(call.outputShape())));
                    b.inputs.put(l.name(), p);
                    y = p;
                    if (b.inputOutputs) {
                        b.outputs.put(
                                path,
                                tf.withSubScope(l.name()).withName("output").identity(p));
                        b.classes.put(path, l.className());
                    }
                } else {
                    y = given.get(inputNames.indexOf(l.name()));
                }
            } else {
                List<Operand<TFloat32>> in = new ArrayList<>();
                call.inputs()
                        .forEach(r ->
                                in.add(byCall.get(key(r.layer(), graph.callOf(r).index()))
                                        .get(r.tensorIndex())));
                Ops s = tf.withSubScope(call.index() == 0 ? l.name() : l.name() + "_call" + call.index());
                Operand<TFloat32> computed;
                Operand<TFloat32> logits = null;
                if (l.nested()) {
                    List<Operand<TFloat32>> outs =
                            build(s, LayerGraph.of(l.json(), b.file.source()), path + "/", in, b);
                    computed = outs.get(0);
                    logits = b.logitsOf.get(computed.op().name());
                    // A nested model's further outputs: <layer>/output_1, ... (its inner layers are listed by path as
                    // well).
                    for (int i = 1; i < outs.size(); i++) {
                        more.add(s.withName("output_" + i).identity(outs.get(i)));
                    }
                } else {
                    Map<String, Operand<TFloat32>> w = b.weights.computeIfAbsent(path, k -> variables(s, k, b));
                    boolean softmax =
                            Activations.name(l.config().get("activation")).equals("softmax");
                    if (softmax) {
                        // The same ops as LayerOps.apply with the activation, keeping the softmax's input for the loss.
                        logits = LayerOps.apply(
                                s,
                                cls,
                                withoutActivation(l.config()),
                                in,
                                call.inputShapes(),
                                call.outputShape(),
                                w,
                                b.keras3,
                                b.training);
                        computed = Activations.apply(s, logits, "softmax", b.keras3);
                    } else {
                        computed = LayerOps.apply(
                                s,
                                cls,
                                l.config(),
                                in,
                                call.inputShapes(),
                                call.outputShape(),
                                w,
                                b.keras3,
                                b.training);
                        logits = cls.equals("Softmax") ? in.get(0) : null;
                    }
                }
                y = s.withName("output").identity(computed);
                if (logits != null) {
                    b.logitsOf.put(y.op().name(), logits);
                }
                if (call.index() == 0 && !b.outputs.containsKey(path)) {
                    b.outputs.put(path, y);
                    b.classes.put(path, l.className());
                }
            }
            List<Operand<TFloat32>> all = new ArrayList<>(List.of(y));
            all.addAll(more);
            byCall.put(key(l.name(), call.index()), all);
        }
        List<Operand<TFloat32>> outs = new ArrayList<>();
        for (Ref r : graph.outputs()) {
            outs.add(byCall.get(key(r.layer(), graph.callOf(r).index())).get(r.tensorIndex()));
        }
        return outs;
    }

    /** Refuses, naming the file and the layer, whatever cannot be built. */
    private static void check(LayerGraph graph, String prefix, KerasFile file) {
        for (LayerGraph.Call call : graph.calls()) {
            LayerGraph.Layer l = call.layer();
            String cls = LayerSupport.canonical(l.className());
            String path = prefix + l.name();
            if (l.nested()) {
                LayerGraph inner = LayerGraph.of(l.json(), file.source());
                if (inner.inputs().size() != call.inputs().size()) {
                    throw BadInputException.inFile(
                            file.source(),
                            "layer " + path + " is a nested model with "
                                    + inner.inputs().size() + " inputs, called on "
                                    + call.inputs().size());
                }
                check(inner, path + "/", file);
                continue;
            }
            if (!LayerSupport.SUPPORTED.contains(cls)) {
                throw BadInputException.inFile(
                        file.source(),
                        "layer " + path + " has class " + cls + ", which kerascope cannot compute; " + "supported: "
                                + String.join(", ", LayerSupport.SUPPORTED));
            }
            for (Ref r : call.inputs()) {
                if (r.tensorIndex() != 0 && graph.shapeOf(r) == null) {
                    throw BadInputException.inFile(
                            file.source(),
                            "layer " + path + " takes output " + r.tensorIndex() + " of " + r.layer()
                                    + ": layers with several outputs are not supported");
                }
            }
            String problem = LayerSupport.problem(cls, l.config(), call.inputShapes(), call.outputShape());
            if (problem != null) {
                throw BadInputException.inFile(file.source(), "layer " + path + " (" + cls + "): " + problem);
            }
        }
    }

    private static JsonNode withoutActivation(JsonNode config) {
        ObjectNode c = ((ObjectNode) config).deepCopy();
        c.remove("activation");
        return c;
    }

    /**
     * The layer's weights as variables {@code <layer>/<name>}, each with the file's values to assign; trainable ones
     * listed.
     */
    private static Map<String, Operand<TFloat32>> variables(Ops s, String layer, Built b) {
        Map<String, Operand<TFloat32>> out = new LinkedHashMap<>();
        for (WeightArray w : b.file.weightsOf(layer)) {
            long[] shape = w.shapeAsLongs();
            Variable<TFloat32> v = s.withName(w.name()).variable(Shape.of(shape), TFloat32.class);
            Placeholder<TFloat32> value =
                    s.withName(w.name() + "_new_value").placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
            String assign =
                    s.withName(w.name() + "_assign").assign(v, value).op().name();
            ModelVariable mv = new ModelVariable(layer + "/" + w.name(), shape, v, value, assign);
            b.values.put(mv, w.values());
            if (w.trainable()) {
                b.trainable.add(mv);
            }
            out.put(w.name(), v);
        }
        return out;
    }

    private static Shape shape(List<Integer> dims) {
        long[] d = new long[dims.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = dims.get(i) == null ? -1 : dims.get(i);
        }
        return Shape.of(d);
    }

    private static String key(String layer, int call) {
        return layer + "\u0000" + call;
    }
}
