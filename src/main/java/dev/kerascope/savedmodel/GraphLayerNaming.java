package dev.kerascope.savedmodel;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.NodeDef;

/**
 * What a layer scope of a serving function says about its Keras layer: its name (from a variable or the scope, without
 * Keras 3's extra trace suffix), its class (from its ops), its output node and which call of a shared layer it is.
 */
final class GraphLayerNaming {
    private GraphLayerNaming() {}

    /** "MatMul_1" is the second call when "MatMul" exists too; "MatMul" the first. */
    static int callIndex(String op, Set<String> bases) {
        int u = op.lastIndexOf('_');
        if (u > 0 && op.substring(u + 1).matches("\\d+") && bases != null && bases.contains(op.substring(0, u))) {
            return Integer.parseInt(op.substring(u + 1));
        }
        return 0;
    }

    /** The scope's last computing node: the layer's output when nothing outside the scope consumes it. */
    static String lastNode(FunctionDef body, String scope, Map<String, String> scopeOfNode) {
        String last = null;
        for (NodeDef n : body.getNodeDefList()) {
            if (scope.equals(scopeOfNode.get(n.getName()))
                    && !n.getOp().equals("Const")
                    && !n.getOp().equals("ReadVariableOp")) {
                last = n.getName();
            }
        }
        return last;
    }

    /** "sequential/conv2d/kernel" or "conv2d/kernel" → "conv2d". */
    static String layerOfVariable(String variableName, String scope) {
        String[] seg = variableName.split("/");
        return seg.length >= 2 ? seg[seg.length - 2] : stripSuffix(scope);
    }

    /** Keras 3 traces twice, so every scope carries one extra "_N": conv2d_1 → conv2d, conv2d_1_2 → conv2d_1. */
    static String stripSuffix(String scope) {
        return scope.matches(".*_\\d+$") ? scope.substring(0, scope.lastIndexOf('_')) : scope;
    }

    static String className(Set<String> ops, List<Integer> shape) {
        if (ops.contains("Conv2D")) {
            return "Conv2D";
        }
        if (ops.contains("DepthwiseConv2dNative")) {
            return "DepthwiseConv2D";
        }
        if (ops.contains("MatMul")) {
            return "Dense";
        }
        if (ops.contains("MaxPool")) {
            return "MaxPooling2D";
        }
        if (ops.contains("AvgPool")) {
            return "AveragePooling2D";
        }
        if (ops.stream().anyMatch(o -> o.startsWith("FusedBatchNorm"))) {
            return "BatchNormalization";
        }
        if (ops.contains("ConcatV2")) {
            return "Concatenate";
        }
        if (ops.contains("Mean")) {
            return "GlobalAveragePooling2D";
        }
        if (ops.contains("LeakyRelu")) {
            return "LeakyReLU";
        }
        if (ops.equals(Set.of("Reshape"))) {
            return shape != null && shape.size() == 2 ? "Flatten" : "Reshape";
        }
        if (ops.contains("Mul") && (ops.contains("AddV2") || ops.contains("Add"))) {
            return "Rescaling";
        }
        if (ops.size() == 1
                && Set.of("Relu", "Softmax", "Sigmoid", "Tanh", "Elu", "Selu").containsAll(ops)) {
            return "Activation";
        }
        return "Layer";
    }
}
