package dev.kerascope.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/** Keras's activation functions by the names its configs use, as TensorFlow ops. */
final class Activations {
    static final List<String> SUPPORTED = List.of(
            "linear",
            "relu",
            "sigmoid",
            "tanh",
            "softmax",
            "elu",
            "selu",
            "gelu",
            "swish",
            "silu",
            "leaky_relu",
            "hard_sigmoid",
            "relu6",
            "softplus",
            "softsign",
            "exponential");

    private Activations() {}

    /**
     * The name of a config's activation: a string, Keras 3's {@code {"class_name": "function", "config": "relu"}} for a
     * built-in, or null (linear); anything else is a custom function.
     */
    static String name(JsonNode activation) {
        if (activation == null || activation.isNull() || activation.isMissingNode()) {
            return "linear";
        }
        if (activation.isTextual()) {
            return activation.asText().toLowerCase(Locale.ROOT);
        }
        JsonNode config = activation.path("config");
        return config.isTextual() ? config.asText().toLowerCase(Locale.ROOT) : activation.toString();
    }

    static boolean supported(String name) {
        return SUPPORTED.contains(name);
    }

    /**
     * Applies one activation. {@code keras3} matters for hard_sigmoid: Keras 3 defines it as relu6(x + 3) / 6, tf.keras
     * 2 as clip(0.2 x + 0.5, 0, 1).
     */
    static Operand<TFloat32> apply(Ops s, Operand<TFloat32> x, String name, boolean keras3) {
        return switch (name) {
            case "linear" -> x;
            case "relu" -> s.withName("Relu").nn.relu(x);
            case "sigmoid" -> s.withName("Sigmoid").math.sigmoid(x);
            case "tanh" -> s.withName("Tanh").math.tanh(x);
            case "softmax" -> s.withName("Softmax").nn.softmax(x);
            case "elu" -> s.withName("Elu").nn.elu(x);
            case "selu" -> s.withName("Selu").nn.selu(x);
            case "relu6" -> s.withName("Relu6").nn.relu6(x);
            case "softplus" -> s.withName("Softplus").math.softplus(x);
            case "softsign" -> s.withName("Softsign").nn.softsign(x);
            case "exponential" -> s.withName("Exp").math.exp(x);
                // Keras's gelu defaults to the exact form: 0.5 x (1 + erf(x / sqrt 2))
            case "gelu" -> s.withName("Gelu")
                    .math
                    .mul(s.math.mul(x, c(s, 0.5f)), s.math.add(c(s, 1f), s.math.erf(s.math.mul(x, c(s, (float)
                            (1 / Math.sqrt(2)))))));
            case "swish", "silu" -> s.withName("Swish").math.mul(x, s.math.sigmoid(x));
                // keras.activations.leaky_relu's default slope is 0.2 (the layer's is 0.3)
            case "leaky_relu" -> s.withName("LeakyRelu").nn.leakyRelu(x, LeakyRelu.alpha(0.2f));
            case "hard_sigmoid" -> keras3
                    ? s.withName("HardSigmoid").math.div(s.nn.relu6(s.math.add(x, c(s, 3f))), c(s, 6f))
                    : s.withName("HardSigmoid")
                            .clipByValue(s.math.add(s.math.mul(x, c(s, 0.2f)), c(s, 0.5f)), c(s, 0f), c(s, 1f));
            default -> throw new IllegalArgumentException("activation " + name);
        };
    }

    static Operand<TFloat32> c(Ops s, float v) {
        return s.constant(v);
    }
}
