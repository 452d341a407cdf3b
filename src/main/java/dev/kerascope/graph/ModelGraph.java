package dev.kerascope.graph;

import dev.kerascope.record.KerascopeRecord;
import dev.kerascope.arch.Activation;
import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Layer;
import dev.kerascope.arch.LayerShape;
import dev.kerascope.arch.Padding;
import dev.kerascope.arch.ShapeInference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The forward pass of an {@link Architecture} as TensorFlow ops, with names a reader can find:
 * the input placeholder is the InputLayer's name, each layer's variables are {@code
 * <layer>/kernel} and {@code <layer>/bias} (Keras's names), and each layer's output, after its
 * activation as Keras defines it, is the Identity {@code <layer>/output}. Built the same way for
 * training and for export, so both graphs agree on every name.
 */
public final class ModelGraph implements TrainableGraph {
  public enum Mode { TRAINING, INFERENCE }

  private final Architecture architecture;
  private final Placeholder<TFloat32> input;
  private final Map<String, Operand<TFloat32>> layerOutputs;
  private final Operand<TFloat32> logits;
  private final List<ModelVariable> variables;
  private final Mode mode;

  private ModelGraph(Architecture architecture, Placeholder<TFloat32> input, Map<String, Operand<TFloat32>> layerOutputs,
      Operand<TFloat32> logits, List<ModelVariable> variables, Mode mode) {
    this.architecture = architecture;
    this.mode = mode;
    this.input = input;
    this.layerOutputs = Collections.unmodifiableMap(layerOutputs);
    this.logits = logits;
    this.variables = List.copyOf(variables);
  }

  public static String outputName(String layerName) {
    return KerascopeRecord.outputNode(layerName);
  }

  /** Builds the forward pass into {@code tf}'s graph; dropout is active only in TRAINING mode. */
  public static ModelGraph build(Ops tf, Architecture arch, Mode mode, long seed) {
    List<LayerShape> shapes = ShapeInference.infer(arch);
    int[] in = arch.inputShape();
    Layer first = arch.layers().get(0);
    Placeholder<TFloat32> input = tf.withName(first.name()).placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, in[0], in[1], in[2])));
    Map<String, Operand<TFloat32>> outputs = new LinkedHashMap<>();
    List<ModelVariable> variables = new ArrayList<>();
    Operand<TFloat32> x = input;
    Operand<TFloat32> logits = null;
    int[] inShape = in;
    for (int i = 0; i < shapes.size(); i++) {
      Layer layer = shapes.get(i).layer();
      Ops s = tf.withSubScope(layer.name());
      Operand<TFloat32> preActivation = null;
      if (layer instanceof Layer.Conv2D c) {
        ModelVariable kernel = variable(s, layer.name(), "kernel", new long[] {c.kernelRows(), c.kernelCols(), inShape[2], c.filters()}, variables);
        List<Long> strides = List.of(1L, (long) c.strideRows(), (long) c.strideCols(), 1L);
        Padding p = c.padding();
        if (p.mode() == Padding.Mode.EXPLICIT) {
          // Zero padding as its own Pad op, then a VALID convolution: the same numbers as Conv2D's
          // EXPLICIT padding, whose C++ gradient in TensorFlow 2.18 drops explicit_paddings and fails.
          x = s.withName("Pad").pad(x, s.constant(new int[][] {{0, 0}, {p.top(), p.bottom()}, {p.left(), p.right()}, {0, 0}}),
              s.constant(0f));
        }
        x = s.withName("Conv2D").nn.conv2d(x, kernel.variable(), strides, p.mode() == Padding.Mode.SAME ? "SAME" : "VALID");
        if (c.useBias()) {
          ModelVariable bias = variable(s, layer.name(), "bias", new long[] {c.filters()}, variables);
          x = s.withName("BiasAdd").nn.biasAdd(x, bias.variable());
        }
        preActivation = x;
        x = activation(s, x, c.activation());
      } else if (layer instanceof Layer.Pooling2D p) {
        x = pool(s, x, p);
      } else if (layer instanceof Layer.Flatten f) {
        x = s.withName("Reshape").reshape(x, tf.constant(new int[] {-1, shapes.get(i).outputShape()[0]}));
      } else if (layer instanceof Layer.Dense d) {
        ModelVariable kernel = variable(s, layer.name(), "kernel", new long[] {inShape[0], d.units()}, variables);
        x = s.withName("MatMul").linalg.matMul(x, kernel.variable());
        if (d.useBias()) {
          ModelVariable bias = variable(s, layer.name(), "bias", new long[] {d.units()}, variables);
          x = s.withName("BiasAdd").nn.biasAdd(x, bias.variable());
        }
        preActivation = x;
        x = activation(s, x, d.activation());
      } else if (layer instanceof Layer.Dropout d) {
        if (mode == Mode.TRAINING && d.rate() > 0) {
          x = dropout(s, x, d.rate(), seed, i);
        }
      }
      x = s.withName("output").identity(x);
      outputs.put(layer.name(), x);
      if (i == shapes.size() - 1) {
        logits = layer instanceof Layer.Dense d && d.activation() == Activation.SOFTMAX ? preActivation : x;
      }
      inShape = shapes.get(i).outputShape();
    }
    return new ModelGraph(arch, input, outputs, logits, variables, mode);
  }

  private static ModelVariable variable(Ops s, String layer, String role, long[] shape, List<ModelVariable> all) {
    Variable<TFloat32> v = s.withName(role).variable(Shape.of(shape), TFloat32.class);
    Placeholder<TFloat32> value = s.withName(role + "_new_value").placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    String assignName = s.withName(role + "_assign").assign(v, value).op().name();
    ModelVariable mv = new ModelVariable(layer + "/" + role, shape, v, value, assignName);
    all.add(mv);
    return mv;
  }

  private static Operand<TFloat32> activation(Ops s, Operand<TFloat32> x, Activation a) {
    return switch (a) {
      case LINEAR -> x;
      case RELU -> s.withName("Relu").nn.relu(x);
      case SOFTMAX -> s.withName("Softmax").nn.softmax(x);
      case SIGMOID -> s.withName("Sigmoid").math.sigmoid(x);
      case TANH -> s.withName("Tanh").math.tanh(x);
    };
  }

  /**
   * MaxPool/AvgPool with static window attributes (the op types Keras exports), built through
   * the op builder because {@code Ops.nn.maxPool} creates the tensor-argument MaxPoolV2.
   */
  @SuppressWarnings("unchecked")
  private static Operand<TFloat32> pool(Ops s, Operand<TFloat32> x, Layer.Pooling2D p) {
    String type = p.max() ? "MaxPool" : "AvgPool";
    org.tensorflow.op.Scope scope = s.scope();
    Output<?> out = scope.opBuilder(type, type)
        .addInput(x.asOutput())
        .setAttr("ksize", new long[] {1, p.poolRows(), p.poolCols(), 1})
        .setAttr("strides", new long[] {1, p.strideRows(), p.strideCols(), 1})
        .setAttr("padding", p.padding().mode().name().toUpperCase(Locale.ROOT))
        .setAttr("data_format", "NHWC")
        .build().output(0);
    return (Output<TFloat32>) out;
  }

  private static Operand<TFloat32> dropout(Ops s, Operand<TFloat32> x, double rate, long seed, int layerIndex) {
    Operand<TInt32> shape = s.shape(x);
    Operand<TFloat32> u = s.random.randomUniform(shape, TFloat32.class,
        org.tensorflow.op.random.RandomUniform.seed(seed), org.tensorflow.op.random.RandomUniform.seed2((long) layerIndex + 1));
    Operand<TFloat32> keep = s.math.floor(s.math.add(u, s.constant((float) (1 - rate))));
    return s.withName("dropout").math.mul(x, s.math.mul(keep, s.constant((float) (1 / (1 - rate)))));
  }

  public Architecture architecture() {
    return architecture;
  }

  @Override
  public Placeholder<TFloat32> input() {
    return input;
  }

  /** Every layer's output by Keras layer name, in layer order. */
  @Override
  public Map<String, Operand<TFloat32>> layerOutputs() {
    return layerOutputs;
  }

  /** The output of the last layer (class probabilities for a softmax head). */
  @Override
  public Operand<TFloat32> output() {
    return layerOutputs.get(architecture.lastLayer().name());
  }

  /** The last layer before its softmax: what the loss is computed from. */
  @Override
  public Operand<TFloat32> logits() {
    return logits;
  }

  @Override
  public List<ModelVariable> variables() {
    return variables;
  }

  @Override
  public int[] inputShape() {
    return architecture.inputShape();
  }

  /** The units of the last Dense layer; 0 when the architecture does not end in one. */
  @Override
  public int classes() {
    return architecture.lastLayer() instanceof Layer.Dense d ? d.units() : 0;
  }

  /** Keras's initial state: glorot_uniform kernels, zero biases, drawn in layer order from one seed. */
  @Override
  public Map<ModelVariable, float[]> initialValues(long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Map<ModelVariable, float[]> values = new LinkedHashMap<>();
    for (ModelVariable v : variables) {
      values.put(v, v.name().endsWith("/kernel") ? GlorotUniform.sample(v.shape(), random) : new float[v.size()]);
    }
    return values;
  }

  @Override
  public Mode mode() {
    return mode;
  }
}
