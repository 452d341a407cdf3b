package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.GraphNodes.ints;
import static dev.kerascope.savedmodel.GraphNodes.node;
import static dev.kerascope.savedmodel.GraphNodes.shapeAttr;
import static dev.kerascope.savedmodel.GraphNodes.text;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.VariableDef;

/** A TF1 GraphDef written node by node the way tf.layers names them, with a predict signature. */
final class Tf1Graph {
    private final GraphDef.Builder graph = GraphDef.newBuilder();
    private final SignatureDef.Builder signature =
            SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
    private final CollectionDef.BytesList.Builder trainable = CollectionDef.BytesList.newBuilder();
    private boolean hasTrainable;

    /** A float Placeholder that is the signature's input {@code key}. */
    Tf1Graph input(String key, String name, long... dims) {
        graph.addNode(node(name, "Placeholder"));
        signature.putInputs(
                key,
                TensorInfo.newBuilder()
                        .setName(name + ":0")
                        .setDtype(DataType.DT_FLOAT)
                        .setTensorShape(SyntheticSavedModel.shape(dims))
                        .build());
        return this;
    }

    /** Makes an existing node's output the signature's input {@code key} (any tensor can be fed). */
    Tf1Graph feeds(String key, String name, long... dims) {
        signature.putInputs(
                key,
                TensorInfo.newBuilder()
                        .setName(name + ":0")
                        .setDtype(DataType.DT_FLOAT)
                        .setTensorShape(SyntheticSavedModel.shape(dims))
                        .build());
        return this;
    }

    /** A VariableV2 with its {@code /read} Identity, as tf.get_variable writes it. */
    Tf1Graph variable(String name, long... dims) {
        graph.addNode(node(name, "VariableV2").putAttr("shape", shapeAttr(dims)));
        graph.addNode(node(name + "/read", "Identity", name));
        return this;
    }

    /** Lists the variable in the {@code trainable_variables} collection. */
    Tf1Graph trainable(String variable) {
        hasTrainable = true;
        trainable.addValue(VariableDef.newBuilder()
                .setVariableName(variable + ":0")
                .build()
                .toByteString());
        return this;
    }

    Tf1Graph op(String name, String op, String... inputs) {
        graph.addNode(node(name, op, inputs));
        return this;
    }

    Tf1Graph add(NodeDef n) {
        graph.addNode(n);
        return this;
    }

    Tf1Graph conv(String name, String op, String x, String kernel, String padding) {
        graph.addNode(
                node(name, op, x, kernel).putAttr("strides", ints(1, 1, 1, 1)).putAttr("padding", text(padding)));
        return this;
    }

    Tf1Graph pool(String name, String op, String x) {
        graph.addNode(node(name, op, x)
                .putAttr("ksize", ints(1, 2, 2, 1))
                .putAttr("strides", ints(1, 2, 2, 1))
                .putAttr("padding", text("VALID")));
        return this;
    }

    Tf1Graph constInts(String name, int... values) {
        graph.addNode(GraphNodes.int32Const(name, values));
        return this;
    }

    Tf1Graph output(String key, String tensor) {
        signature.putOutputs(
                key,
                TensorInfo.newBuilder()
                        .setName(tensor)
                        .setDtype(DataType.DT_FLOAT)
                        .build());
        return this;
    }

    MetaGraphDef meta() {
        MetaGraphDef.Builder m =
                MetaGraphDef.newBuilder().setGraphDef(graph).putSignatureDef("predict", signature.build());
        if (hasTrainable) {
            m.putCollectionDef(
                    "trainable_variables",
                    CollectionDef.newBuilder().setBytesList(trainable).build());
        }
        return m.build();
    }

    static AttrValue bool(boolean b) {
        return AttrValue.newBuilder().setB(b).build();
    }
}
