package dev.kerascope.walker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A nested model applied to two inputs: both call sites are addressable and compute what Keras computes. */
class NestedModelWalkTest {
    @Test
    void bothCallsOfASharedSubModelAreFetchable() {
        Path dir =
                SharedData.require(SharedData.root().resolve("savedmodels/keras2_tf23_nested_functional_two_inputs"));
        try (SavedModelWalker w = SavedModelWalker.open(dir, Set.of("serve"), "serving_default")) {
            assertEquals(
                    List.of(
                            "functional_1[0]/flatten",
                            "functional_1[0]/dense",
                            "functional_1[1]/flatten",
                            "functional_1[1]/dense",
                            "concatenate",
                            "test_out"),
                    w.layerNames());
            float[] a = {0.5f, -1f, 2f, 0f, 1f, 1f, 1f, 1f, 1f, 1f};
            float[] b = {-0.5f, 1f, 0.25f, 3f, -2f, 0f, 0f, 0f, 0f, 0f};
            Map<String, LayerTensor> out = w.fetchInputs(
                    Map.of("test_in1", a, "test_in2", b),
                    2,
                    List.of("functional_1[0]/dense", "functional_1[1]/dense", "concatenate", "test_out"));
            Map<String, LayerTensor> kernel = w.weights("functional_1[0]/dense");
            float[] k = kernel.get("kernel").values();
            float[] bias = kernel.get("bias").values();
            // The shared Dense(3, relu) computed in Java for each input, row by row.
            for (int call = 0; call < 2; call++) {
                float[] x = call == 0 ? a : b;
                float[] got = out.get("functional_1[" + call + "]/dense").values();
                for (int row = 0; row < 2; row++) {
                    for (int u = 0; u < 3; u++) {
                        double z = bias[u];
                        for (int i = 0; i < 5; i++) {
                            z += x[row * 5 + i] * k[i * 3 + u];
                        }
                        assertEquals(
                                Math.max(0, z), got[row * 3 + u], 1e-5, "call " + call + " row " + row + " unit " + u);
                    }
                }
            }
            float[] concat = out.get("concatenate").values();
            assertEquals(
                    out.get("functional_1[1]/dense").values()[0], concat[3], 0.0, "the second call fills columns 3..5");
            float[] y = out.get("test_out").values();
            assertTrue(y[0] > 0 && y[0] < 1, "sigmoid output");
        }
    }
}
