package dev.kerascope.layers;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Layer;
import dev.kerascope.arch.LayerShape;
import dev.kerascope.arch.Padding;
import dev.kerascope.arch.ShapeInference;
import dev.kerascope.graph.GlorotUniform;
import dev.kerascope.graph.ModelVariable;
import dev.kerascope.graph.TrainableGraph;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.WeightArray;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * kerascope's own architectures as the Sequential special case of the layer graph: an {@link Architecture} becomes a
 * Keras Sequential config with weights of the shapes it implies, and {@link KerasGraphBuilder} builds it like any Keras
 * file, for training and for export. The one addition to Keras's config is explicit convolution padding
 * ({@code "padding": [rows, cols]}, PyTorch's {@code padding=1}), which the builder turns into a Pad op before a VALID
 * convolution.
 */
public final class ArchitectureModel {
    private ArchitectureModel() {}

    /** The architecture as a Keras Sequential config, with zero weights of the shapes it implies. */
    public static KerasFile asKerasFile(Architecture arch) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("class_name", "Sequential");
        ObjectNode config = root.putObject("config");
        config.put("name", arch.modelName());
        ArrayNode layers = config.putArray("layers");
        Map<String, List<WeightArray>> weights = new LinkedHashMap<>();
        int[] in = arch.inputShape();
        for (LayerShape shape : ShapeInference.infer(arch)) {
            Layer layer = shape.layer();
            ObjectNode c =
                    layers.addObject().put("class_name", layer.className()).putObject("config");
            c.put("name", layer.name());
            if (layer instanceof Layer.InputLayer) {
                ArrayNode batch = c.putArray("batch_shape").addNull();
                for (int d : arch.inputShape()) {
                    batch.add(d);
                }
            } else if (layer instanceof Layer.Conv2D cv) {
                c.put("filters", cv.filters());
                c.putArray("kernel_size").add(cv.kernelRows()).add(cv.kernelCols());
                c.putArray("strides").add(cv.strideRows()).add(cv.strideCols());
                padding(c, cv.padding());
                c.put("activation", cv.activation().kerasName());
                c.put("use_bias", cv.useBias());
                weights.put(
                        layer.name(),
                        weights(cv.useBias(), cv.filters(), cv.kernelRows(), cv.kernelCols(), in[2], cv.filters()));
            } else if (layer instanceof Layer.Pooling2D p) {
                c.putArray("pool_size").add(p.poolRows()).add(p.poolCols());
                c.putArray("strides").add(p.strideRows()).add(p.strideCols());
                padding(c, p.padding());
            } else if (layer instanceof Layer.Dense d) {
                c.put("units", d.units());
                c.put("activation", d.activation().kerasName());
                c.put("use_bias", d.useBias());
                weights.put(layer.name(), weights(d.useBias(), d.units(), in[0], d.units()));
            } else if (layer instanceof Layer.Dropout d) {
                c.put("rate", d.rate());
            }
            in = shape.outputShape();
        }
        return new KerasFile(source(arch), KerasFile.Format.KERAS_ZIP, "kerascope", root, weights);
    }

    /**
     * The architecture's graph in {@code mode}, built by {@link KerasGraphBuilder}: the InputLayer's placeholder and
     * its {@code <input>/output}, every layer's {@code <layer>/output}, variables {@code <layer>/kernel} and
     * {@code <layer>/bias}. Dropout masks come from {@code seed} and {@code step}; {@link TrainableGraph#initialValues}
     * draws Keras's initial weights from a seed.
     */
    public static Graph build(Ops tf, Architecture arch, TrainableGraph.Mode mode, long seed, Operand<TInt64> step) {
        return new Graph(arch, KerasGraphBuilder.build(tf, asKerasFile(arch), mode, seed, step, true));
    }

    /** An architecture's built graph: the Keras graph, with fresh initial weights instead of a file's. */
    public record Graph(Architecture architecture, KerasGraph keras) implements TrainableGraph {
        @Override
        public Placeholder<TFloat32> input() {
            return keras.input();
        }

        @Override
        public int[] inputShape() {
            return architecture.inputShape();
        }

        @Override
        public Operand<TFloat32> output() {
            return keras.output();
        }

        @Override
        public Operand<TFloat32> logits() {
            return keras.logits();
        }

        /** The units of the last Dense layer; 0 when the architecture does not end in one. */
        @Override
        public int classes() {
            return architecture.lastLayer() instanceof Layer.Dense d ? d.units() : 0;
        }

        @Override
        public Map<String, Operand<TFloat32>> layerOutputs() {
            return keras.layerOutputs();
        }

        @Override
        public List<ModelVariable> variables() {
            return keras.variables();
        }

        @Override
        public List<ModelVariable> trainableVariables() {
            return keras.trainableVariables();
        }

        /** Keras's initial state: glorot_uniform kernels, zero biases, drawn in layer order from one seed. */
        @Override
        public Map<ModelVariable, float[]> initialValues(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            Map<ModelVariable, float[]> values = new LinkedHashMap<>();
            for (ModelVariable v : variables()) {
                values.put(
                        v,
                        v.name().endsWith("/kernel") ? GlorotUniform.sample(v.shape(), random) : new float[v.size()]);
            }
            return values;
        }

        @Override
        public Mode mode() {
            return keras.mode();
        }

        @Override
        public Optional<Operand<TFloat32>> learningPhase() {
            return keras.learningPhase();
        }

        @Override
        public List<Op> updates() {
            return keras.updates();
        }
    }

    private static void padding(ObjectNode c, Padding p) {
        if (p.mode() == Padding.Mode.EXPLICIT) {
            c.putArray("padding").add(p.top()).add(p.left());
        } else {
            c.put("padding", p.mode().name().toLowerCase(Locale.ROOT));
        }
    }

    /** A kernel of {@code kernelShape} and, with a bias, a bias of {@code units}; zeros, trainable. */
    private static List<WeightArray> weights(boolean bias, int units, int... kernelShape) {
        List<Integer> shape = new ArrayList<>();
        long size = 1;
        for (int d : kernelShape) {
            shape.add(d);
            size *= d;
        }
        List<WeightArray> out = new ArrayList<>();
        out.add(new WeightArray("kernel", shape, new float[Math.toIntExact(size)], true));
        if (bias) {
            out.add(new WeightArray("bias", List.of(units), new float[units], true));
        }
        return out;
    }

    private static Path source(Architecture arch) {
        try {
            return Path.of(arch.source() == null ? arch.name() : arch.source());
        } catch (InvalidPathException e) {
            return Path.of(arch.name().replace('\u0000', '_'));
        }
    }
}
