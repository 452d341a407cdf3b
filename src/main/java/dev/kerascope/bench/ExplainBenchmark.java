package dev.kerascope.bench;

import dev.kerascope.data.LabeledImages;
import dev.kerascope.explain.Explainer;
import dev.kerascope.explain.Gradients;
import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code bench explain}: images per second for the forward pass alone (class scores), saliency and Grad-CAM (each for
 * the image's predicted class, the default) on batches of test images; rounds alternate, medians reported. A first
 * untimed pass builds the gradient ops (one per class met).
 */
public final class ExplainBenchmark {
    private ExplainBenchmark() {}

    public static void run(Path model, LabeledImages test, int batch, int steps, int rounds, Consumer<String> out) {
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
            ModelInput in = ModelInput.forImages(model, w, null, null);
            Explainer e = new Explainer(new Gradients(w, model));
            List<float[]> batches = new ArrayList<>();
            int size = test.imageSize();
            for (int s = 0; s < steps; s++) {
                List<Pixels> px = new ArrayList<>();
                for (int i = 0; i < batch; i++) {
                    int index = (s * batch + i) % test.count();
                    int[] grey = new int[size];
                    for (int j = 0; j < size; j++) {
                        grey[j] = test.pixels()[index * size + j] & 0xff;
                    }
                    px.add(in.fromGrey(test.rows(), test.cols(), grey));
                }
                batches.add(in.feed(px).values().iterator().next().floats());
            }
            String layer = e.defaultCamLayer();
            List<String> names = List.of("forward (scores)", "saliency", "Grad-CAM at " + layer);
            double[][] rates = new double[names.size()][rounds];
            for (int m = 0; m < names.size(); m++) {
                time(e, m, batches, batch, layer);
            }
            for (int r = 0; r < rounds; r++) {
                for (int m = 0; m < names.size(); m++) {
                    rates[m][r] = batch * steps / time(e, m, batches, batch, layer);
                }
            }
            out.accept(String.format(
                    Locale.ROOT,
                    "bench explain %s: batch %d, %d batches per round, %d rounds, %d cores",
                    model,
                    batch,
                    steps,
                    rounds,
                    Runtime.getRuntime().availableProcessors()));
            for (int m = 0; m < names.size(); m++) {
                Arrays.sort(rates[m]);
                out.accept(String.format(
                        Locale.ROOT,
                        "  %-22s %8.0f images/s (median; min %.0f, max %.0f)",
                        names.get(m),
                        rates[m][rounds / 2],
                        rates[m][0],
                        rates[m][rounds - 1]));
            }
        }
    }

    private static double time(Explainer e, int method, List<float[]> batches, int batch, String layer) {
        long start = System.nanoTime();
        for (float[] x : batches) {
            switch (method) {
                case 0 -> e.gradients().scores(x, batch);
                case 1 -> e.saliency(x, batch, null);
                default -> e.gradCam(x, batch, null, layer, false);
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }
}
