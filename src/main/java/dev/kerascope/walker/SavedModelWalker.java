package dev.kerascope.walker;

import dev.kerascope.graph.Tensors;
import dev.kerascope.io.BadInputException;
import dev.kerascope.savedmodel.GraphLayerRecovery;
import dev.kerascope.savedmodel.SavedModelInspector;
import dev.kerascope.savedmodel.Tf1LayerRecovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.types.TFloat32;

/**
 * A TF2 SavedModel opened for walking: the serving signature's functions are inlined into the
 * loaded graph once ({@link FunctionInliner}), and every Keras layer's output — found by {@link
 * GraphLayerRecovery} in the function that holds the layers — becomes a fetchable tensor. One
 * session run then returns any set of layer outputs for a batch of images.
 */
public final class SavedModelWalker implements AutoCloseable {
  private final Path dir;
  private final SavedModelBundle bundle;
  private final SignatureDef signature;
  private final String inputTensor;
  private final long[] inputShape;
  private final boolean flatInput;
  /** Every input of the signature by key (models with several inputs are fed through {@link #fetchInputs}). */
  private final Map<String, TensorInfo> inputs = new LinkedHashMap<>();
  private final Map<String, Output<?>> signatureOutputs = new LinkedHashMap<>();
  private final Map<String, Output<?>> layerOutputs = new LinkedHashMap<>();
  private final Map<String, GraphLayerRecovery.RecoveredLayer> layers = new LinkedHashMap<>();
  private final FunctionInliner inliner;
  private final org.tensorflow.op.Ops ops;
  private final String layerFunction;

  private SavedModelWalker(Path dir, SavedModelBundle bundle, String signatureKey) {
    this.dir = dir;
    this.bundle = bundle;
    MetaGraphDef meta = bundle.metaGraphDef();
    signature = meta.getSignatureDefMap().get(signatureKey);
    if (signature == null) {
      throw BadInputException.inFile(dir, "has no signature '" + signatureKey + "' (signatures: "
          + String.join(", ", meta.getSignatureDefMap().keySet()) + ")");
    }
    for (var e : new java.util.TreeMap<>(signature.getInputsMap()).entrySet()) {
      if (e.getValue().getDtype() != org.tensorflow.proto.DataType.DT_FLOAT || e.getValue().getTensorShape().getUnknownRank()) {
        throw BadInputException.inFile(dir, "signature '" + signatureKey + "' input '" + e.getKey() + "' is not a float tensor of known rank;"
            + " signatures that take images: " + String.join(", ", imageSignatures(meta)));
      }
      inputs.put(e.getKey(), e.getValue());
    }
    TensorInfo in = signature.getInputsMap().values().iterator().next();
    if (signature.getInputsCount() == 1 && !takesImages(in)) {
      throw BadInputException.inFile(dir, "signature '" + signatureKey + "' does not take float images (input "
          + in.getName() + " is " + in.getDtype() + " of rank " + (in.getTensorShape().getUnknownRank() ? "unknown" : in.getTensorShape().getDimCount())
          + "; images are float of rank 3 or 4, or flat squares); signatures that take images: "
          + String.join(", ", imageSignatures(meta)));
    }
    inputTensor = in.getName();
    long[] declared = in.getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
    flatInput = declared.length == 2;
    // A flat input of a square size (784 = 28 x 28, as in TF1's MNIST exports) is fed as a square image.
    inputShape = flatInput ? new long[] {-1, (long) Math.sqrt(declared[1]), (long) Math.sqrt(declared[1])} : declared;
    Map<String, FunctionDef> library = new HashMap<>();
    meta.getGraphDef().getLibrary().getFunctionList().forEach(f -> library.put(f.getSignature().getName(), f));
    inliner = new FunctionInliner(bundle.graph(), library);
    ops = org.tensorflow.op.Ops.create(bundle.graph());
    Map<String, NodeDef> nodes = new HashMap<>();
    meta.getGraphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
    Map<String, List<Output<?>>> inlinedCalls = new HashMap<>();
    for (var e : signature.getOutputsMap().entrySet()) {
      String name = e.getValue().getName();
      NodeDef call = nodes.get(SavedModelInspector.nodeName(name));
      int index = name.contains(":") ? Integer.parseInt(name.substring(name.indexOf(':') + 1)) : 0;
      String callee = call == null ? null : inliner.callee(call);
      if (callee == null) {
        // A TF1 graph: the output is an ordinary node of the graph.
        signatureOutputs.put(e.getKey(), bundle.graph().operation(SavedModelInspector.nodeName(name)).output(index));
        continue;
      }
      List<Output<?>> outs = inlinedCalls.computeIfAbsent(call.getName(), k -> {
        List<Output<?>> args = new ArrayList<>();
        for (String ref : call.getInputList()) {
          if (!ref.startsWith("^")) {
            String[] p = ref.split(":");
            args.add(bundle.graph().operation(p[0]).output(p.length > 1 ? Integer.parseInt(p[1]) : 0));
          }
        }
        return inliner.inline(callee, args, FunctionInliner.PREFIX + "/" + call.getName());
      });
      signatureOutputs.put(e.getKey(), outs.get(index));
    }
    if (Files.isRegularFile(dir.resolve(dev.kerascope.train.SavedModelExporter.SIDECAR))) {
      kerascopeLayers(dir.resolve(dev.kerascope.train.SavedModelExporter.SIDECAR));
      layerFunction = null;
      return;
    }
    // TF1 graphs (no functions): layers recovered from their op scopes, fetched straight from the loaded graph.
    List<GraphLayerRecovery.RecoveredLayer> tf1 = Tf1LayerRecovery.layers(meta, signatureKey);
    if (!tf1.isEmpty()) {
      tf1.forEach(l -> layers.put(l.name(), l));
      tf1.forEach(l -> layerOutputs.put(l.name(), bundle.graph().operation(l.outputNode()).output(0)));
      layerFunction = null;
      return;
    }
    boolean keras2 = Files.isRegularFile(dir.resolve("keras_metadata.pb")) || hasKerasUserObjects(meta);
    var recovered = GraphLayerRecovery.layers(meta, !keras2);
    layerFunction = recovered.map(GraphLayerRecovery.Recovered::function).orElse(null);
    recovered.ifPresent(r -> {
      for (GraphLayerRecovery.RecoveredLayer l : r.layers()) {
        GraphOperation op = inlinedOp(r.function(), l.outputNode());
        if (op != null) {
          layers.put(l.name(), l);
          layerOutputs.put(l.name(), op.output(0));
        }
      }
    });
  }

  /** kerascope's own exports name every layer's output in their sidecar ({@code conv1/output:0}). */
  private void kerascopeLayers(Path sidecar) {
    try {
      var root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(sidecar.toFile());
      var arch = dev.kerascope.arch.ArchitectureJson.parse(root.get("architecture").toString(), sidecar.toString());
      for (var l : arch.layers()) {
        String tensor = root.path("layer_outputs").path(l.name()).asText(dev.kerascope.graph.ModelGraph.outputName(l.name()) + ":0");
        String node = SavedModelInspector.nodeName(tensor);
        GraphOperation op = bundle.graph().operation(node);
        if (op != null && !(l instanceof dev.kerascope.arch.Layer.InputLayer)) {
          Map<String, String> reads = new LinkedHashMap<>();
          for (String role : List.of("kernel", "bias")) {
            if (bundle.graph().operation(l.name() + "/" + role) != null) {
              reads.put(role, l.name() + "/" + role);
            }
          }
          layers.put(l.name(), new GraphLayerRecovery.RecoveredLayer(l.name(), l.className(), node, null, 0, true, List.of(), reads));
          layerOutputs.put(l.name(), op.output(0));
        }
      }
    } catch (java.io.IOException e) {
      throw BadInputException.inFile(sidecar, "unreadable kerascope record (" + e.getMessage() + ")");
    }
  }

  static boolean takesImages(TensorInfo in) {
    if (in.getDtype() != org.tensorflow.proto.DataType.DT_FLOAT || in.getTensorShape().getUnknownRank()) {
      return false;
    }
    var dims = in.getTensorShape().getDimList();
    if (dims.size() == 2) {
      long n = dims.get(1).getSize();
      long side = (long) Math.sqrt(n);
      return n > 1 && side * side == n;
    }
    return dims.size() == 3 || dims.size() == 4;
  }

  static List<String> imageSignatures(MetaGraphDef meta) {
    List<String> out = new ArrayList<>();
    meta.getSignatureDefMap().forEach((k, v) -> {
      if (v.getInputsCount() == 1 && takesImages(v.getInputsMap().values().iterator().next())) {
        out.add(k);
      }
    });
    java.util.Collections.sort(out);
    return out.isEmpty() ? List.of("none") : out;
  }

  private static boolean hasKerasUserObjects(MetaGraphDef meta) {
    return meta.getObjectGraphDef().getNodesList().stream()
        .anyMatch(n -> n.hasUserObject() && n.getUserObject().getIdentifier().startsWith("_tf_keras"));
  }

  /** Opens the SavedModel in {@code dir} and inlines its signature (default {@code serving_default}). */
  public static SavedModelWalker open(Path dir, Set<String> tags, String signatureKey) {
    SavedModelBundle bundle;
    try {
      bundle = SavedModelBundle.load(dir.toString(), tags.toArray(new String[0]));
    } catch (TensorFlowException e) {
      throw BadInputException.inFile(dir, "TensorFlow cannot load it: " + firstLine(e.getMessage()));
    }
    try {
      return new SavedModelWalker(dir, bundle, signatureKey);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }

  /** The op that node {@code name} of {@code function} became in the graph. */
  GraphOperation inlinedOp(String function, String name) {
    if (inlinedOps == null) {
      inlinedOps = new HashMap<>();
      inliner.nodes().values().stream().filter(n -> n.op() != null)
          .forEach(n -> inlinedOps.putIfAbsent(n.function() + "\u0000" + n.def().getName(), n.op()));
    }
    return inlinedOps.get(function + "\u0000" + name);
  }

  /** Copied ops by function and node name, indexed once: the copy does not change after opening. */
  private Map<String, GraphOperation> inlinedOps;

  /** Keras layer names in graph order; the output of each can be fetched. */
  public List<String> layerNames() {
    return List.copyOf(layerOutputs.keySet());
  }

  public GraphLayerRecovery.RecoveredLayer layer(String name) {
    GraphLayerRecovery.RecoveredLayer l = layers.get(name);
    if (l == null) {
      throw new BadInputException("no layer '" + name + "' in " + dir + " (layers: " + String.join(", ", layerNames()) + ")");
    }
    return l;
  }

  /** The input shape the signature declares, -1 for the batch. */
  public long[] inputShape() {
    return inputShape.clone();
  }

  /** The ops of the layer-holding function as copied into the graph, by their name in the function. */
  public Map<String, GraphOperation> layerFunctionOps() {
    Map<String, GraphOperation> out = new LinkedHashMap<>();
    inliner.nodes().values().stream().filter(n -> n.function().equals(layerFunction) && n.op() != null)
        .forEach(n -> out.put(n.def().getName(), n.op()));
    return out;
  }

  /** Runs the batch once and returns the named outputs (layer names, or {@code signature:KEY}). */
  public Map<String, LayerTensor> fetch(float[] images, int n, List<String> names) {
    List<Output<?>> outputs = new ArrayList<>();
    for (String name : names) {
      outputs.add(output(name));
    }
    return fetchOutputs(images, n, names, outputs);
  }

  /** Runs a model with several inputs: values per signature input key, each {@code n} rows of its declared shape. */
  public Map<String, LayerTensor> fetchInputs(Map<String, float[]> values, int n, List<String> names) {
    List<TFloat32> fed = new ArrayList<>();
    try {
      Session.Runner r = bundle.session().runner();
      for (var e : inputs.entrySet()) {
        float[] v = values.get(e.getKey());
        if (v == null) {
          throw new BadInputException("no values for input '" + e.getKey() + "' (inputs: " + String.join(", ", inputs.keySet()) + ")");
        }
        long[] shape = e.getValue().getTensorShape().getDimList().stream().mapToLong(d -> d.getSize()).toArray();
        shape[0] = n;
        TFloat32 t = Tensors.floats(v, shape);
        fed.add(t);
        r.feed(e.getValue().getName(), t);
      }
      List<Output<?>> outs = new ArrayList<>();
      names.forEach(name -> outs.add(fetchable(output(name))));
      outs.forEach(r::fetch);
      Map<String, LayerTensor> out = new LinkedHashMap<>();
      try (Result result = r.run()) {
        for (int i = 0; i < names.size(); i++) {
          out.put(names.get(i), new LayerTensor(names.get(i), result.get(i).shape().asArray(), Tensors.toFloats(result.get(i))));
        }
      }
      return out;
    } catch (TensorFlowException e) {
      throw BadInputException.inFile(dir, "TensorFlow cannot run it: " + firstLine(e.getMessage()));
    } finally {
      fed.forEach(TFloat32::close);
    }
  }

  /** Activation ops whose input is the layer's pre-activation value ({@code --raw}). */
  private static final Set<String> ACTIVATIONS = Set.of("Relu", "Relu6", "Softmax", "Sigmoid", "Tanh", "Elu", "Selu", "LeakyRelu");

  /**
   * What a name fetches: a layer ({@code conv1}), its pre-activation ({@code conv1:raw}, the
   * Conv2D + BiasAdd before the ReLU), a signature output ({@code signature:dense_1}), or any
   * graph tensor by name ({@code tensor:y:0}, for TF1 graphs).
   */
  private Output<?> output(String name) {
    if (name.startsWith("signature:")) {
      Output<?> o = signatureOutputs.get(name.substring(10));
      if (o == null) {
        throw new BadInputException("signature has no output '" + name.substring(10) + "' (outputs: " + String.join(", ", signatureOutputs.keySet()) + ")");
      }
      return o;
    }
    if (name.startsWith("tensor:")) {
      String t = name.substring(7);
      GraphOperation op = bundle.graph().operation(SavedModelInspector.nodeName(t));
      if (op == null) {
        throw BadInputException.inFile(dir, "has no tensor " + t);
      }
      int index = t.contains(":") ? Integer.parseInt(t.substring(t.indexOf(':') + 1)) : 0;
      if (index >= op.numOutputs()) {
        throw BadInputException.inFile(dir, "op " + op.name() + " has no output " + index);
      }
      return op.output(index);
    }
    if (name.endsWith(":raw")) {
      Output<?> out = layerOutputs.get(layer(name.substring(0, name.length() - 4)).name());
      GraphOperation op = (GraphOperation) out.op();
      while (op.type().equals("Identity") && op.numInputs() == 1) {
        op = (GraphOperation) op.input(0).op();
      }
      return ACTIVATIONS.contains(op.type()) ? op.input(0) : out;
    }
    return layerOutputs.get(layer(name).name());
  }

  /** Runs the batch and returns arbitrary graph outputs under the given names. */
  public Map<String, LayerTensor> fetchOutputs(float[] images, int n, List<String> names, List<Output<?>> outputs) {
    if (inputs.size() != 1) {
      throw new BadInputException(dir + " takes " + inputs.size() + " inputs (" + String.join(", ", inputs.keySet())
          + "); feed them by name");
    }
    long[] shape = flatInput ? new long[] {n, inputShape[1] * inputShape[2]} : inputShape.clone();
    shape[0] = n;
    long per = 1;
    for (int i = 1; i < shape.length; i++) {
      per *= shape[i];
    }
    if ((long) images.length < n * per) {
      throw new IllegalArgumentException("expected " + n * per + " input values, got " + images.length);
    }
    Map<String, LayerTensor> out = new LinkedHashMap<>();
    float[] fed = images.length == n * per ? images : java.util.Arrays.copyOf(images, (int) (n * per));
    try (TFloat32 x = Tensors.floats(fed, shape)) {
      Session.Runner r = bundle.session().runner().feed(inputTensor, x);
      // Each distinct tensor is fetched once (a layer without activation is its own ":raw").
      List<Output<?>> distinct = new ArrayList<>();
      int[] slot = new int[outputs.size()];
      for (int i = 0; i < outputs.size(); i++) {
        Output<?> f = fetchable(outputs.get(i));
        int at = distinct.indexOf(f);
        if (at < 0) {
          at = distinct.size();
          distinct.add(f);
          r.fetch(f);
        }
        slot[i] = at;
      }
      try (Result result = r.run()) {
        for (int i = 0; i < names.size(); i++) {
          Tensor t = result.get(slot[i]);
          out.put(names.get(i), new LayerTensor(names.get(i), t.shape().asArray(), Tensors.toFloats(t)));
        }
      }
    } catch (TensorFlowException e) {
      throw BadInputException.inFile(dir, "TensorFlow cannot run it: " + firstLine(e.getMessage()));
    }
    return out;
  }

  /**
   * An Identity reading {@code o}, made once per tensor, which is what gets fetched. With oneDNN,
   * TensorFlow fuses chains such as Conv2D → BiasAdd → LeakyRelu in the whole graph before it prunes
   * for the fetches, and a fetched BiasAdd that has no other consumer vanishes ("not found in the
   * Graph"); a second consumer keeps it. It also lets the fed input itself be fetched.
   */
  private Output<?> fetchable(Output<?> o) {
    return guards.computeIfAbsent(o, k -> ops.withName(FunctionInliner.PREFIX + "_fetch_" + guards.size()).identity((Output) k).asOutput());
  }

  private final Map<Output<?>, Output<?>> guards = new HashMap<>();

  /** The signature's own outputs computed by TensorFlow's function call, without the walker's copy. */
  public Map<String, LayerTensor> callSignature(float[] images, int n) {
    long[] shape = flatInput ? new long[] {n, inputShape[1] * inputShape[2]} : inputShape.clone();
    shape[0] = n;
    Map<String, LayerTensor> out = new LinkedHashMap<>();
    try (TFloat32 x = Tensors.floats(images, shape)) {
      Session.Runner r = bundle.session().runner().feed(inputTensor, x);
      List<String> keys = new ArrayList<>(signature.getOutputsMap().keySet());
      keys.forEach(k -> r.fetch(signature.getOutputsMap().get(k).getName()));
      try (Result result = r.run()) {
        for (int i = 0; i < keys.size(); i++) {
          out.put(keys.get(i), new LayerTensor(keys.get(i), result.get(i).shape().asArray(), Tensors.toFloats(result.get(i))));
        }
      }
    } catch (TensorFlowException e) {
      throw BadInputException.inFile(dir, "TensorFlow cannot run it: " + firstLine(e.getMessage()));
    }
    return out;
  }

  /** A layer's weights by Keras's short names ({@code kernel}: HWIO for Conv2D, {@code bias}, {@code gamma}, ...). */
  public Map<String, LayerTensor> weights(String layerName) {
    GraphLayerRecovery.RecoveredLayer l = layer(layerName);
    List<String> names = new ArrayList<>(l.weightReads().keySet());
    Session.Runner r = bundle.session().runner();
    for (String n : names) {
      String node = l.weightReads().get(n);
      GraphOperation op = layerFunction == null ? bundle.graph().operation(node) : inlinedOp(layerFunction, node);
      r.fetch(fetchable(op.output(0)));
    }
    Map<String, LayerTensor> out = new LinkedHashMap<>();
    if (names.isEmpty()) {
      return out;
    }
    try (Result result = r.run()) {
      for (int i = 0; i < names.size(); i++) {
        out.put(names.get(i), new LayerTensor(layerName + "/" + names.get(i), result.get(i).shape().asArray(), Tensors.toFloats(result.get(i))));
      }
    } catch (TensorFlowException e) {
      throw BadInputException.inFile(dir, "TensorFlow cannot read the weights of " + layerName + ": " + firstLine(e.getMessage()));
    }
    return out;
  }

  public List<String> signatureOutputKeys() {
    return List.copyOf(signatureOutputs.keySet());
  }

  @Override
  public void close() {
    bundle.close();
  }
}
