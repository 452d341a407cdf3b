package dev.kerascope.explain;

import dev.kerascope.io.BadInputException;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.InputSpec;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Gradients of a {@link Target} with respect to the model's input or a layer's output, added to the walker's graph once
 * per (target, wrt) and then fed like any fetch, in batches. A class target builds one gradient per class (the class is
 * a constant in the graph, so the walker's feeds stay the signature's own).
 */
public final class Gradients {
    /** {@code wrt} value that names the model's input instead of a layer. */
    public static final String INPUT = "input";

    private static final Pattern NO_GRADIENT = Pattern.compile("[Nn]o gradient defined for op:? ?'?([A-Za-z0-9_]+)");

    private final SavedModelWalker walker;
    private final Path model;
    private final Ops tf;
    private final String scope;
    private final Map<String, Output<?>> built = new HashMap<>();
    private ScoreTensor score;

    /**
     * Values of the {@code wrt} tensor, the gradient of the target at them (same shape), and each row's class scores.
     */
    public record Batch(LayerTensor values, LayerTensor gradient, LayerTensor scores) {}

    /**
     * Gradients in the walker's graph, under a name scope of their own.
     *
     * @param walker the open walker of the model; its graph gains the gradient ops
     * @param model the model's folder, named in messages
     */
    public Gradients(SavedModelWalker walker, Path model) {
        InferenceBatchNormGradient.register();
        this.walker = walker;
        this.model = model;
        Graph g = walker.graph();
        int n = 0;
        while (g.operation("kerascope_explain_" + n + "/marker") != null) {
            n++;
        }
        scope = "kerascope_explain_" + n;
        // A marker op claims the scope, so a second Gradients on the same graph picks another one.
        tf = Ops.create(g).withSubScope(scope);
        tf.withName("marker").constant(0);
    }

    /**
     * The walker whose graph holds the gradients.
     *
     * @return it
     */
    public SavedModelWalker walker() {
        return walker;
    }

    /**
     * The class-score tensor (found once).
     *
     * @return the logits where a Softmax produces the class output, else the output itself
     * @throws BadInputException when the signature has no class-score output
     */
    public ScoreTensor score() {
        if (score == null) {
            score = ScoreTensor.find(walker, model);
        }
        return score;
    }

    /**
     * The graph tensor that {@code wrt} names: {@link #INPUT} or a layer.
     *
     * @param wrt {@link #INPUT} or a layer's name
     * @return the tensor
     * @throws BadInputException when it is not float32, or the model has more than one input
     */
    public Output<?> wrtTensor(String wrt) {
        if (!INPUT.equals(wrt)) {
            return requireFloat(walker.tensor(Fetch.layer(wrt)), "layer '" + wrt + "'");
        }
        List<InputSpec> inputs = walker.inputs();
        if (inputs.size() != 1) {
            throw BadInputException.inFile(
                    model, "takes " + inputs.size() + " inputs; gradients with respect to the input need one");
        }
        return requireFloat(
                walker.tensor(Fetch.tensor(inputs.get(0).tensorName())),
                "input " + inputs.get(0).describe());
    }

    private Output<?> requireFloat(Output<?> t, String what) {
        if (t.dataType() != DataType.DT_FLOAT) {
            throw BadInputException.inFile(
                    model,
                    what + " is " + InputSpec.typeName(t.dataType()) + "; gradients are taken of float32 tensors only");
        }
        return t;
    }

    /**
     * d target / d wrt, built on first use.
     *
     * @param target what the gradient is of
     * @param wrt {@link #INPUT} or a layer's name
     * @return the gradient tensor, shaped as {@code wrt}
     * @throws BadInputException when TensorFlow cannot build it (an op without a gradient, naming the op)
     */
    @SuppressWarnings("unchecked")
    public Output<?> gradient(Target target, String wrt) {
        String key = target + "\u0000" + wrt;
        Output<?> done = built.get(key);
        if (done != null) {
            return done;
        }
        Output<?> x = wrtTensor(wrt);
        Operand<TFloat32> total = target instanceof Target.ClassScore c
                ? classTotal(c.index())
                : target instanceof Target.PredictedClass
                        ? predictedTotal()
                        : channelTotal((Target.LayerChannel) target);
        InferenceBatchNormGradient.trainingOp(walker.graph()).ifPresent(op -> {
            throw BadInputException.inFile(
                    model,
                    "its op " + op + " (FusedBatchNorm) normalises with batch statistics "
                            + "(is_training); kerascope's gradient for that op covers inference graphs only");
        });
        Output<?> g;
        try {
            g = walker.graph()
                    .addGradients(
                            scope + "/grad_" + built.size(),
                            new Output<?>[] {total.asOutput()},
                            new Output<?>[] {x},
                            null)[0];
        } catch (RuntimeException e) {
            throw refusal(e, target, wrt);
        }
        if (g == null) {
            throw BadInputException.inFile(
                    model, "the target " + describe(target) + " does not depend on " + wrt + ": no gradient");
        }
        built.put(key, g);
        return g;
    }

    private BadInputException refusal(RuntimeException e, Target target, String wrt) {
        String message = String.valueOf(e.getMessage());
        Matcher m = NO_GRADIENT.matcher(message);
        if (m.find()) {
            return BadInputException.inFile(
                    model,
                    "TensorFlow has no gradient for op " + m.group(1) + ", which lies between " + wrt + " and "
                            + describe(target) + "; this model cannot be explained with gradients");
        }
        String first = message.strip().lines().findFirst().orElse("");
        return BadInputException.inFile(
                model,
                "TensorFlow cannot build the gradient of " + describe(target)
                        + " with respect to "
                        + wrt + ": " + first);
    }

    static String describe(Target t) {
        if (t instanceof Target.ClassScore c) {
            return "the score of class " + c.index();
        }
        if (t instanceof Target.PredictedClass) {
            return "the score of the predicted class";
        }
        Target.LayerChannel l = (Target.LayerChannel) t;
        return l.channel() < 0
                ? "the mean of layer " + l.layer()
                : "the mean of channel " + l.channel() + " of layer " + l.layer();
    }

    @SuppressWarnings("unchecked")
    private Operand<TFloat32> classTotal(int index) {
        ScoreTensor s = score();
        Operand<TFloat32> scores = (Operand<TFloat32>) requireFloat(s.tensor(), "the class scores");
        int classes = classes();
        if (index >= classes) {
            throw new BadInputException("class " + index + " is out of range: the model has " + classes
                    + " classes (0.." + (classes - 1) + ")");
        }
        float[] oneHot = new float[classes];
        oneHot[index] = 1;
        return sumAll(tf.math.mul(scores, tf.constant(oneHot)));
    }

    @SuppressWarnings("unchecked")
    private Operand<TFloat32> predictedTotal() {
        Operand<TFloat32> scores = (Operand<TFloat32>) requireFloat(score().tensor(), "the class scores");
        Operand<TFloat32> mask = tf.stopGradient(tf.oneHot(
                tf.math.argMax(scores, tf.constant(1)), tf.constant(classes()), tf.constant(1f), tf.constant(0f)));
        return sumAll(tf.math.mul(scores, mask));
    }

    /**
     * The number of classes the score tensor holds.
     *
     * @return its last dimension
     */
    public int classes() {
        long k = score().tensor().shape().size(1);
        if (k < 1) {
            throw BadInputException.inFile(model, "its class scores have no fixed number of classes");
        }
        return (int) k;
    }

    @SuppressWarnings("unchecked")
    private Operand<TFloat32> channelTotal(Target.LayerChannel l) {
        Operand<TFloat32> a =
                (Operand<TFloat32>) requireFloat(walker.tensor(Fetch.layer(l.layer())), "layer '" + l.layer() + "'");
        Operand<TFloat32> perRow = a;
        if (l.channel() >= 0) {
            long channels = a.shape().size(a.shape().numDimensions() - 1);
            if (a.shape().numDimensions() < 2 || l.channel() >= channels) {
                throw new BadInputException("layer '" + l.layer() + "' has " + channels + " channels; channel "
                        + l.channel() + " does not exist");
            }
            float[] oneHot = new float[(int) channels];
            oneHot[l.channel()] = 1;
            perRow = tf.reduceSum(tf.math.mul(a, tf.constant(oneHot)), tf.constant(-1));
        }
        // Mean over every axis but the batch, then the sum over the batch: each row's gradient is its own.
        Operand<TFloat32> mean = tf.math.mean(perRow, tf.range(tf.constant(1), tf.rank(perRow), tf.constant(1)));
        return sumAll(mean);
    }

    private Operand<TFloat32> sumAll(Operand<TFloat32> t) {
        Operand<TInt32> axes = tf.range(tf.constant(0), tf.rank(t), tf.constant(1));
        return tf.reduceSum(t, axes);
    }

    /**
     * Class scores of {@code n} images.
     *
     * @param images the images as fed, {@code n} of them one after the other (rows x cols x channels each)
     * @param n how many images
     * @return the score tensor's values, (n, classes)
     */
    public LayerTensor scores(float[] images, int n) {
        return walker.fetchOutputs(images, n, List.of("scores"), List.of(score().tensor()))
                .get("scores");
    }

    /**
     * The top-scoring class of each row.
     *
     * @param scores class scores, (rows, classes)
     * @return each row's class with the highest score (the first on a tie)
     */
    public static int[] argmax(LayerTensor scores) {
        int n = (int) scores.shape()[0];
        int k = (int) scores.shape()[1];
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            for (int c = 1; c < k; c++) {
                out[i] = scores.values()[i * k + c] > scores.values()[i * k + out[i]] ? c : out[i];
            }
        }
        return out;
    }

    /**
     * {@code wrt}'s values and d target / d wrt for {@code n} images.
     *
     * @param images the images as fed, {@code n} of them one after the other (rows x cols x channels each)
     * @param n how many images
     * @param target what the gradient is of
     * @param wrt {@link #INPUT} or a layer's name
     * @return the values, the gradient and the class scores
     */
    public Batch run(float[] images, int n, Target target, String wrt) {
        Output<?> g = gradient(target, wrt);
        Map<String, LayerTensor> got = walker.fetchOutputs(
                images,
                n,
                List.of("values", "gradient", "scores"),
                List.of(wrtTensor(wrt), g, target instanceof Target.LayerChannel ? g : score().tensor()));
        return new Batch(got.get("values"), got.get("gradient"), got.get("scores"));
    }

    /**
     * As {@link #run(float[], int, Target, String)} with a class per row: rows are run grouped by class.
     *
     * @param images the images as fed, {@code n} of them one after the other (rows x cols x channels each)
     * @param n how many images
     * @param classes each image's class, 0 or more
     * @param wrt {@link #INPUT} or a layer's name
     * @return the values, the gradient of each row's own class score and the class scores, in the images' order
     */
    public Batch runClasses(float[] images, int n, int[] classes, String wrt) {
        if (classes.length != n) {
            throw new IllegalArgumentException(n + " images, " + classes.length + " classes");
        }
        int per = images.length / n;
        Map<Integer, List<Integer>> rowsOf = new HashMap<>();
        for (int i = 0; i < n; i++) {
            rowsOf.computeIfAbsent(classes[i], c -> new ArrayList<>()).add(i);
        }
        float[] values = null;
        float[] grads = null;
        float[] scoreValues = null;
        long[] valueShape = null;
        long[] scoreShape = null;
        for (var e : rowsOf.entrySet()) {
            List<Integer> rows = e.getValue();
            float[] sub = new float[rows.size() * per];
            for (int j = 0; j < rows.size(); j++) {
                System.arraycopy(images, rows.get(j) * per, sub, j * per, per);
            }
            Batch b = run(sub, rows.size(), Target.classScore(e.getKey()), wrt);
            int vPer = b.values().values().length / rows.size();
            int sPer = b.scores().values().length / rows.size();
            if (values == null) {
                values = new float[vPer * n];
                grads = new float[vPer * n];
                scoreValues = new float[sPer * n];
                valueShape = b.values().shape();
                scoreShape = b.scores().shape();
            }
            for (int j = 0; j < rows.size(); j++) {
                System.arraycopy(b.values().values(), j * vPer, values, rows.get(j) * vPer, vPer);
                System.arraycopy(b.gradient().values(), j * vPer, grads, rows.get(j) * vPer, vPer);
                System.arraycopy(b.scores().values(), j * sPer, scoreValues, rows.get(j) * sPer, sPer);
            }
        }
        valueShape[0] = n;
        scoreShape[0] = n;
        return new Batch(
                new LayerTensor(wrt, valueShape, values),
                new LayerTensor("gradient", valueShape, grads),
                new LayerTensor("scores", scoreShape, scoreValues));
    }
}
