package dev.kerascope.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.SharedData;
import dev.kerascope.walker.InputSpec;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every corpus SavedModel with one image input: saliency and Grad-CAM are computed (finite, not all zero), or the model
 * is refused with one message that names the op TensorFlow has no gradient for (or why else it cannot be done).
 */
class CorpusGradientsTest {
    static Stream<String> corpus() throws IOException {
        Path root = SharedData.root().resolve("savedmodels");
        if (!Files.isDirectory(root)) {
            return Stream.of("(absent)");
        }
        try (Stream<Path> s = Files.list(root)) {
            return s
                    .filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("broken"))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("corpus")
    void everyCorpusModelIsExplainedOrRefusedNamingTheReason(String name) {
        Path model = SharedData.require(SharedData.root().resolve("savedmodels").resolve(name));
        String signature;
        try (SavedModelWalker probe = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
            signature = "serving_default";
        } catch (BadInputException e) {
            signature = null;
        }
        if (signature == null) {
            List<String> sigs = imageSignatures(model);
            if (sigs.isEmpty()) {
                System.out.println(name + ": no signature that takes one image; nothing to explain");
                return;
            }
            signature = sigs.get(0);
        }
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), signature)) {
            List<InputSpec> inputs = w.inputs();
            if (inputs.size() != 1 || inputs.get(0).image().isEmpty()) {
                System.out.println(
                        name + ": " + inputs.size() + " input(s), not one image input; attributions need one");
                return;
            }
            try {
                Explainer e = new Explainer(new Gradients(w, model));
                long[] s = w.inputShape();
                int per = (int) (s[1] * s[2] * (s.length == 4 ? s[3] : 1));
                float[] x = new float[per];
                Random r = new Random(1);
                for (int i = 0; i < per; i++) {
                    x[i] = r.nextFloat();
                }
                Explanation sal = e.saliency(x, 1, null).get(0);
                check(name + " saliency", sal.raw());
                String gradCam = "no conv layer";
                try {
                    Explanation cam = e.gradCam(x, 1, null, null, false).get(0);
                    check(name + " Grad-CAM", cam.raw());
                    gradCam = "Grad-CAM at " + cam.layer();
                } catch (BadInputException noConv) {
                    assertTrue(noConv.getMessage().contains("no convolution layer"), noConv.getMessage());
                }
                System.out.println(name + ": saliency, " + gradCam + "; score "
                        + e.gradients().score().description());
            } catch (BadInputException refused) {
                System.out.println(name + ": refused: " + refused.getMessage());
                assertTrue(
                        refused.getMessage()
                                .matches("(?s).*(has no gradient for op [A-Za-z0-9_]+|attributions need|takes \\d+ "
                                        + "inputs"
                                        + "|gradients are taken of float32|has no class-score output|fixed "
                                        + "input size).*"),
                        refused.getMessage());
            }
        }
    }

    private static List<String> imageSignatures(Path model) {
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
            return w.imageSignatures();
        } catch (BadInputException e) {
            String m = e.getMessage();
            int at = m.indexOf("signatures that take images: ");
            return at < 0
                    ? List.of()
                    : List.of(m.substring(at + 29).split(", ")).stream()
                            .filter(x -> !x.equals("none"))
                            .toList();
        }
    }

    private static void check(String what, float[] values) {
        boolean nonZero = false;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                fail(what + " has a value that is not finite");
            }
            nonZero |= v != 0;
        }
        System.out.println(what + ": " + values.length + " values" + (nonZero ? "" : ", all zero"));
    }
}
