package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TensorShapeProto;

/** inspect on the shared corpus (expected values from its MANIFEST.md) and on protos broken on purpose. */
class SavedModelInspectorTest {
    @TempDir
    Path dir;

    static Path model(String name) {
        return SharedData.require(SharedData.root().resolve("savedmodels").resolve(name));
    }

    static SavedModelInfo.Signature signature(SavedModelInfo info, String key) {
        return info.signatures().stream()
                .filter(s -> s.key().equals(key))
                .findFirst()
                .orElseThrow();
    }

    static List<String> flatten(List<SavedModelInfo.Call> calls) {
        List<String> out = new ArrayList<>();
        for (SavedModelInfo.Call c : calls) {
            out.add(c.function());
            out.addAll(flatten(c.callees()));
        }
        return out;
    }

    @Test
    void keras2ModelShowsSignatureVersionsAndTheCallTreeDownToTheWrappedModel() {
        SavedModelInfo info = SavedModelInspector.inspect(model("keras2_tf29_mnist_cnn_bn"), Set.of("serve"));
        assertEquals("2.9.2", info.tensorflowVersion());
        assertEquals(1087, info.graphProducer());
        assertEquals("2.9.0", info.kerasVersion());
        SavedModelInfo.Signature s = signature(info, "serving_default");
        assertEquals("tensorflow/serving/predict", s.methodName());
        assertEquals(
                new SavedModelInfo.TensorSpec(
                        "conv2d_input", "DT_FLOAT", List.of(-1L, 28L, 28L, 1L), "serving_default_conv2d_input:0"),
                s.inputs().get(0));
        assertEquals("dense_1", s.outputs().get(0).key());
        assertEquals(List.of(-1L, 10L), s.outputs().get(0).shape());
        List<String> calls = flatten(s.calls());
        assertTrue(calls.get(0).startsWith("__inference_signature_wrapper_"), calls.toString());
        assertTrue(calls.stream().anyMatch(f -> f.startsWith("__inference__wrapped_model_")), calls.toString());
        assertTrue(info.variables().stream()
                .anyMatch(v -> v.name().equals("batch_normalization/moving_mean") && !v.trainable()));
        // MANIFEST's layer list, named as Keras names layers by default (the signature's output is dense_1).
        assertEquals(
                List.of(
                        "conv2d (Conv2D)",
                        "batch_normalization (BatchNormalization)",
                        "max_pooling2d (MaxPooling2D)",
                        "conv2d_1 (Conv2D)",
                        "max_pooling2d_1 (MaxPooling2D)",
                        "flatten (Flatten)",
                        "dense (Dense)",
                        "batch_normalization_1 (BatchNormalization)",
                        "dense_1 (Dense)"),
                info.kerasLayers());
    }

    @Test
    void keras3ExportsReachTheirCallFunctionFromBothSignatures() {
        SavedModelInfo info = SavedModelInspector.inspect(model("keras3_tf219_export_mnist_cnn"), Set.of("serve"));
        for (String key : List.of("serve", "serving_default")) {
            SavedModelInfo.Signature s = signature(info, key);
            assertEquals("keras_tensor", s.inputs().get(0).key());
            assertTrue(flatten(s.calls()).stream().anyMatch(f -> f.startsWith("__inference___call___")), key);
        }
    }

    @Test
    void tfModulesAndTf1GraphsListTheirSignatures() {
        SavedModelInfo module = SavedModelInspector.inspect(model("tf2_tf214_module_half_plus_two"), Set.of("serve"));
        assertTrue(module.signatures().stream()
                .map(SavedModelInfo.Signature::key)
                .toList()
                .containsAll(List.of(
                        "serving_default",
                        "regress_x_to_y",
                        "regress_x_to_y2",
                        "classify_x_to_y",
                        "regress_x2_to_y3",
                        "classify_x2_to_y3")));
        SavedModelInfo tf1 = SavedModelInspector.inspect(model("tf1_tf114_half_plus_two"), Set.of("serve"));
        SavedModelInfo.Signature s = signature(tf1, "serving_default");
        assertEquals("x:0", s.inputs().get(0).tensorName());
        assertEquals(List.of(-1L, 1L), s.inputs().get(0).shape());
        assertTrue(s.calls().isEmpty(), "TF1 graphs have no functions");
        assertNull(tf1.kerasVersion());
        SavedModelInfo tags =
                SavedModelInspector.inspect(model("tf1_tf121_regression_train_serve_tags"), Set.of("train", "serve"));
        assertEquals(List.of("serve", "train"), tags.selectedTags());
        assertNull(signature(tags, "tensorflow/serving/regress").inputs().get(0).shape(), "unknown rank");
    }

    /** The keras2_tf29 model with one change made by {@code edit}, written to the temporary folder. */
    Path broken(java.util.function.UnaryOperator<MetaGraphDef.Builder> edit) throws Exception {
        SavedModel real = SavedModel.parseFrom(
                Files.readAllBytes(model("keras2_tf29_mnist_cnn_bn").resolve("saved_model.pb")));
        SavedModel.Builder b = real.toBuilder();
        edit.apply(b.getMetaGraphsBuilder(0));
        Files.write(dir.resolve("saved_model.pb"), b.build().toByteArray());
        return dir;
    }

    @Test
    void aSignatureNamingAMissingTensorIsRefused() throws Exception {
        Path d = broken(m -> {
            var sig = m.getSignatureDefOrThrow("serving_default").toBuilder();
            sig.putInputs(
                    "conv2d_input",
                    sig.getInputsOrThrow("conv2d_input").toBuilder()
                            .setName("no_such_node:0")
                            .build());
            return m.putSignatureDef("serving_default", sig.build());
        });
        BadInputException e =
                assertThrows(BadInputException.class, () -> SavedModelInspector.inspect(d, Set.of("serve")));
        assertTrue(
                e.getMessage().contains("no_such_node:0") && e.getMessage().contains("serving_default"),
                e.getMessage());
    }

    @Test
    void aCallCycleInTheFunctionLibraryIsRefused() throws Exception {
        Path d = broken(m -> {
            var lib = m.getGraphDefBuilder().getLibraryBuilder();
            for (int i = 0; i < lib.getFunctionCount(); i++) {
                FunctionDef f = lib.getFunction(i);
                if (f.getSignature().getName().startsWith("__inference__wrapped_model_")) {
                    NodeDef back = NodeDef.newBuilder()
                            .setName("back")
                            .setOp("StatefulPartitionedCall")
                            .putAttr(
                                    "f",
                                    AttrValue.newBuilder()
                                            .setFunc(NameAttrList.newBuilder().setName(signatureWrapper(m)))
                                            .build())
                            .build();
                    lib.setFunction(i, f.toBuilder().addNodeDef(back).build());
                }
            }
            return m;
        });
        BadInputException e =
                assertThrows(BadInputException.class, () -> SavedModelInspector.inspect(d, Set.of("serve")));
        assertTrue(e.getMessage().contains("call cycle"), e.getMessage());
    }

    static String signatureWrapper(MetaGraphDef.Builder m) {
        return m.getGraphDef().getLibrary().getFunctionList().stream()
                .map(f -> f.getSignature().getName())
                .filter(n -> n.startsWith("__inference_signature_wrapper_"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void anAbsurdDimensionIsRefused() throws Exception {
        Path d = broken(m -> {
            var sig = m.getSignatureDefOrThrow("serving_default").toBuilder();
            var info = sig.getInputsOrThrow("conv2d_input").toBuilder();
            info.setTensorShape(TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dim.newBuilder().setSize(1L << 40)));
            sig.putInputs("conv2d_input", info.build());
            return m.putSignatureDef("serving_default", sig.build());
        });
        BadInputException e =
                assertThrows(BadInputException.class, () -> SavedModelInspector.inspect(d, Set.of("serve")));
        assertTrue(e.getMessage().contains("1099511627776"), e.getMessage());
    }
}
