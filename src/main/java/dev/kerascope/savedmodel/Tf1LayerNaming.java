package dev.kerascope.savedmodel;

import java.util.List;
import java.util.Set;
import org.tensorflow.proto.NodeDef;

/**
 * Keras's names in a TF1 graph: which layer a node's scope makes it part of, the Keras role of each variable a layer
 * reads, and the Keras class its ops compute.
 */
final class Tf1LayerNaming {
    /** Keras's names for a layer's variables: kept as they are when a TF1 variable already has one. */
    private static final Set<String> KERAS_ROLES = Set.of(
            "kernel",
            "bias",
            "gamma",
            "beta",
            "moving_mean",
            "moving_variance",
            "depthwise_kernel",
            "pointwise_kernel",
            "embeddings",
            "alpha");

    private static final List<String> BATCH_NORM_ROLES = List.of("", "gamma", "beta", "moving_mean", "moving_variance");

    /**
     * Layer scope that holds the node; else the node itself when it sits directly in a container; else its first scope
     * below one.
     */
    static String groupKey(String name, Set<String> layerScopes, Set<String> containers) {
        for (String p = parent(name); !p.isEmpty(); p = parent(p)) {
            if (layerScopes.contains(p)) {
                return p;
            }
        }
        String scope = parent(name);
        if (containers.contains(scope)) {
            return name;
        }
        String c = scope;
        while (!containers.contains(c)) {
            c = parent(c);
        }
        String rest = scope.substring(c.isEmpty() ? 0 : c.length() + 1);
        return (c.isEmpty() ? "" : c + "/") + rest.split("/")[0];
    }

    /**
     * Keras's name for a variable: its own when it has one, else from the op reading it, else its last name segment.
     */
    static String role(NodeDef n, int input, String variable, Set<String> taken) {
        String own = variable.substring(variable.lastIndexOf('/') + 1);
        String byOp =
                switch (n.getOp()) {
                    case "Conv2D", "MatMul" -> input == 1 ? "kernel" : own;
                    case "DepthwiseConv2dNative" -> input == 1 ? "depthwise_kernel" : own;
                    case "BiasAdd", "Add", "AddV2" -> "bias";
                    default -> n.getOp().startsWith("FusedBatchNorm") && input < 5 ? BATCH_NORM_ROLES.get(input) : own;
                };
        String role = KERAS_ROLES.contains(own) ? own : byOp;
        return taken.contains(role) ? variable : role;
    }

    static String parent(String name) {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /** Keras's class for what the layer's ops compute. */
    static String className(Set<String> ops, boolean readsVariables, boolean spatialMean, List<Integer> shape) {
        if (ops.contains("Conv2D")) {
            return "Conv2D";
        }
        if (ops.contains("DepthwiseConv2dNative")) {
            return "DepthwiseConv2D";
        }
        if (ops.contains("Conv2DBackpropInput")) {
            return "Conv2DTranspose";
        }
        if (ops.contains("MatMul")) {
            return "Dense";
        }
        if (ops.stream().anyMatch(o -> o.startsWith("FusedBatchNorm")) || ops.contains("Rsqrt") && readsVariables) {
            return "BatchNormalization";
        }
        if (ops.contains("MaxPool")) {
            return "MaxPooling2D";
        }
        if (ops.contains("AvgPool")) {
            return "AveragePooling2D";
        }
        if (ops.contains("RandomUniform")) {
            return "Dropout";
        }
        if (ops.contains("ConcatV2") || ops.contains("Concat")) {
            return "Concatenate";
        }
        if (ops.equals(Set.of("Pad")) || ops.equals(Set.of("MirrorPad"))) {
            return "ZeroPadding2D";
        }
        if (ops.equals(Set.of("Mean")) && spatialMean) {
            return "GlobalAveragePooling2D";
        }
        if (!readsVariables && (ops.equals(Set.of("Add")) || ops.equals(Set.of("AddV2")))) {
            return "Add";
        }
        if (ops.equals(Set.of("Relu")) || ops.equals(Set.of("Relu6"))) {
            return "ReLU";
        }
        if (ops.equals(Set.of("LeakyRelu"))) {
            return "LeakyReLU";
        }
        if (ops.size() == 1
                && Set.of("Softmax", "Sigmoid", "Tanh", "Elu", "Selu", "Softplus")
                        .containsAll(ops)) {
            return "Activation";
        }
        if (Set.of("Reshape", "Squeeze", "ExpandDims").containsAll(ops)) {
            return shape != null && shape.size() == 2 ? "Flatten" : "Reshape";
        }
        return ops.size() == 1 ? ops.iterator().next() : "Layer";
    }

    private Tf1LayerNaming() {}
}
