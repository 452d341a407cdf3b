package dev.kerascope.walker;

import dev.kerascope.arch.Layer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.graph.Tensors;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.precision.Precision;
import dev.kerascope.precision.Sessions;
import dev.kerascope.record.KerascopeRecord;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.savedmodel.GraphLayerRecovery;
import dev.kerascope.savedmodel.SavedModelFiles;
import dev.kerascope.savedmodel.SavedModelInspector;
import dev.kerascope.savedmodel.SavedModelSummaries;
import dev.kerascope.savedmodel.TensorRef;
import dev.kerascope.savedmodel.Tf1LayerRecovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

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
  /** Every input of the signature by key, in key order (models with several inputs are fed by name). */
  private final Map<String, InputSpec> inputs = new LinkedHashMap<>();
  private final BatchRunner runner;
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
    for (var e : new TreeMap<>(signature.getInputsMap()).entrySet()) {
      InputSpec spec = InputSpec.of(e.getKey(), e.getValue());
      if (e.getValue().getTensorShape().getUnknownRank()) {
        throw BadInputException.inFile(dir, "signature '" + signatureKey + "' input '" + e.getKey() + "' has no known rank;"
            + " signatures that take images: " + String.join(", ", imageSignatures(meta)));
      }
      GraphOperation op = bundle.graph().operation(SavedModelInspector.nodeName(spec.tensorName()));
      if (op == null) {
        throw BadInputException.inFile(dir, "signature '" + signatureKey + "' feeds " + spec.tensorName() + ", which the graph lacks");
      }
      inputs.put(e.getKey(), spec);
    }
    if (inputs.isEmpty()) {
      throw BadInputException.inFile(dir, "signature '" + signatureKey + "' takes no input");
    }
    runner = new BatchRunner(dir, bundle.session(), List.copyOf(inputs.values()));
    Map<String, FunctionDef> library = new HashMap<>();
    meta.getGraphDef().getLibrary().getFunctionList().forEach(f -> library.put(f.getSignature().getName(), f));
    inliner = new FunctionInliner(bundle.graph(), library);
    ops = org.tensorflow.op.Ops.create(bundle.graph());
    Map<String, NodeDef> nodes = new HashMap<>();
    meta.getGraphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
    Map<String, List<Output<?>>> inlinedCalls = new HashMap<>();
    for (var e : signature.getOutputsMap().entrySet()) {
      String name = e.getValue().getName();
      TensorRef ref = TensorRef.parse(name);
      NodeDef call = nodes.get(ref.node());
      int index = ref.index();
      String callee = call == null ? null : inliner.callee(call);
      if (callee == null) {
        // A TF1 graph: the output is an ordinary node of the graph.
        GraphOperation op = bundle.graph().operation(ref.node());
        if (op == null || index >= op.numOutputs()) {
          throw BadInputException.inFile(dir, "signature '" + signatureKey + "' output '" + e.getKey() + "' names " + name
              + ", which the graph lacks");
        }
        signatureOutputs.put(e.getKey(), op.output(index));
        continue;
      }
      List<Output<?>> outs = inlinedCalls.computeIfAbsent(call.getName(), k -> {
        List<Output<?>> args = new ArrayList<>();
        for (String input : call.getInputList()) {
          TensorRef arg = TensorRef.parse(input);
          if (!arg.control()) {
            GraphOperation from = bundle.graph().operation(arg.node());
            if (from == null || arg.index() >= from.numOutputs()) {
              throw BadInputException.inFile(dir, "node " + call.getName() + " reads " + input + ", which the graph lacks");
            }
            args.add(from.output(arg.index()));
          }
        }
        return inliner.inline(callee, args, FunctionInliner.PREFIX + "/" + call.getName());
      });
      signatureOutputs.put(e.getKey(), outs.get(index));
    }
    Optional<KerascopeRecord> record = KerascopeRecord.read(dir);
    if (record.isPresent()) {
      kerascopeLayers(record.get());
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

  /** kerascope's own exports name every layer's output in their record ({@code conv1/output:0}). */
  private void kerascopeLayers(KerascopeRecord record) {
    if (record.isConverted()) {
      convertedLayers(record.converted().path("layers"));
      return;
    }
    for (Layer l : record.architecture().layers()) {
      String node = SavedModelInspector.nodeName(record.layerOutputs().get(l.name()));
      GraphOperation op = bundle.graph().operation(node);
      if (op != null && !(l instanceof Layer.InputLayer)) {
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
  }

  /** A converted Keras file's sidecar lists each layer with its class, output tensor and weight nodes. */
  private void convertedLayers(JsonNode list) {
    for (JsonNode l : list) {
      String name = l.path("name").asText();
      GraphOperation op = bundle.graph().operation(SavedModelInspector.nodeName(l.path("output").asText()));
      if (op == null) {
        continue;
      }
      Map<String, String> reads = new LinkedHashMap<>();
      l.path("weights").fields().forEachRemaining(w -> reads.put(w.getKey(), w.getValue().asText()));
      layers.put(name, new GraphLayerRecovery.RecoveredLayer(name, l.path("class_name").asText(), op.name(), null, 0, true, List.of(), reads));
      layerOutputs.put(name, op.output(0));
    }
  }

  static boolean takesImages(TensorInfo in) {
    return !in.getTensorShape().getUnknownRank() && Tensors.isNumeric(in.getDtype()) && InputSpec.of("", in).image().isPresent();
  }

  /** Signatures whose one input is an image, for messages that suggest another signature. */
  public static List<String> imageSignatures(MetaGraphDef meta) {
    List<String> out = new ArrayList<>();
    meta.getSignatureDefMap().forEach((k, v) -> {
      if (v.getInputsCount() == 1 && takesImages(v.getInputsMap().values().iterator().next())) {
        out.add(k);
      }
    });
    Collections.sort(out);
    return out.isEmpty() ? List.of("none") : out;
  }

  /** The image signatures of this model. */
  public List<String> imageSignatures() {
    return imageSignatures(bundle.metaGraphDef());
  }

  private static boolean hasKerasUserObjects(MetaGraphDef meta) {
    return meta.getObjectGraphDef().getNodesList().stream()
        .anyMatch(n -> n.hasUserObject() && n.getUserObject().getIdentifier().startsWith("_tf_keras"));
  }

  /** Opens the SavedModel in {@code dir} and inlines its signature (default {@code serving_default}). */
  public static SavedModelWalker open(Path dir, Set<String> tags, String signatureKey) {
    return open(dir, tags, signatureKey, Precision.FLOAT32);
  }

  /** As {@link #open(Path, Set, String)}, its session in {@code precision} (figures may use bfloat16; analysis numbers do not). */
  public static SavedModelWalker open(Path dir, Set<String> tags, String signatureKey, Precision precision) {
    if (KerasFiles.isKerasFile(dir)) {
      return ConvertedKerasFile.open(dir, tags, signatureKey);
    }
    dir = SavedModelFiles.locate(dir);
    if (!Files.isDirectory(dir)) {
      throw BadInputException.inFile(dir, "no such SavedModel folder");
    }
    if (!SavedModelFiles.looksLikeSavedModel(dir)) {
      throw BadInputException.inFile(dir, "is a folder without saved_model.pb or saved_model.pbtxt: not a SavedModel");
    }
    // The protos are read and the tag set checked before TensorFlow sees the folder: a bad file or a
    // wrong tag set is a message naming the file, not a native failure.
    SavedModelSummaries.metaGraph(SavedModelFiles.read(dir), dir, tags);
    SavedModelBundle bundle;
    try {
      bundle = Sessions.load(dir.toString(), precision, tags.toArray(new String[0]));
    } catch (TensorFlowException e) {
      throw BadInputException.inFile(dir, "TensorFlow cannot load it: " + firstLine(e.getMessage()));
    }
    try {
      return new SavedModelWalker(dir, bundle, signatureKey);
    } catch (IllegalArgumentException | TensorFlowException e) {
      // FunctionInliner and TensorFlow's op builder refuse malformed function bodies this way.
      bundle.close();
      throw BadInputException.inFile(dir, "its serving function cannot be copied into a walkable graph: " + firstLine(e.getMessage()));
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

  /** The inputs of the signature, in key order. */
  public List<InputSpec> inputs() {
    return List.copyOf(inputs.values());
  }

  /**
   * The single image input's shape as NHWC or NHW, -1 for the batch (a flat square input of 784 is
   * given as {@code [-1, 28, 28]}). Refused for models whose inputs are not one image.
   */
  public long[] inputShape() {
    InputSpec in = singleInput();
    long[] s = in.shape();
    return in.image().filter(InputSpec.ImageGeometry::flat).map(g -> new long[] {s[0], g.rows(), g.cols()}).orElse(s);
  }

  private InputSpec singleInput() {
    if (inputs.size() != 1) {
      throw new BadInputException(dir + " takes " + inputs.size() + " inputs (" + String.join(", ", inputs.keySet())
          + "); feed them by name");
    }
    return inputs.values().iterator().next();
  }

  /** {@code n} rows of values for the single input, its declared shape with the batch set to {@code n}. */
  private Map<String, Feed> feedOf(float[] values, int n) {
    InputSpec in = singleInput();
    long[] shape = in.shape();
    shape[0] = n;
    for (long d : shape) {
      if (d < 1) {
        throw new BadInputException(dir + ": input " + in.describe() + " has free dimensions; give the full shape");
      }
    }
    long count = Feed.count(shape);
    if (values.length < count) {
      throw new IllegalArgumentException("expected " + count + " input values, got " + values.length);
    }
    return Map.of(in.key(), Feed.floats(values.length == count ? values : Arrays.copyOf(values, (int) count), shape));
  }

  /** An in-model rescaling of the input (a Rescaling or Normalization layer, {@code x / 255} in the graph), if any. */
  public Optional<String> inputRescaling() {
    InputSpec in = singleInput();
    Map<GraphOperation, String> original = new HashMap<>();
    inliner.nodes().values().stream().filter(n -> n.op() != null).forEach(n -> original.putIfAbsent(n.op(), n.def().getName()));
    return InputRescaling.find(bundle.graph().operation(SavedModelInspector.nodeName(in.tensorName())),
        op -> original.getOrDefault(op, op.name()));
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
    return fetch(feedOf(images, n), names);
  }

  /** Runs a model with several inputs: values per signature input key, each {@code n} rows of its declared shape. */
  public Map<String, LayerTensor> fetchInputs(Map<String, float[]> values, int n, List<String> names) {
    Map<String, Feed> feeds = new LinkedHashMap<>();
    for (InputSpec in : inputs.values()) {
      float[] v = values.get(in.key());
      if (v == null) {
        throw new BadInputException("no values for input '" + in.key() + "' (inputs: " + String.join(", ", inputs.keySet()) + ")");
      }
      long[] shape = in.shape();
      shape[0] = n;
      feeds.put(in.key(), Feed.floats(v, shape));
    }
    return fetch(feeds, names);
  }

  /** Runs the feeds (one per input key, any numeric data, any batch) and returns the named outputs. */
  public Map<String, LayerTensor> fetch(Map<String, Feed> feeds, List<String> names) {
    List<Output<?>> outputs = new ArrayList<>();
    for (String name : names) {
      outputs.add(output(name));
    }
    return fetchOutputs(feeds, names, outputs);
  }

  /** Runs the batch and returns arbitrary graph outputs under the given names. */
  public Map<String, LayerTensor> fetchOutputs(float[] images, int n, List<String> names, List<Output<?>> outputs) {
    return fetchOutputs(feedOf(images, n), names, outputs);
  }

  private Map<String, LayerTensor> fetchOutputs(Map<String, Feed> feeds, List<String> names, List<Output<?>> outputs) {
    // Each distinct tensor is fetched once (a layer without activation is its own ":raw").
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
    List<LayerTensor> got = runner.run(feeds, distinct, distinctNames);
    Map<String, LayerTensor> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      LayerTensor t = got.get(slot[i]);
      out.put(names.get(i), new LayerTensor(names.get(i), t.shape(), t.values()));
    }
    return out;
  }

  /** The signature's own outputs computed by TensorFlow's function call, without the walker's copy. */
  public Map<String, LayerTensor> callSignature(float[] images, int n) {
    return callSignature(feedOf(images, n));
  }

  /** As {@link #callSignature(float[], int)} for any feeds; outputs that are not numeric (strings) are left out. */
  public Map<String, LayerTensor> callSignature(Map<String, Feed> feeds) {
    List<String> keys = new ArrayList<>();
    List<Output<?>> outs = new ArrayList<>();
    for (var e : signature.getOutputsMap().entrySet()) {
      if (Tensors.isNumeric(e.getValue().getDtype())) {
        String name = e.getValue().getName();
        TensorRef ref = TensorRef.parse(name);
        keys.add(e.getKey());
        outs.add(bundle.graph().operation(ref.node()).output(ref.index()));
      }
    }
    List<LayerTensor> got = runner.run(feeds, outs, keys);
    Map<String, LayerTensor> out = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      out.put(keys.get(i), got.get(i));
    }
    return out;
  }

  /**
   * The graph tensor a fetch name denotes (as {@link #fetch}: a layer, {@code conv1:raw}, {@code signature:KEY},
   * {@code tensor:NAME}), for code that adds ops on top of the model (gradients).
   */
  public Output<?> tensor(String name) {
    return output(name);
  }

  /** The loaded graph; ops added to it run in {@link #session()} (TensorFlow extends the session's graph on the next run). */
  public org.tensorflow.Graph graph() {
    return bundle.graph();
  }

  /** The model's session, for runs that feed tensors other than the signature's inputs (a layer's output, to perturb it). */
  public Session session() {
    return bundle.session();
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
      TensorRef ref;
      try {
        ref = TensorRef.parse(t);
      } catch (IllegalArgumentException e) {
        throw new BadInputException("'" + t + "' is not a tensor name such as y:0");
      }
      GraphOperation op = bundle.graph().operation(ref.node());
      if (op == null) {
        throw BadInputException.inFile(dir, "has no tensor " + t);
      }
      int index = ref.index();
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

  /** The shape the signature declares for an output, -1 for free dimensions; null when its rank is unknown. */
  public long[] signatureOutputShape(String key) {
    TensorInfo t = signature.getOutputsMap().get(key);
    return t == null || t.getTensorShape().getUnknownRank() ? null : InputSpec.of(key, t).shape();
  }

  public boolean signatureOutputIsFloat(String key) {
    TensorInfo t = signature.getOutputsMap().get(key);
    return t != null && (t.getDtype() == DataType.DT_FLOAT || t.getDtype() == DataType.DT_DOUBLE);
  }

  /** A folder (a converted Keras file's) to delete once the model is closed. */
  void deleteOnClose(Path folder) {
    temporary = folder;
  }

  private Path temporary;

  @Override
  public void close() {
    bundle.close();
    if (temporary != null) {
      AtomicFiles.deleteQuietly(temporary);
    }
  }
}
