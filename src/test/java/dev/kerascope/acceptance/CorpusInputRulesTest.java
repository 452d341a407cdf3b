package dev.kerascope.acceptance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.testing.SharedData;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The input rules on real models from Python (what MANIFEST.md says each one holds). */
class CorpusInputRulesTest {
    private static Path model(String name) {
        return SharedData.require(SharedData.root().resolve("savedmodels").resolve(name));
    }

    @Test
    void modelsWithARescalingLayerAreFedRawPixels() {
        for (String name : new String[] {
            "keras2_tf214_potato_resizing_rescaling_randomaug_256", "keras3_tf220_export_functional_branches"
        }) {
            Path m = model(name);
            try (SavedModelWalker w = SavedModelWalker.open(m, Set.of("serve"), "serving_default")) {
                var p = ModelInput.forImages(m, w, null, null).preprocessing();
                assertTrue(p.isRaw(), name + ": " + p.describe());
                assertTrue(p.reason().contains("multiplied by 0.00392157"), name + ": " + p.reason());
            }
        }
    }

    @Test
    void aColourModelGetsTheColourSampleAsRgbAndAnOrdinaryModelIsAssumedToWantXOver255() {
        Path cifar = model("keras2_tf214_cifar10_cnn_c32_d32");
        try (SavedModelWalker w = SavedModelWalker.open(cifar, Set.of("serve"), "serving_default")) {
            ModelInput in = ModelInput.forImages(cifar, w, null, null);
            assertEquals(1 / 255.0, in.preprocessing().scale(), 1e-15);
            assertTrue(in.preprocessing().reason().startsWith("assumed"));
            Pixels cat = in.load(Path.of("examples/colour/cat.png"));
            assertEquals(3, cat.channels());
            assertEquals(32 * 32 * 3, cat.values().length);
            int differing = 0;
            for (int i = 0; i < 32 * 32; i++) {
                int[] v = cat.values();
                differing += v[3 * i] != v[3 * i + 1] || v[3 * i + 1] != v[3 * i + 2] ? 1 : 0;
            }
            assertTrue(
                    differing > 32 * 32 / 2,
                    "a colour photo is not greyed: " + differing + " of 1024 pixels differ between channels");
        }
    }

    @Test
    void theTf1ResNetDeclaresItsFixedBatch() {
        Path resnet = model("tf1_tf18_cifar10_resnet_estimator_batch128");
        try (SavedModelWalker w = SavedModelWalker.open(resnet, Set.of("serve"), "serving_default")) {
            assertEquals(128, w.inputs().get(0).fixedBatch());
            assertFalse(w.layerNames().isEmpty(), "layers recovered from the op scopes");
        }
    }
}
