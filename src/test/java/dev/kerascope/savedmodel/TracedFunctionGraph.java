package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.GraphNodes.node;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedConcreteFunction;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedUserObject;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedVariable;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TrackableObjectGraphOuterClass.TrackableObjectGraph.TrackableObject.ObjectReference;

/**
 * A TF2 SavedModel's MetaGraphDef as tf.saved_model.save writes it: a signature node calling a wrapper function that
 * calls the traced body, whose resource arguments are bound to object-graph variables. Node 0 is the root, which lists
 * the variables under {@code variables}.
 */
final class TracedFunctionGraph {
    private final OpDef.Builder signature = OpDef.newBuilder().setName("__inference_model_20");
    private final FunctionDef.Builder body = FunctionDef.newBuilder();
    private final List<String> resourceArgs = new ArrayList<>();
    private final List<SavedVariable> variables = new ArrayList<>();
    private final SignatureDef.Builder sig = SyntheticSavedModel.signature();
    private String signatureKey = "serving_default";

    TracedFunctionGraph dataArg(String name) {
        signature.addInputArg(OpDef.ArgDef.newBuilder().setName(name).setType(DataType.DT_FLOAT));
        return this;
    }

    TracedFunctionGraph input(String key, long... dims) {
        sig.putInputs(
                key,
                TensorInfo.newBuilder()
                        .setName("serving_default_" + key + ":0")
                        .setDtype(DataType.DT_FLOAT)
                        .setTensorShape(SyntheticSavedModel.shape(dims))
                        .build());
        return this;
    }

    /** A resource argument bound to a new variable of the object graph. */
    TracedFunctionGraph variable(String arg, String name, boolean trainable, long... dims) {
        resourceArgs.add(arg);
        variables.add(SavedVariable.newBuilder()
                .setName(name)
                .setTrainable(trainable)
                .setDtype(DataType.DT_FLOAT)
                .setShape(SyntheticSavedModel.shape(dims))
                .build());
        return this;
    }

    TracedFunctionGraph op(String name, String op, String... inputs) {
        body.addNodeDef(node(name, op, inputs));
        return this;
    }

    TracedFunctionGraph add(NodeDef n) {
        body.addNodeDef(n);
        return this;
    }

    TracedFunctionGraph signatureKey(String key) {
        signatureKey = key;
        return this;
    }

    private static NodeDef call(String name, String function, String... inputs) {
        return node(name, "StatefulPartitionedCall", inputs)
                .putAttr(
                        "f",
                        AttrValue.newBuilder()
                                .setFunc(NameAttrList.newBuilder().setName(function))
                                .build())
                .build();
    }

    MetaGraphDef meta() {
        for (String a : resourceArgs) {
            signature.addInputArg(OpDef.ArgDef.newBuilder().setName(a).setType(DataType.DT_RESOURCE));
        }
        FunctionDef model = body.setSignature(signature).build();
        FunctionDef wrapper = FunctionDef.newBuilder()
                .setSignature(OpDef.newBuilder().setName("__inference_signature_wrapper_30"))
                .addNodeDef(call("StatefulPartitionedCall", model.getSignature().getName()))
                .build();
        SavedObjectGraph.Builder objects = SavedObjectGraph.newBuilder();
        SavedObject.Builder root = SavedObject.newBuilder()
                .setUserObject(SavedUserObject.newBuilder().setIdentifier("_generic_user_object"));
        root.addChildren(ObjectReference.newBuilder().setLocalName("signatures").setNodeId(1));
        root.addChildren(ObjectReference.newBuilder().setLocalName("variables").setNodeId(2));
        objects.addNodes(root);
        objects.addNodes(SavedObject.newBuilder()
                .setUserObject(SavedUserObject.newBuilder().setIdentifier("signature_map")));
        SavedObject.Builder list = SavedObject.newBuilder()
                .setUserObject(SavedUserObject.newBuilder().setIdentifier("list"));
        SavedConcreteFunction.Builder bound = SavedConcreteFunction.newBuilder();
        for (int i = 0; i < variables.size(); i++) {
            list.addChildren(ObjectReference.newBuilder()
                    .setLocalName(Integer.toString(i))
                    .setNodeId(3 + i));
            bound.addBoundInputs(3 + i);
        }
        objects.addNodes(list);
        variables.forEach(v -> objects.addNodes(SavedObject.newBuilder().setVariable(v)));
        objects.putConcreteFunctions(model.getSignature().getName(), bound.build());
        objects.putConcreteFunctions(wrapper.getSignature().getName(), SavedConcreteFunction.getDefaultInstance());
        MetaGraphDef.Builder m = MetaGraphDef.newBuilder().setObjectGraphDef(objects);
        m.getGraphDefBuilder().getLibraryBuilder().addFunction(wrapper).addFunction(model);
        List<String> placeholders = new ArrayList<>();
        sig.getInputsMap().keySet().forEach(k -> placeholders.add("serving_default_" + k));
        placeholders.forEach(p -> m.getGraphDefBuilder().addNode(node(p, "Placeholder")));
        m.getGraphDefBuilder()
                .addNode(call(
                        "StatefulPartitionedCall_1",
                        wrapper.getSignature().getName(),
                        placeholders.toArray(String[]::new)));
        sig.putOutputs(
                "output_0",
                TensorInfo.newBuilder()
                        .setName("StatefulPartitionedCall_1:0")
                        .setDtype(DataType.DT_FLOAT)
                        .build());
        m.putSignatureDef(signatureKey, sig.build());
        m.getGraphDefBuilder().addNode(node("NoOp", "NoOp"));
        m.putSignatureDef(
                "__saved_model_init_op",
                SignatureDef.newBuilder()
                        .putOutputs(
                                "__saved_model_init_op",
                                TensorInfo.newBuilder().setName("NoOp").build())
                        .build());
        return m.build();
    }
}
