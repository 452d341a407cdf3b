package dev.kerascope.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.data.LabeledImages;
import dev.kerascope.testing.SharedData;
import dev.kerascope.testing.SyntheticDigits;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Saliency (TensorFlow's symbolic gradient of the class score) against central differences of the model's own score,
 * (s(x + eps e_j) - s(x - eps e_j)) / 2 eps, on the 4 pixels of largest gradient and 4 seeded random ones. eps = 1e-4
 * on inputs in [0, 1] (1e-3 for keras2_tf29_mnist_cnn_bn, whose gradients are 50 times smaller): small enough that a
 * ReLU network rarely changes its active set (at 1e-3 the shipped model's quotients were up to 7% off for that reason),
 * large enough that float32 rounding of the scores stays small. Tolerance: 2% of the pixel's gradient, plus 1% of the
 * image's largest gradient, plus the rounding bound 4 ulp(score) / 2 eps. The digits get seeded uniform noise in [0,
 * 0.02): flat backgrounds tie inside max-pool windows, where the score has a kink (one-sided slopes differ) and a
 * central difference measures neither side; noise moves the images to points where the score is differentiable.
 */
class SaliencyFiniteDifferencesTest {
    static final Path SHIPPED = Path.of("saved-models/keras-mnist/saved_model");

    /** Digit-like images scaled to [0, 1], 784 values each (the layout of NHWC, NHW and flat 28 x 28 inputs alike). */
    static float[] digits(int n, long seed) {
        LabeledImages set = SyntheticDigits.make(n, seed);
        float[] out = new float[set.pixels().length];
        Random noise = new Random(seed);
        for (int i = 0; i < out.length; i++) {
            out[i] = (set.pixels()[i] & 0xff) / 255f * 0.98f + 0.02f * noise.nextFloat();
        }
        return out;
    }

    static float[] uniform(int n, long seed) {
        Random r = new Random(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextFloat();
        }
        return out;
    }

    @Test
    void shippedModelSaliencyMatchesCentralDifferences() {
        checkModel(SHIPPED);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "keras2_tf29_mnist_cnn_bn serving_default 1e-3",
                "keras3_tf219_export_mnist_cnn serving_default 1e-4",
                "tf1_tf111_mnist_softmax predict_images 1e-4",
                // A TF1 ResNet-32 (fixed batch 128, 32 x 32 x 3, FusedBatchNorm v1 through kerascope's registered
                // gradient).
                "tf1_tf18_cifar10_resnet_estimator_batch128 serving_default 1e-3"
            })
    void pythonSavedModelSaliencyMatchesCentralDifferences(String nameAndSignature) {
        String[] parts = nameAndSignature.split(" ");
        checkModel(
                SharedData.require(SharedData.root().resolve("savedmodels").resolve(parts[0])),
                parts[1],
                Float.parseFloat(parts[2]));
    }

    private static void checkModel(Path model) {
        checkModel(model, "serving_default", 1e-4f);
    }

    private static void checkModel(Path model, String signature, float eps) {
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), signature)) {
            Gradients gradients = new Gradients(w, model);
            Explainer explainer = new Explainer(gradients);
            long[] shape = w.inputShape();
            int per = (int) (shape[1] * shape[2] * (shape.length == 4 ? shape[3] : 1));
            float[] images = per == 784 ? digits(3, 11) : uniform(3 * per, 11);
            List<Explanation> sal = explainer.saliency(images, 3, null);
            for (int i = 0; i < 3; i++) {
                float[] x = java.util.Arrays.copyOfRange(images, i * per, (i + 1) * per);
                Explanation e = sal.get(i);
                assertEquals(per, e.raw().length);
                checkPixels(gradients, x, e.classIndex(), e.raw(), eps, model + " image " + i);
            }
        }
    }

    static void checkPixels(Gradients gradients, float[] x, int cls, float[] grad, float eps, String what) {
        List<Integer> pixels = new ArrayList<>(IntStream.range(0, x.length)
                .boxed()
                .sorted(Comparator.comparingDouble(j -> -Math.abs(grad[j])))
                .limit(4)
                .toList());
        Random random = new Random(5);
        while (pixels.size() < 8) {
            pixels.add(random.nextInt(x.length));
        }
        int p = pixels.size();
        float[] batch = new float[2 * p * x.length];
        for (int k = 0; k < p; k++) {
            System.arraycopy(x, 0, batch, 2 * k * x.length, x.length);
            System.arraycopy(x, 0, batch, (2 * k + 1) * x.length, x.length);
            batch[2 * k * x.length + pixels.get(k)] += eps;
            batch[(2 * k + 1) * x.length + pixels.get(k)] -= eps;
        }
        LayerTensor scores = gradients.scores(batch, 2 * p);
        int classes = (int) scores.shape()[1];
        double largest = Math.abs(grad[pixels.get(0)]);
        assertTrue(largest > 0, what + ": the gradient is zero everywhere");
        for (int k = 0; k < p; k++) {
            double plus = scores.values()[2 * k * classes + cls];
            double minus = scores.values()[(2 * k + 1) * classes + cls];
            double fd = (plus - minus) / (2 * eps);
            double rounding = 4 * Math.ulp((float) Math.max(Math.abs(plus), Math.abs(minus))) / (2 * eps);
            double g = grad[pixels.get(k)];
            System.out.printf("%s pixel %d: gradient %.6g, central difference %.6g%n", what, pixels.get(k), g, fd);
            assertEquals(g, fd, 0.02 * Math.abs(g) + 0.01 * largest + rounding, what + " pixel " + pixels.get(k));
        }
    }
}
