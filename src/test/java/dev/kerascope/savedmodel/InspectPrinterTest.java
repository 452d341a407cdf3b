package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.savedmodel.SavedModelInfo.Call;
import dev.kerascope.savedmodel.SavedModelInfo.Signature;
import dev.kerascope.savedmodel.SavedModelInfo.TensorSpec;
import dev.kerascope.savedmodel.SavedModelInfo.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The inspect text for hand-made model descriptions. The signature block is saved_model_cli's {@code show --all} layout
 * (as its documentation prints it for half_plus_two); the lines after it are written out by hand from the format the
 * README documents.
 */
class InspectPrinterTest {
    private static List<String> print(SavedModelInfo info) {
        List<String> lines = new ArrayList<>();
        InspectPrinter.print(info, lines::add);
        return lines;
    }

    @Test
    void aKerasModelPrintsSignaturesCallTreeLayersVariablesAndOpsByCount() {
        Signature sig = new Signature(
                "serving_default",
                "tensorflow/serving/predict",
                List.of(new TensorSpec("x", "DT_FLOAT", List.of(-1L, 28L, 28L, 1L), "serving_default_x:0")),
                List.of(new TensorSpec("dense", "DT_FLOAT", List.of(-1L, 10L), "StatefulPartitionedCall:0")),
                List.of(new Call(
                        "__inference_signature_wrapper_1", List.of(new Call("__inference_model_2", List.of())))));
        Map<String, Integer> ops = new LinkedHashMap<>();
        ops.put("Relu", 3);
        ops.put("MatMul", 5);
        ops.put("Conv2D", 3);
        ops.put("Add", 1);
        SavedModelInfo info = new SavedModelInfo(
                List.of(List.of("serve"), List.of("serve", "gpu")),
                List.of("serve"),
                "2.14.0",
                1645,
                "2.14.0",
                List.of(sig),
                List.of(
                        new Variable("dense/kernel", List.of(784L, 10L), "DT_FLOAT", 31360, true),
                        new Variable("bn/moving_mean", List.of(10L), "DT_FLOAT", 40, false)),
                ops,
                7,
                List.of("conv2d", "dense"));
        List<String> expected = List.of(
                "Tag sets: {serve} {serve, gpu}",
                "TensorFlow 2.14.0, graph producer 1645, Keras 2.14.0",
                "",
                "MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:",
                "",
                "signature_def['serving_default']:",
                "  The given SavedModel SignatureDef contains the following input(s):",
                "    inputs['x'] tensor_info:",
                "        dtype: DT_FLOAT",
                "        shape: (-1, 28, 28, 1)",
                "        name: serving_default_x:0",
                "  The given SavedModel SignatureDef contains the following output(s):",
                "    outputs['dense'] tensor_info:",
                "        dtype: DT_FLOAT",
                "        shape: (-1, 10)",
                "        name: StatefulPartitionedCall:0",
                "  Method name is: tensorflow/serving/predict",
                "  Function call tree:",
                "    __inference_signature_wrapper_1",
                "      __inference_model_2",
                "",
                "Keras layers (2): conv2d, dense",
                "",
                "Variables (2, 31400 bytes):",
                "  dense/kernel" + " ".repeat(36) + " (784, 10)" + " ".repeat(9) + " DT_FLOAT  " + "      31360 B",
                "  bn/moving_mean" + " ".repeat(34) + " (10)" + " ".repeat(14) + " DT_FLOAT  "
                        + "         40 B  non-trainable",
                "",
                "Ops in the graph and the functions the signatures reach (7 functions in the library):",
                "       5  MatMul",
                "       3  Conv2D",
                "       3  Relu",
                "       1  Add");
        assertEquals(expected, print(info));
    }

    @Test
    void aTf1GraphWithoutVersionKerasOrCallsSaysSoAndLeavesThoseSectionsOut() {
        Signature sig = new Signature(
                "regress_x_to_y",
                "tensorflow/serving/regress",
                List.of(new TensorSpec("inputs", "DT_STRING", List.of(), "tf_example:0")),
                List.of(new TensorSpec("outputs", "DT_FLOAT", null, "y:0")),
                List.of());
        SavedModelInfo info = new SavedModelInfo(
                List.of(List.of("serve")),
                List.of("serve"),
                "",
                21,
                null,
                List.of(sig),
                List.of(),
                Map.of(),
                0,
                List.of());
        List<String> expected = Arrays.asList(
                "Tag sets: {serve}",
                "TensorFlow version not recorded, graph producer 21",
                "",
                "MetaGraphDef with tag-set: 'serve' contains the following SignatureDefs:",
                "",
                "signature_def['regress_x_to_y']:",
                "  The given SavedModel SignatureDef contains the following input(s):",
                "    inputs['inputs'] tensor_info:",
                "        dtype: DT_STRING",
                "        shape: ()",
                "        name: tf_example:0",
                "  The given SavedModel SignatureDef contains the following output(s):",
                "    outputs['outputs'] tensor_info:",
                "        dtype: DT_FLOAT",
                "        shape: unknown_rank",
                "        name: y:0",
                "  Method name is: tensorflow/serving/regress",
                "",
                "Variables (0, 0 bytes):",
                "",
                "Ops in the graph and the functions the signatures reach (0 functions in the library):");
        assertEquals(expected, print(info));
    }
}
