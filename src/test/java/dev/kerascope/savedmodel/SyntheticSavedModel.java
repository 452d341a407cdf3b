package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedConcreteFunction;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedFunction;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedUserObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.Struct.StructuredValue;
import org.tensorflow.proto.Struct.TensorSpecProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * Writes small SavedModel folders as Keras 2 and Keras 3 write them, for tests: an object graph of user objects (the
 * model, its layers with their {@code layer-N} children), variables, the layers' saved call functions with their output
 * signatures, and the Keras metadata either in {@code keras_metadata.pb} (TF ≥ 2.5) or in the user objects (TF
 * 2.0–2.4).
 */
final class SyntheticSavedModel {
    static final ObjectMapper JSON = new ObjectMapper();

    private final List<SavedObject.Builder> nodes = new ArrayList<>();
    private final Map<Integer, String> identifiers = new LinkedHashMap<>();
    private final Map<Integer, String> metadata = new LinkedHashMap<>();
    private final Map<Integer, String> paths = new LinkedHashMap<>();
    private final SavedObjectGraph.Builder graph = SavedObjectGraph.newBuilder();
    private final MetaGraphDef.Builder meta = MetaGraphDef.newBuilder();
    private int functions;

    /** A user object (node 0 is the root) with Keras metadata JSON, or none when {@code json} is null. */
    int object(String identifier, String path, String json) {
        nodes.add(SavedObject.newBuilder()
                .setUserObject(SavedUserObject.newBuilder().setIdentifier(identifier)));
        int id = nodes.size() - 1;
        identifiers.put(id, identifier);
        paths.put(id, path);
        if (json != null) {
            metadata.put(id, json);
        }
        return id;
    }

    /** A Keras layer under a model as {@code layer-index}, with its metadata; its path extends the model's. */
    int layer(int model, int index, String json) {
        int id = object("_tf_keras_layer", paths.get(model) + ".layer-" + index, json);
        child(model, "layer-" + index, id);
        return id;
    }

    /** A variable, named as Keras names it ("dense/kernel"). */
    int variable(String name, boolean trainable, DataType dtype, long... dims) {
        nodes.add(SavedObject.newBuilder()
                .setVariable(SavedVariable.newBuilder()
                        .setName(name)
                        .setTrainable(trainable)
                        .setDtype(dtype)
                        .setShape(shape(dims))));
        return nodes.size() - 1;
    }

    int variable(String name, boolean trainable, long... dims) {
        return variable(name, trainable, DataType.DT_FLOAT, dims);
    }

    void child(int parent, String localName, int childId) {
        nodes.get(parent)
                .addChildren(
                        ObjectReference.newBuilder().setLocalName(localName).setNodeId(childId));
    }

    /** A {@code variables} list under an object, as Keras 2 layers and models and Keras 3 exports have. */
    void variables(int owner, int... vars) {
        nodes.add(SavedObject.newBuilder()
                .setUserObject(SavedUserObject.newBuilder().setIdentifier("trackable_list_wrapper")));
        int list = nodes.size() - 1;
        for (int i = 0; i < vars.length; i++) {
            child(list, Integer.toString(i), vars[i]);
        }
        child(owner, "variables", list);
    }

    /** The layer's saved {@code __call__}, traced on a tensor whose output has these dims (-1: None). */
    void callFunction(int layer, long... outputDims) {
        callFunction(layer, tensor(outputDims));
    }

    /** A saved {@code __call__} returning a tuple of tensors with these dims. */
    void callFunctionReturningTuple(int layer, long[]... outputs) {
        StructuredValue.Builder tuple = StructuredValue.newBuilder();
        for (long[] dims : outputs) {
            tuple.getTupleValueBuilder().addValues(tensor(dims));
        }
        callFunction(layer, tuple.build());
    }

    private static StructuredValue tensor(long... dims) {
        return StructuredValue.newBuilder()
                .setTensorSpecValue(TensorSpecProto.newBuilder()
                        .setName("unknown")
                        .setShape(shape(dims))
                        .setDtype(DataType.DT_FLOAT))
                .build();
    }

    private void callFunction(int layer, StructuredValue output) {
        String name = "__inference_layer_call_fn_" + (++functions);
        graph.putConcreteFunctions(
                name,
                SavedConcreteFunction.newBuilder().setOutputSignature(output).build());
        nodes.add(
                SavedObject.newBuilder().setFunction(SavedFunction.newBuilder().addConcreteFunctions(name)));
        child(layer, "__call__", nodes.size() - 1);
    }

    /** A function of the graph's library with the object-graph variables bound to its resource inputs. */
    void function(FunctionDef f, int... boundVariables) {
        meta.setGraphDef(meta.getGraphDefBuilder()
                .setLibrary(meta.getGraphDefBuilder().getLibraryBuilder().addFunction(f)));
        SavedConcreteFunction.Builder c = SavedConcreteFunction.newBuilder();
        for (int v : boundVariables) {
            c.addBoundInputs(v);
        }
        graph.putConcreteFunctions(f.getSignature().getName(), c.build());
    }

    MetaGraphDef.Builder meta() {
        return meta;
    }

    static TensorShapeProto shape(long... dims) {
        TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
        for (long d : dims) {
            b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return b.build();
    }

    /**
     * Writes saved_model.pb, and keras_metadata.pb when {@code kerasMetadataFile}, else the metadata in the user
     * objects.
     */
    Path write(Path dir, boolean kerasMetadataFile) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<Integer, String> e : metadata.entrySet()) {
            if (!kerasMetadataFile) {
                nodes.get(e.getKey()).getUserObjectBuilder().setMetadata(e.getValue());
            }
        }
        nodes.forEach(n -> graph.addNodes(n.build()));
        meta.getMetaInfoDefBuilder().addTags("serve").setTensorflowVersion("2.14.0");
        if (!meta.hasGraphDef()) {
            meta.setGraphDef(GraphDef.getDefaultInstance());
        }
        meta.setObjectGraphDef(graph);
        Files.write(
                dir.resolve("saved_model.pb"),
                SavedModel.newBuilder()
                        .setSavedModelSchemaVersion(1)
                        .addMetaGraphs(meta)
                        .build()
                        .toByteArray());
        if (kerasMetadataFile) {
            Files.write(dir.resolve("keras_metadata.pb"), kerasMetadata());
        }
        return dir;
    }

    /**
     * Keras's SavedMetadata: repeated SavedObject nodes = 1 {node_id = 2, node_path = 3, identifier = 4, metadata = 5}.
     */
    private byte[] kerasMetadata() throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(file);
        for (Map.Entry<Integer, String> e : metadata.entrySet()) {
            ByteArrayOutputStream node = new ByteArrayOutputStream();
            CodedOutputStream n = CodedOutputStream.newInstance(node);
            n.writeInt32(2, e.getKey());
            n.writeString(3, paths.get(e.getKey()));
            n.writeString(4, identifiers.get(e.getKey()));
            n.writeString(5, e.getValue());
            n.flush();
            out.writeBytes(1, ByteString.copyFrom(node.toByteArray()));
        }
        out.flush();
        return file.toByteArray();
    }

    /** Layer metadata as Keras writes it: name, class and, when given, the shape it was built with. */
    static String layerMeta(String name, String className, Integer... buildInputShape) {
        ObjectNode o = JSON.createObjectNode().put("name", name).put("class_name", className);
        if (buildInputShape.length > 0) {
            ObjectNode s = o.putObject("build_input_shape").put("class_name", "TensorShape");
            for (Integer d : buildInputShape) {
                s.withArray("items")
                        .add(d == null ? null : JSON.getNodeFactory().numberNode(d));
            }
        }
        return o.toString();
    }

    static SignatureDef.Builder signature() {
        return SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
    }
}
