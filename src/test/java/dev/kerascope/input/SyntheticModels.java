package dev.kerascope.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.family.TType;

/** Tiny SavedModels written with TensorFlow Java ops, each with one input {@code x} and one output {@code y}. */
final class SyntheticModels {
    private SyntheticModels() {}

    static <T extends TType> Path export(
            Path dir, Class<T> type, Shape shape, BiFunction<Ops, Operand<T>, Operand<?>> body) throws IOException {
        try (Graph g = new Graph();
                Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<T> x = tf.withName("x").placeholder(type, Placeholder.shape(shape));
            Operand<?> y = tf.withName("y").identity((Operand) body.apply(tf, x));
            Signature sig = Signature.builder()
                    .key("serving_default")
                    .input("x", x)
                    .output("y", y)
                    .build();
            SavedModelBundle.exporter(dir.toString())
                    .withTags("serve")
                    .withSession(s)
                    .withSignature(sig)
                    .export();
        }
        return dir;
    }
}
