package dev.kerascope.train;

import dev.kerascope.arch.Architecture;
import dev.kerascope.graph.ModelVariable;
import dev.kerascope.graph.Tensors;
import dev.kerascope.graph.TrainableGraph;
import dev.kerascope.graph.VariableValues;
import dev.kerascope.io.BadInputException;
import dev.kerascope.layers.ArchitectureModel;
import dev.kerascope.precision.Precision;
import dev.kerascope.precision.Sessions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A model's forward pass plus Keras's training step: sparse categorical cross-entropy on the softmax logits, accuracy,
 * and Adam (beta1 0.9, beta2 0.999, epsilon 1e-7) through TensorFlow's fused ApplyAdam, whose update is exactly
 * Keras's. Owns its graph and session.
 *
 * <p>TensorFlow Java 1.1.0 registers no gradient for SparseSoftmaxCrossEntropyWithLogits, so the integer labels are
 * one-hot encoded in the graph and the dense SoftmaxCrossEntropyWithLogits is used: the same loss, with a registered
 * gradient.
 *
 * <p>In {@link Precision#MIXED_BFLOAT16} the graph built here is the same float32 graph; only the session's rewrite
 * changes what runs, so checkpoints and exports do not depend on the precision.
 */
public final class TrainingGraph implements AutoCloseable {
    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-7f;

    private final Graph graph;
    private final Session session;
    private final TrainableGraph model;
    /** Fed 1 on training steps where the model switches dropout and batch statistics on it; else null. */
    private final Operand<TFloat32> learningPhase;

    private final Placeholder<TInt32> labels;
    private final String stepMetrics;
    private final String trainTarget;
    private final List<ModelVariable> optimizerSlots = new ArrayList<>();
    private final String iterationsInit;
    private final Precision precision;

    public TrainingGraph(Architecture arch, double learningRate, long seed) {
        this(arch, learningRate, seed, Precision.FLOAT32);
    }

    public TrainingGraph(Architecture arch, double learningRate, long seed, Precision precision) {
        this(
                (tf, step) -> ArchitectureModel.build(tf, arch, TrainableGraph.Mode.TRAINING, seed, step),
                learningRate,
                arch.source(),
                precision);
    }

    public TrainingGraph(BiFunction<Ops, Operand<TInt64>, TrainableGraph> model, double learningRate, String source) {
        this(model, learningRate, source, Precision.FLOAT32);
    }

    /**
     * Builds the forward pass with {@code model} into this graph's ops and wraps it with the loss, the metrics and Adam
     * over its trainable variables; {@code source} names the model on errors. {@code model} is given the optimizer's
     * iteration count, which per-step randomness can be drawn from so that a resumed run repeats it. The precision only
     * changes the session's rewrite.
     */
    public TrainingGraph(
            BiFunction<Ops, Operand<TInt64>, TrainableGraph> model,
            double learningRate,
            String source,
            Precision precision) {
        this.precision = precision;
        graph = new Graph();
        try {
            Ops tf = Ops.create(graph);
            Ops o = tf.withSubScope("optimizer");
            Variable<TInt64> iterations = o.withName("iterations").variable(Shape.scalar(), TInt64.class);
            iterationsInit = o.withName("iterations_init")
                    .assign(iterations, o.constant(0L))
                    .op()
                    .name();
            this.model = model.apply(tf, iterations);
            int classes = this.model.classes();
            if (classes < 2) {
                throw new BadInputException(
                        source + ": the last layer must be a Dense classifier with at least 2 units");
            }
            learningPhase = this.model.learningPhase().orElse(null);
            Ops m = tf.withSubScope("metrics");
            labels = tf.withName("labels").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
            Operand<TFloat32> oneHot = m.oneHot(labels, m.constant(classes), m.constant(1f), m.constant(0f));
            Operand<TFloat32> perSample = m.nn.softmaxCrossEntropyWithLogits(this.model.logits(), oneHot)
                    .loss();
            Operand<TFloat32> meanLoss = m.withName("loss").math.mean(perSample, m.constant(0));
            Operand<TInt64> predicted = m.math.argMax(this.model.logits(), m.constant(1));
            Operand<TFloat32> hits =
                    m.dtypes.cast(m.math.equal(predicted, m.dtypes.cast(labels, TInt64.class)), TFloat32.class);
            Operand<TFloat32> lossSumOp = m.withName("loss_sum").reduceSum(perSample, m.constant(0));
            Operand<TFloat32> correctOp = m.withName("correct").reduceSum(hits, m.constant(0));
            // Both batch metrics in one tensor: one fetch per step instead of two.
            stepMetrics = m.withName("step_metrics")
                    .stack(List.of(lossSumOp, correctOp))
                    .op()
                    .name();

            List<ModelVariable> trainable = this.model.trainableVariables();
            List<Operand<TFloat32>> vars = new ArrayList<>();
            trainable.forEach(v -> vars.add(v.variable()));
            List<Output<?>> grads = tf.gradients(meanLoss, vars).dy();
            // Every gradient is computed before any variable is updated: backprop reads the kernels
            // again, and an in-place update racing with that read would make runs non-reproducible.
            List<Op> ready = new ArrayList<>();
            List<Operand<TFloat32>> readyGrads = new ArrayList<>();
            for (Output<?> g : grads) {
                @SuppressWarnings("unchecked")
                Operand<TFloat32> gf = (Operand<TFloat32>) g;
                var id = o.identity(gf);
                ready.add(id);
                readyGrads.add(id);
            }
            Operand<TFloat32> t = o.dtypes.cast(o.math.add(iterations, o.constant(1L)), TFloat32.class);
            Operand<TFloat32> beta1Power = o.math.pow(o.constant(BETA1), t);
            Operand<TFloat32> beta2Power = o.math.pow(o.constant(BETA2), t);
            Ops after = o.withControlDependencies(ready);
            List<Op> updates = new ArrayList<>(this.model.updates());
            for (int i = 0; i < vars.size(); i++) {
                ModelVariable mv = trainable.get(i);
                ModelVariable slotM = slot(o, mv, "m");
                ModelVariable slotV = slot(o, mv, "v");
                updates.add(after.train.applyAdam(
                        mv.variable(),
                        slotM.variable(),
                        slotV.variable(),
                        beta1Power,
                        beta2Power,
                        o.constant((float) learningRate),
                        o.constant(BETA1),
                        o.constant(BETA2),
                        o.constant(EPSILON),
                        readyGrads.get(i)));
            }
            trainTarget = o.withControlDependencies(updates)
                    .withName("step")
                    .assignAdd(iterations, o.constant(1L))
                    .op()
                    .name();
            session = Sessions.open(graph, precision);
        } catch (RuntimeException e) {
            graph.close();
            throw e;
        }
    }

    private ModelVariable slot(Ops o, ModelVariable of, String role) {
        Ops s = o.withSubScope(of.name().replace('/', '_'));
        Variable<TFloat32> v = s.withName(role).variable(Shape.of(of.shape()), TFloat32.class);
        Placeholder<TFloat32> value =
                s.withName(role + "_new_value").placeholder(TFloat32.class, Placeholder.shape(Shape.of(of.shape())));
        String assign = s.withName(role + "_assign").assign(v, value).op().name();
        ModelVariable slot = new ModelVariable("optimizer/" + of.name() + "/" + role, of.shape(), v, value, assign);
        optimizerSlots.add(slot);
        return slot;
    }

    /** The model's initial values (Keras's initialisers, or a file's weights), zero Adam moments, iteration 0. */
    public void initialize(long seed) {
        Map<ModelVariable, float[]> values = new LinkedHashMap<>(model.initialValues(seed));
        for (ModelVariable v : optimizerSlots) {
            values.put(v, new float[v.size()]);
        }
        assign(values);
        session.run(iterationsInit);
    }

    /** Sets the model's variables (not the optimizer's) to the given values, by variable name. */
    public void setWeights(Map<String, float[]> weights) {
        assign(VariableValues.byName(model.variables(), weights));
    }

    private void assign(Map<ModelVariable, float[]> values) {
        VariableValues.assign(session, values);
    }

    /** One Adam step on a batch; returns the batch's loss sum and correct count before the update. */
    public StepMetrics trainStep(float[] images, int[] batchLabels, int n) {
        return run(images, batchLabels, n, true);
    }

    /** Loss and accuracy of the current weights on one batch, without training. */
    public StepMetrics evaluate(float[] images, int[] batchLabels, int n) {
        return run(images, batchLabels, n, false);
    }

    /** Runs only the training update (the bare step the benchmark times). */
    public void trainStepOnly(TFloat32 images, TInt32 batchLabels) {
        Session.Runner r = session.runner()
                .feed(model.input(), images)
                .feed(labels, batchLabels)
                .addTarget(trainTarget);
        if (learningPhase != null) {
            r.feed(learningPhase, phaseOn);
        }
        r.run().close();
    }

    /**
     * One training step, also fetching the model's softmax output, that returns the graphs the session actually ran
     * (after grappler's rewrites), so a test can see which ops the precision turned into bfloat16.
     */
    RunMetadata traceStep(TFloat32 images, TInt32 batchLabels) {
        try (Result r = session.runner()
                .feed(model.input(), images)
                .feed(labels, batchLabels)
                .fetch(model.output())
                .addTarget(trainTarget)
                .setOptions(
                        RunOptions.newBuilder().setOutputPartitionGraphs(true).build())
                .runAndFetchMetadata()) {
            return r.getMetadata().orElseThrow();
        }
    }

    private StepMetrics run(float[] images, int[] batchLabels, int n, boolean train) {
        int size = imageSize(model.inputShape());
        TensorPair feed = feedFor(n);
        feed.images.asRawTensor().data().asFloats().write(images, 0, n * size);
        feed.labels.asRawTensor().data().asInts().write(batchLabels, 0, n);
        Session.Runner r = session.runner()
                .feed(model.input(), feed.images)
                .feed(labels, feed.labels)
                .fetch(stepMetrics);
        if (train) {
            r.addTarget(trainTarget);
            if (learningPhase != null) {
                r.feed(learningPhase, phaseOn);
            }
        }
        try (Result result = r.run()) {
            float[] m = Tensors.toFloats(result.get(0));
            return new StepMetrics(m[0], Math.round(m[1]), n);
        }
    }

    /** Input tensors are made once per batch size and refilled, instead of allocated every step. */
    private record TensorPair(TFloat32 images, TInt32 labels) {}

    private final Map<Integer, TensorPair> feeds = new HashMap<>();
    private final TFloat32 phaseOn = TFloat32.scalarOf(1f);

    private TensorPair feedFor(int n) {
        return feeds.computeIfAbsent(
                n, k -> new TensorPair(TFloat32.tensorOf(Shape.of(batchShape(k))), TInt32.tensorOf(Shape.of(k))));
    }

    /**
     * The input's shape for {@code n} images: NHWC for kerascope's models, NHW or flat where a loaded model takes
     * those.
     */
    private long[] batchShape(int n) {
        int[] in = model.inputShape();
        long[] shape = new long[in.length + 1];
        shape[0] = n;
        for (int i = 0; i < in.length; i++) {
            shape[i + 1] = in[i];
        }
        return shape;
    }

    private static int imageSize(int[] in) {
        int size = 1;
        for (int d : in) {
            size *= d;
        }
        return size;
    }

    /** The model's current weights by variable name ({@code conv1/kernel}, ...), in layer order. */
    public Map<String, float[]> weights() {
        Map<String, float[]> out = new LinkedHashMap<>();
        Session.Runner r = session.runner();
        for (ModelVariable v : model.variables()) {
            r.fetch(v.variable());
        }
        try (Result result = r.run()) {
            for (int i = 0; i < model.variables().size(); i++) {
                out.put(model.variables().get(i).name(), Tensors.toFloats(result.get(i)));
            }
        }
        return out;
    }

    /** Runs the forward pass and returns the last layer's output (probabilities), flat. */
    public float[] predict(float[] images, int n) {
        try (TFloat32 x = Tensors.floats(images, batchShape(n));
                Result result = session.runner()
                        .feed(model.input(), x)
                        .fetch(model.output())
                        .run()) {
            return Tensors.toFloats(result.get(0));
        }
    }

    /** Every named layer's output for a batch, flat, from the live graph at learning phase 0 (dropout off). */
    public Map<String, float[]> activations(float[] images, int n, List<String> layerNames) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (TFloat32 x = Tensors.floats(images, batchShape(n))) {
            Session.Runner r = session.runner().feed(model.input(), x);
            layerNames.forEach(l -> r.fetch(model.layerOutputs().get(l)));
            try (Result result = r.run()) {
                for (int i = 0; i < layerNames.size(); i++) {
                    out.put(layerNames.get(i), Tensors.toFloats(result.get(i)));
                }
            }
        }
        return out;
    }

    /** Writes every variable, Adam's moments and iteration count included, as a TF checkpoint. */
    public void save(String prefix) {
        session.save(prefix);
    }

    public void restore(String prefix) {
        session.restore(prefix);
    }

    public Precision precision() {
        return precision;
    }

    public TrainableGraph model() {
        return model;
    }

    @Override
    public void close() {
        phaseOn.close();
        feeds.values().forEach(f -> {
            f.images().close();
            f.labels().close();
        });
        session.close();
        graph.close();
    }
}
