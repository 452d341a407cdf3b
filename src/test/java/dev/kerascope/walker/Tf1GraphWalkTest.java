package dev.kerascope.walker;

import static dev.kerascope.walker.SavedModelWalkerTest.maxDiff;
import static dev.kerascope.walker.SavedModelWalkerTest.model;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.graph.Tensors;
import dev.kerascope.savedmodel.GraphLayerRecovery.RecoveredLayer;
import dev.kerascope.savedmodel.SavedModelFiles;
import dev.kerascope.savedmodel.Tf1LayerRecovery;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

/**
 * TF1 graphs (no functions, no Keras metadata): layers recovered from op scopes, fetched and checked against plain
 * Java.
 */
class Tf1GraphWalkTest {
    @TempDir
    Path dir;

    static final float[] KERNEL = {
        0.5f, -1f, 0.25f, 1f, -0.5f, 0.75f, 1f, 0.5f, -0.25f, 0.5f, 0.125f, -1f, 2f, 0f, -0.75f, 0.25f, 1f, -1f
    };
    static final float[] BIAS = {0.1f, -0.2f};

    /**
     * A TF1-style graph as tf.layers writes it: net/conv/{kernel,bias,Conv2D,BiasAdd}, net/Relu, net/flatten/Reshape,
     * net/dense/{kernel,MatMul,BiasAdd}, plus training nodes (gradients/, loss/) that the serving signature does not
     * use. Exported as a SavedModel without functions.
     */
    Path syntheticTf1Model(float[] dense) throws IOException {
        try (Graph g = new Graph();
                Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x =
                    tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 5, 5, 1)));
            Ops net = tf.withSubScope("net");
            Ops conv = net.withSubScope("conv");
            Variable<TFloat32> k = conv.withName("kernel").variable(Shape.of(3, 3, 1, 2), TFloat32.class);
            Variable<TFloat32> b = conv.withName("bias").variable(Shape.of(2), TFloat32.class);
            Operand<TFloat32> c = conv.withName("Conv2D").nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "VALID");
            c = conv.withName("BiasAdd").nn.biasAdd(c, b);
            Operand<TFloat32> r = net.withName("Relu").nn.relu(c);
            Operand<TFloat32> f =
                    net.withSubScope("flatten").withName("Reshape").reshape(r, tf.constant(new int[] {-1, 18}));
            Ops d = net.withSubScope("dense");
            Variable<TFloat32> dk = d.withName("kernel").variable(Shape.of(18, 3), TFloat32.class);
            Operand<TFloat32> y = d.withName("MatMul").linalg.matMul(f, dk);
            tf.withSubScope("gradients").withName("fake_grad").linalg.matMul(y, dk, MatMul.transposeB(true));
            tf.withSubScope("loss").withName("Mean").math.mean(y, tf.constant(0));
            s.runner()
                    .addTarget(tf.assign(k, tf.reshape(tf.constant(KERNEL), tf.constant(new long[] {3, 3, 1, 2}))))
                    .addTarget(tf.assign(b, tf.constant(BIAS)))
                    .addTarget(tf.assign(dk, tf.reshape(tf.constant(dense), tf.constant(new long[] {18, 3}))))
                    .run();
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

    @Test
    void tf1ScopesBecomeLayersAndTrainingNodesDoNot() throws IOException {
        float[] dense = new float[18 * 3];
        Random random = new Random(3);
        for (int i = 0; i < dense.length; i++) {
            dense[i] = random.nextFloat() - 0.5f;
        }
        Path saved = syntheticTf1Model(dense);
        List<RecoveredLayer> layers =
                Tf1LayerRecovery.layers(SavedModelFiles.read(saved).getMetaGraphs(0), "serving_default");
        assertEquals(
                List.of("conv", "Relu", "flatten", "dense"),
                layers.stream().map(RecoveredLayer::name).toList());
        assertEquals(
                List.of("Conv2D", "ReLU", "Flatten", "Dense"),
                layers.stream().map(RecoveredLayer::className).toList());
        assertEquals(
                List.of("net/conv/BiasAdd", "net/Relu", "net/flatten/Reshape", "net/dense/MatMul"),
                layers.stream().map(RecoveredLayer::outputNode).toList());
        assertEquals(
                List.of(3L * 3 * 1 * 2 + 2, 0L, 0L, 18L * 3),
                layers.stream().map(RecoveredLayer::params).toList());
        assertEquals(
                Map.of("kernel", "net/conv/kernel", "bias", "net/conv/bias"),
                layers.get(0).weightReads());
        assertEquals(List.of("Relu[0][0]"), layers.get(2).inbound());

        float[] in = new float[2 * 25];
        for (int i = 0; i < in.length; i++) {
            in[i] = (i * 7 % 11) / 10f - 0.3f;
        }
        try (SavedModelWalker w = SavedModelWalker.open(saved, Set.of("serve"), "serving_default")) {
            assertEquals(List.of("conv", "Relu", "flatten", "dense"), w.layerNames());
            Map<String, LayerTensor> got = w.fetch(in, 2, List.of("conv", "Relu", "dense"));
            int[] shape = new int[4];
            float[] conv = PlainJava.conv2d(
                    in, new long[] {2, 5, 5, 1}, KERNEL, new long[] {3, 3, 1, 2}, BIAS, 1, 1, "VALID", shape);
            assertArrayEquals(new long[] {2, 3, 3, 2}, got.get("conv").shape());
            assertTrue(maxDiff(conv, got.get("conv").values()) < 1e-6);
            float[] relu = PlainJava.activate(conv, "Relu", 0);
            assertTrue(maxDiff(relu, got.get("Relu").values()) < 1e-6);
            float[] y = new float[2 * 3];
            for (int n = 0; n < 2; n++) {
                for (int o = 0; o < 3; o++) {
                    for (int i = 0; i < 18; i++) {
                        y[n * 3 + o] += relu[n * 18 + i] * dense[i * 3 + o];
                    }
                }
            }
            assertTrue(maxDiff(y, got.get("dense").values()) < 1e-5);
            assertArrayEquals(KERNEL, w.weights("conv").get("kernel").values());
            assertArrayEquals(BIAS, w.weights("conv").get("bias").values());
        }
    }

    /**
     * The official TF1 ResNet (Estimator export, batch fixed to 128): every convolution, the first checked by hand, the
     * softmax by TensorFlow.
     */
    @Test
    void theTf1ResNetShowsEveryConvolutionAndItsSoftmaxIsTheSignatures() {
        Path saved = model("tf1_tf18_cifar10_resnet_estimator_batch128");
        List<NodeDef> graph =
                SavedModelFiles.read(saved).getMetaGraphs(0).getGraphDef().getNodeList();
        List<String> convNodes = graph.stream()
                .filter(n -> n.getOp().equals("Conv2D"))
                .map(NodeDef::getName)
                .toList();
        assertEquals(34, convNodes.size(), "MANIFEST: 34 Conv2D");
        NodeDef firstConv = graph.stream()
                .filter(n -> n.getName().equals("resnet_model/conv2d/Conv2D"))
                .findFirst()
                .orElseThrow();
        String padding = firstConv.getAttrOrThrow("padding").getS().toStringUtf8();
        List<Long> strides = firstConv.getAttrOrThrow("strides").getList().getIList();
        try (SavedModelWalker w = SavedModelWalker.open(saved, Set.of("serve"), "serving_default")) {
            List<String> convLayers = new ArrayList<>();
            for (String name : w.layerNames()) {
                if (w.layer(name).className().equals("Conv2D")) {
                    convLayers.add(w.layer(name).outputNode());
                }
            }
            assertEquals(
                    Set.copyOf(convNodes), Set.copyOf(convLayers), "one Conv2D layer per Conv2D node of the graph");
            int n = 128;
            float[] x = new float[n * 32 * 32 * 3];
            Random random = new Random(11);
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat();
            }
            String last = w.layerNames().get(w.layerNames().size() - 1);
            assertEquals("softmax_tensor", w.layer(last).outputNode());
            Map<String, LayerTensor> got = w.fetch(x, n, List.of("conv2d", last));
            LayerTensor kernel = w.weights("conv2d").get("kernel");
            assertArrayEquals(new long[] {3, 3, 3, 16}, kernel.shape());
            int[] shape = new int[4];
            float[] conv = PlainJava.conv2d(
                    x,
                    new long[] {n, 32, 32, 3},
                    kernel.values(),
                    kernel.shape(),
                    null,
                    strides.get(1).intValue(),
                    strides.get(2).intValue(),
                    padding,
                    shape);
            assertArrayEquals(
                    new long[] {n, shape[1], shape[2], shape[3]},
                    got.get("conv2d").shape());
            assertTrue(maxDiff(conv, got.get("conv2d").values()) < 1e-4, "first conv equals a plain-Java convolution");
            float[] probabilities = runByTensorFlow(saved, x, n);
            assertTrue(
                    maxDiff(probabilities, got.get(last).values()) <= 1e-5,
                    "last layer is the signature's probabilities");
        }
    }

    /** The signature's probabilities from a plain session run of the SavedModel, without the walker. */
    static float[] runByTensorFlow(Path saved, float[] x, int n) {
        try (SavedModelBundle b = SavedModelBundle.load(saved.toString(), "serve");
                TFloat32 in = Tensors.floats(x, n, 32, 32, 3)) {
            SignatureDef sig = b.metaGraphDef().getSignatureDefOrThrow("serving_default");
            try (Result r = b.session()
                    .runner()
                    .feed(sig.getInputsOrThrow("input").getName(), in)
                    .fetch(sig.getOutputsOrThrow("probabilities").getName())
                    .run()) {
                return Tensors.toFloats(r.get(0));
            }
        }
    }

    @Test
    void theTf1MnistSoftmaxHasADenseLayerComputingXTimesWPlusB() {
        try (SavedModelWalker w =
                SavedModelWalker.open(model("tf1_tf111_mnist_softmax"), Set.of("serve"), "predict_images")) {
            GraphLayer dense = w.layerNames().stream()
                    .map(w::layer)
                    .filter(l -> l.className().equals("Dense"))
                    .findFirst()
                    .orElseThrow();
            assertEquals(7850, dense.params());
            Map<String, LayerTensor> weights = w.weights(dense.name());
            assertArrayEquals(new long[] {784, 10}, weights.get("kernel").shape());
            assertArrayEquals(new long[] {10}, weights.get("bias").shape());
            float[] x = SavedModelWalkerTest.images(w, 3);
            float[] got = w.fetch(x, 3, List.of(dense.name())).get(dense.name()).values();
            float[] kw = weights.get("kernel").values();
            float[] expected = new float[3 * 10];
            for (int n = 0; n < 3; n++) {
                for (int o = 0; o < 10; o++) {
                    double sum = weights.get("bias").values()[o];
                    for (int i = 0; i < 784; i++) {
                        sum += x[n * 784 + i] * kw[i * 10 + o];
                    }
                    expected[n * 10 + o] = (float) sum;
                }
            }
            assertTrue(maxDiff(expected, got) < 1e-4, "Dense output is x W + b");
        }
    }
}
