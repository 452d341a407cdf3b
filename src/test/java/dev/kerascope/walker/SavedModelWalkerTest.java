package dev.kerascope.walker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.data.LabeledImages;
import dev.kerascope.input.ModelInput;
import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.SharedData;
import dev.kerascope.testing.SyntheticDigits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;

/** The graph walker on every shared SavedModel with a float image input. */
class SavedModelWalkerTest {
    static Path model(String name) {
        return SharedData.require(SharedData.root().resolve("savedmodels").resolve(name));
    }

    /** n digit-like images scaled to [0, 1], shaped as the signature wants (rank 3 or 4). */
    static float[] images(SavedModelWalker w, int n) {
        LabeledImages set = SyntheticDigits.make(n, 5);
        float[] out = new float[set.pixels().length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (set.pixels()[i] & 0xff) / 255f;
        }
        return out;
    }

    /** Every model of the corpus that takes float images. */
    static Stream<String> imageModels() {
        return Stream.of(
                "keras2_tf29_mnist_cnn_bn",
                "keras2_tf211_mnist_cnn_dropout",
                "keras2_tf23_mnist_cnn_3stage",
                "keras2_tf20_mnist_cnn",
                "keras2_tf25_fashion_functional_bn_dropout",
                "keras3_tf219_export_mnist_cnn",
                "keras3_tf220_export_functional_branches");
    }

    static double maxDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }

    @ParameterizedTest
    @MethodSource("imageModels")
    void theInlinedGraphComputesWhatTheSignatureComputes(String name) {
        try (SavedModelWalker w = SavedModelWalker.open(model(name), Set.of("serve"), "serving_default")) {
            float[] x = images(w, 8);
            var reference = w.callSignature(x, 8);
            for (String key : w.signatureOutputKeys()) {
                float[] mine = w.run(x, 8, List.of(Fetch.signature(key)))
                        .get(Fetch.signature(key))
                        .values();
                assertTrue(maxDiff(reference.get(key).values(), mine) <= 1e-5, name + " " + key);
            }
            // Every layer's output is fetchable, and the last layer's output is the model's output.
            List<String> layers = w.layerNames();
            Map<String, LayerTensor> all = w.fetch(x, 8, layers);
            assertEquals(layers.size(), all.size());
            all.values().forEach(t -> assertEquals(8, t.shape()[0], t.layer()));
            float[] last = all.get(layers.get(layers.size() - 1)).values();
            assertTrue(maxDiff(reference.values().iterator().next().values(), last) <= 1e-5, name + ": last layer");
        }
    }

    /**
     * From the corpus MANIFEST, not from the code: the op Keras applies inside the first Conv2D layer ("linear" where
     * the activation is a layer of its own, as in the functional-branches model whose LeakyReLU follows), and whether
     * the model has a MaxPooling2D layer.
     */
    static final Map<String, String> FIRST_CONV_ACTIVATION = Map.of(
            "keras2_tf29_mnist_cnn_bn",
            "Relu",
            "keras2_tf211_mnist_cnn_dropout",
            "Relu",
            "keras2_tf23_mnist_cnn_3stage",
            "Relu",
            "keras2_tf20_mnist_cnn",
            "Relu",
            "keras2_tf25_fashion_functional_bn_dropout",
            "Relu",
            "keras3_tf219_export_mnist_cnn",
            "Relu",
            "keras3_tf220_export_functional_branches",
            "linear");

    static final Set<String> WITHOUT_MAX_POOL = Set.of("keras3_tf219_export_mnist_cnn");

    @ParameterizedTest
    @MethodSource("imageModels")
    void theFirstConvAndPoolEqualAPlainJavaComputation(String name) {
        try (SavedModelWalker w = SavedModelWalker.open(model(name), Set.of("serve"), "serving_default")) {
            float[] x = images(w, 3);
            Map<String, GraphOperation> ops = w.layerFunctionOps();
            GraphLayer conv = w.layerNames().stream()
                    .map(w::layer)
                    .filter(l -> l.className().equals("Conv2D"))
                    .findFirst()
                    .orElseThrow();
            String scope = conv.outputNode().substring(0, conv.outputNode().lastIndexOf('/') + 1);
            GraphOperation convOp = op(ops, scope, "Conv2D");
            GraphOperation biasAdd = op(ops, scope, "BiasAdd");
            // The activation op is chosen by its type as the MANIFEST gives it, and must read the BiasAdd.
            String activationType = FIRST_CONV_ACTIVATION.get(name);
            GraphOperation activation = activationType.equals("linear") ? biasAdd : op(ops, scope, activationType);
            assertEquals(
                    biasAdd.name(),
                    activation == biasAdd
                            ? biasAdd.name()
                            : activation.input(0).op().name(),
                    name + ": the activation reads the BiasAdd");
            assertEquals(
                    keyOf(ops, activation), conv.outputNode(), name + ": the layer's output is after its activation");
            List<Output<?>> fetches = List.of(convOp.input(0), convOp.input(1), biasAdd.input(1));
            var t = w.fetchOutputs(x, 3, List.of("in", "kernel", "bias"), new ArrayList<>(fetches));
            long[] strides = convOp.attributes().getAttrIntList("strides");
            int[] shape = new int[4];
            float[] preActivation = PlainJava.conv2d(
                    t.get("in").values(),
                    t.get("in").shape(),
                    t.get("kernel").values(),
                    t.get("kernel").shape(),
                    t.get("bias").values(),
                    (int) strides[1],
                    (int) strides[2],
                    convOp.attributes().getAttrString("padding"),
                    shape);
            // The layer's weights by Keras name are the very tensors its Conv2D and BiasAdd read.
            Map<String, LayerTensor> weights = w.weights(conv.name());
            assertArrayEquals(t.get("kernel").values(), weights.get("kernel").values(), name + " kernel");
            assertArrayEquals(t.get("kernel").shape(), weights.get("kernel").shape(), name + " kernel shape");
            assertArrayEquals(t.get("bias").values(), weights.get("bias").values(), name + " bias");
            float[] expected = activationType.equals("linear")
                    ? preActivation
                    : PlainJava.activate(preActivation, activationType, 0);
            // The raw fetch is the layer before its activation: Conv2D + bias, as computed in Java.
            float[] raw = w.run(x, 3, List.of(Fetch.raw(conv.name())))
                    .get(Fetch.raw(conv.name()))
                    .values();
            assertTrue(maxDiff(preActivation, raw) <= 1e-4, name + " raw");
            // The layer fetched by its Keras name holds the post-activation value.
            LayerTensor out = w.fetch(x, 3, List.of(conv.name())).get(conv.name());
            assertArrayEquals(new long[] {shape[0], shape[1], shape[2], shape[3]}, out.shape(), name);
            assertTrue(
                    maxDiff(expected, out.values()) <= 1e-4,
                    name + " " + conv.name() + ": " + maxDiff(expected, out.values()));
            if (!activationType.equals("linear")) {
                assertTrue(
                        maxDiff(preActivation, out.values()) > 1e-3,
                        name + ": the ReLU changed something, so the check means something");
            }

            GraphLayer pool = w.layerNames().stream()
                    .map(w::layer)
                    .filter(l -> l.className().equals("MaxPooling2D"))
                    .findFirst()
                    .orElse(null);
            assertEquals(
                    !WITHOUT_MAX_POOL.contains(name),
                    pool != null,
                    name + ": a MaxPooling2D layer exists as the MANIFEST says");
            if (pool != null) {
                GraphOperation poolOp = ops.get(pool.outputNode());
                assertEquals("MaxPool", poolOp.type(), name + " " + pool.name());
                var p = w.fetchOutputs(x, 3, List.of("in"), List.of(poolOp.input(0)));
                long[] k = poolOp.attributes().getAttrIntList("ksize");
                long[] s = poolOp.attributes().getAttrIntList("strides");
                assertEquals("VALID", poolOp.attributes().getAttrString("padding"), name + ": the oracle pools VALID");
                float[] pooled = PlainJava.maxPool(
                        p.get("in").values(), p.get("in").shape(), (int) k[1], (int) k[2], (int) s[1], (int) s[2]);
                assertEquals(
                        0.0,
                        maxDiff(
                                pooled,
                                w.fetch(x, 3, List.of(pool.name()))
                                        .get(pool.name())
                                        .values()),
                        name + " " + pool.name());
            }
        }
    }

    /** The function-body node name of an inlined op (the map's key; the op's own name is the inlined copy's). */
    static String keyOf(Map<String, GraphOperation> ops, GraphOperation op) {
        return ops.entrySet().stream()
                .filter(e -> e.getValue().name().equals(op.name()))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    static GraphOperation op(Map<String, GraphOperation> ops, String scope, String type) {
        return ops.entrySet().stream()
                .filter(e -> e.getKey().startsWith(scope) && e.getValue().type().equals(type))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " in " + scope));
    }

    @Test
    void tf1GraphsFeedFlatImagesAndFetchTensorsByName() {
        try (SavedModelWalker w =
                SavedModelWalker.open(model("tf1_tf111_mnist_softmax"), Set.of("serve"), "predict_images")) {
            assertEquals(
                    List.of("MatMul", "y"),
                    w.layerNames(),
                    "TF1 layers come from the graph's ops (MatMul + bias add, softmax y)");
            float[] x = images(w, 4);
            float[] byName = w.run(x, 4, List.of(Fetch.tensor("y:0")))
                    .get(Fetch.tensor("y:0"))
                    .values();
            float[] signature = w.callSignature(x, 4).get("scores").values();
            assertEquals(0.0, maxDiff(signature, byName));
            double sum = 0;
            for (int i = 0; i < 10; i++) {
                sum += byName[i];
            }
            assertEquals(1.0, sum, 1e-5, "y is a softmax");
        }
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> SavedModelWalker.open(model("tf1_tf111_mnist_softmax"), Set.of("serve"), "serving_default"));
        assertTrue(e.getMessage().contains("signatures that take images: predict_images"), e.getMessage());
    }

    @Test
    void unknownFetchesNameWhatTheModelHas() {
        try (SavedModelWalker w =
                SavedModelWalker.open(model("keras2_tf211_mnist_cnn_dropout"), Set.of("serve"), "serving_default")) {
            float[] x = images(w, 1);
            BadInputException noOutput =
                    assertThrows(BadInputException.class, () -> w.run(x, 1, List.of(Fetch.signature("nope"))));
            assertTrue(
                    noOutput.getMessage().contains("outputs: " + String.join(", ", w.signatureOutputKeys())),
                    noOutput.getMessage());
            BadInputException noTensor =
                    assertThrows(BadInputException.class, () -> w.run(x, 1, List.of(Fetch.tensor("nope:0"))));
            assertTrue(noTensor.getMessage().endsWith("has no tensor nope:0"), noTensor.getMessage());
            BadInputException noLayer =
                    assertThrows(BadInputException.class, () -> w.run(x, 1, List.of(Fetch.raw("conv9"))));
            assertTrue(noLayer.getMessage().contains("no layer 'conv9'"), noLayer.getMessage());
        }
    }

    /** The MANIFEST's functional-branches model: its first Conv2D is linear, a LeakyReLU layer follows. */
    @Test
    void aLayerWithoutAnActivationOpIsItsOwnRawValue() {
        try (SavedModelWalker w = SavedModelWalker.open(
                model("keras3_tf220_export_functional_branches"), Set.of("serve"), "serving_default")) {
            String conv = w.layerNames().stream()
                    .filter(l -> w.layer(l).className().equals("Conv2D"))
                    .findFirst()
                    .orElseThrow();
            float[] x = images(w, 2);
            Map<Fetch, LayerTensor> got = w.run(x, 2, List.of(Fetch.layer(conv), Fetch.raw(conv)));
            assertEquals(
                    0.0,
                    maxDiff(
                            got.get(Fetch.layer(conv)).values(),
                            got.get(Fetch.raw(conv)).values()),
                    conv);
            assertEquals(conv + ":raw", got.get(Fetch.raw(conv)).layer(), "each result is named by its fetch's label");
        }
    }

    @Test
    void aModelWhoseVariableCannotBeRestoredNamesTheVariable() {
        try (SavedModelWalker w = SavedModelWalker.open(
                model("broken_keras3_tf219_tfsave_missing_var"), Set.of("serve"), "serving_default")) {
            BadInputException e =
                    assertThrows(BadInputException.class, () -> w.fetch(images(w, 1), 1, List.of("conv2d_14")));
            assertTrue(e.getMessage().contains("Could not find variable sequential_8/"), e.getMessage());
        }
    }

    @Test
    void unknownLayersAndNonImageSignaturesAreExplained() {
        try (SavedModelWalker w =
                SavedModelWalker.open(model("keras2_tf211_mnist_cnn_dropout"), Set.of("serve"), "serving_default")) {
            BadInputException e =
                    assertThrows(BadInputException.class, () -> w.fetch(images(w, 1), 1, List.of("conv9")));
            assertTrue(e.getMessage().contains("conv2d, max_pooling2d, conv2d_1"), e.getMessage());
        }
        Path half = model("tf1_tf114_half_plus_two");
        try (SavedModelWalker w = SavedModelWalker.open(half, Set.of("serve"), "serving_default")) {
            BadInputException e =
                    assertThrows(BadInputException.class, () -> ModelInput.forImages(half, w, null, null));
            assertTrue(
                    e.getMessage().contains("input 'x' float32 (-1, 1) is not an image")
                            && e.remedy() == dev.kerascope.io.Remedy.FEED_ARRAYS,
                    e.getMessage());
        }
    }
}
