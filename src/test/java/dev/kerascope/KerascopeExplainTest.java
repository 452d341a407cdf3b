package dev.kerascope;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.explain.Explanation;
import dev.kerascope.explain.Gradients;
import dev.kerascope.explain.Target;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The facade's attribution calls, reusing one set of gradient ops per opened model. */
class KerascopeExplainTest {
    @Test
    void facadeGivesGradientsSaliencyAndGradCam() {
        float[] x = new float[2 * 784];
        Random r = new Random(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        try (Kerascope.Model m = Kerascope.open(Path.of("saved-models/keras-mnist/saved_model"))) {
            Gradients.Batch g = m.gradients(x, 2, Target.channel("conv2", 3), "conv1");
            assertArrayEquals(new long[] {2, 26, 26, 32}, g.gradient().shape());
            assertArrayEquals(g.values().shape(), g.gradient().shape());
            List<Explanation> sal = m.saliency(x, 2, 1, -1);
            assertEquals(1, sal.get(0).classIndex());
            assertEquals(784, sal.get(1).heat().length);
            List<Explanation> cam = m.gradCam(x, 2, "conv4");
            assertEquals("conv4", cam.get(0).layer());
            assertArrayEquals(new long[] {28, 28}, cam.get(1).rawShape());
            // The predicted class chosen in the graph (one run) gives what naming each image's top class gives.
            List<Explanation> predicted = m.saliency(x, 2);
            List<Explanation> named = m.saliency(
                    x, 2, predicted.get(0).classIndex(), predicted.get(1).classIndex());
            for (int i = 0; i < 2; i++) {
                assertArrayEquals(named.get(i).raw(), predicted.get(i).raw(), 1e-6f);
                assertArrayEquals(
                        m.gradCam(
                                        x,
                                        2,
                                        null,
                                        named.get(0).classIndex(),
                                        named.get(1).classIndex())
                                .get(i)
                                .raw(),
                        m.gradCam(x, 2, null).get(i).raw(),
                        1e-6f);
            }
            // SmoothGrad without noise is the mean of identical gradients: saliency; with noise it is repeatable by
            // seed.
            float[] one = java.util.Arrays.copyOf(x, 784);
            var explainer = m.explainer();
            assertArrayEquals(
                    explainer.saliency(one, 1, null).get(0).raw(),
                    explainer.smoothGrad(one, 1, null, 3, 0, 1).get(0).raw(),
                    1e-6f);
            assertArrayEquals(
                    explainer.smoothGrad(one, 1, null, 5, 0.1, 7).get(0).raw(),
                    explainer.smoothGrad(one, 1, null, 5, 0.1, 7).get(0).raw(),
                    0f);
            // A second call reuses the ops built by the first.
            assertEquals(sal.get(0).raw()[400], m.saliency(x, 2, 1, -1).get(0).raw()[400]);
        }
    }
}
