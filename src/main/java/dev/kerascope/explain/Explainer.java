package dev.kerascope.explain;

import dev.kerascope.io.BadInputException;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.tensorflow.Output;

/**
 * Saliency, SmoothGrad, Grad-CAM and Grad-CAM++ for images already scaled as the model takes them (flat, batch first).
 * A class of -1 (or no classes) means each image's top-scoring class.
 */
public final class Explainer {
    /** Rows per run for SmoothGrad's noisy copies. */
    static final int BATCH = 64;

    private final Gradients gradients;
    private final int rows;
    private final int cols;
    private final int channels;

    /**
     * Attributions from one model's gradients.
     *
     * @param gradients the model's gradients
     * @throws BadInputException when the model takes images of any size (maps need a fixed one)
     */
    public Explainer(Gradients gradients) {
        this.gradients = gradients;
        long[] s = gradients.walker().inputShape();
        rows = (int) s[1];
        cols = (int) s[2];
        channels = s.length == 4 ? (int) s[3] : 1;
        if (rows < 1 || cols < 1) {
            throw new BadInputException("the model takes images of any size " + Arrays.toString(s)
                    + "; attributions need a fixed input size");
        }
    }

    /**
     * The gradients this explainer takes.
     *
     * @return them
     */
    public Gradients gradients() {
        return gradients;
    }

    /**
     * The classes to explain: the given ones, each -1 replaced by the image's top-scoring class.
     *
     * @param images the images as fed, {@code n} of them one after the other (rows x cols x channels each)
     * @param n how many images
     * @param given each image's class or -1 (null: -1 for every image)
     * @return one class per image
     */
    public int[] classes(float[] images, int n, int[] given) {
        int[] out = given == null ? new int[n] : given.clone();
        if (given == null) {
            Arrays.fill(out, -1);
        }
        if (Arrays.stream(out).anyMatch(c -> c < 0)) {
            int[] top = Gradients.argmax(gradients.scores(images, n));
            for (int i = 0; i < n; i++) {
                out[i] = out[i] < 0 ? top[i] : out[i];
            }
        }
        return out;
    }

    /** Each row's class: one run with the class chosen in the graph when every class is the predicted one. */
    private Gradients.Batch run(float[] images, int n, int[] classes, String wrt, int[] chosen) {
        if (classes == null || Arrays.stream(classes).allMatch(c -> c < 0)) {
            Gradients.Batch b = gradients.run(images, n, Target.predictedClass(), wrt);
            System.arraycopy(Gradients.argmax(b.scores()), 0, chosen, 0, n);
            return b;
        }
        System.arraycopy(classes(images, n, classes), 0, chosen, 0, n);
        return gradients.runClasses(images, n, chosen, wrt);
    }

    /**
     * Saliency: d score / d input per image (signed); the map drawn is max over channels of its absolute value.
     *
     * @param images the images as fed, {@code n} of them one after the other (rows x cols x channels each)
     * @param n how many images
     * @param classes each image's class, -1 for its predicted one (null: every image's predicted class)
     * @return one explanation per image
     */
    public List<Explanation> saliency(float[] images, int n, int[] classes) {
        int[] cls = new int[n];
        Gradients.Batch b = run(images, n, classes, Gradients.INPUT, cls);
        List<Explanation> out = new ArrayList<>();
        int per = rows * cols * channels;
        for (int i = 0; i < n; i++) {
            float[] g = Arrays.copyOfRange(b.gradient().values(), i * per, (i + 1) * per);
            out.add(new Explanation(
                    "saliency",
                    cls[i],
                    score(b.scores(), i, cls[i]),
                    null,
                    rows,
                    cols,
                    absMax(g),
                    new long[] {rows, cols, channels},
                    g));
        }
        return out;
    }

    /**
     * SmoothGrad (Smilkov et al. 2017): the mean gradient over {@code samples} copies of each image with Gaussian noise
     * of standard deviation {@code noise} times the image's value range (max - min; 1 for a constant image).
     *
     * @param images the images as fed, {@code n} of them one after the other (rows x cols x channels each)
     * @param n how many images
     * @param classes each image's class, -1 for its predicted one (null: every image's predicted class)
     * @param samples the noisy copies per image, 1 or more
     * @param noise the noise's standard deviation as a fraction of the value range, 0 or more
     * @param seed the noise generator's seed (the same seed gives the same maps)
     * @return one explanation per image
     */
    public List<Explanation> smoothGrad(float[] images, int n, int[] classes, int samples, double noise, long seed) {
        if (samples < 1 || !(noise >= 0)) {
            throw new BadInputException("SmoothGrad needs at least 1 noisy copy and a noise of at least 0");
        }
        int[] cls = classes(images, n, classes);
        Random random = new Random(seed);
        int per = rows * cols * channels;
        List<Explanation> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < per; j++) {
                min = Math.min(min, images[i * per + j]);
                max = Math.max(max, images[i * per + j]);
            }
            double sigma = noise * (max > min ? max - min : 1);
            double[] sum = new double[per];
            for (int done = 0; done < samples; done += BATCH) {
                int m = Math.min(BATCH, samples - done);
                float[] noisy = new float[m * per];
                for (int s = 0; s < m; s++) {
                    for (int j = 0; j < per; j++) {
                        noisy[s * per + j] = (float) (images[i * per + j] + sigma * random.nextGaussian());
                    }
                }
                float[] g = gradients
                        .run(noisy, m, Target.classScore(cls[i]), Gradients.INPUT)
                        .gradient()
                        .values();
                for (int j = 0; j < m * per; j++) {
                    sum[j % per] += g[j];
                }
            }
            float[] mean = new float[per];
            for (int j = 0; j < per; j++) {
                mean[j] = (float) (sum[j] / samples);
            }
            float score = score(gradients.scores(Arrays.copyOfRange(images, i * per, (i + 1) * per), 1), 0, cls[i]);
            out.add(new Explanation(
                    "smoothgrad",
                    cls[i],
                    score,
                    null,
                    rows,
                    cols,
                    absMax(mean),
                    new long[] {rows, cols, channels},
                    mean));
        }
        return out;
    }

    /**
     * The last convolution whose output is a stack of maps: Grad-CAM's default layer.
     *
     * @return the layer's name
     * @throws BadInputException when the model has no such layer
     */
    public String defaultCamLayer() {
        SavedModelWalker w = gradients.walker();
        String last = null;
        for (String l : w.layerNames()) {
            if (w.layer(l).className().contains("Conv") && isMapStack(w.tensor(Fetch.layer(l)))) {
                last = l;
            }
        }
        if (last == null) {
            throw new BadInputException("the model has no convolution layer with a 4-D output; "
                    + "name a layer for Grad-CAM (layers: "
                    + String.join(", ", w.layerNames()) + ")");
        }
        return last;
    }

    private static boolean isMapStack(Output<?> t) {
        return t.shape().numDimensions() == 4;
    }

    /**
     * Grad-CAM, or Grad-CAM++ when {@code plusPlus}, at {@code layer}, upsampled to the input's size.
     *
     * @param images the images as fed, {@code n} of them one after the other (rows x cols x channels each)
     * @param n how many images
     * @param classes each image's class, -1 for its predicted one (null: every image's predicted class)
     * @param layer the layer, a stack of maps (null: {@link #defaultCamLayer()})
     * @param plusPlus Grad-CAM++'s weights instead of Grad-CAM's
     * @return one explanation per image
     * @throws BadInputException when the layer is not a stack of maps or there is no default one
     */
    public List<Explanation> gradCam(float[] images, int n, int[] classes, String layer, boolean plusPlus) {
        String at = layer == null ? defaultCamLayer() : layer;
        gradients.walker().layer(at);
        if (!isMapStack(gradients.walker().tensor(Fetch.layer(at)))) {
            throw new BadInputException("layer '" + at + "' outputs "
                    + gradients.walker().tensor(Fetch.layer(at)).shape()
                    + ", not a stack of maps (batch, rows, columns, channels); Grad-CAM needs a convolution "
                    + "or pooling layer");
        }
        int[] cls = new int[n];
        Gradients.Batch b = run(images, n, classes, at, cls);
        long[] s = b.values().shape();
        int h = (int) s[1];
        int w = (int) s[2];
        int k = (int) s[3];
        List<Explanation> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int offset = i * h * w * k;
            float[] a = b.values().values();
            float[] g = b.gradient().values();
            double[] weights = plusPlus
                    ? CamMaps.gradCamPlusPlusWeights(a, g, offset, h, w, k)
                    : CamMaps.gradCamWeights(g, offset, h, w, k);
            float[] map = CamMaps.upsample(CamMaps.combine(a, offset, h, w, k, weights), h, w, rows, cols);
            out.add(new Explanation(
                    plusPlus ? "gradcam++" : "gradcam",
                    cls[i],
                    score(b.scores(), i, cls[i]),
                    at,
                    rows,
                    cols,
                    map,
                    new long[] {rows, cols},
                    map));
        }
        return out;
    }

    private static float score(LayerTensor scores, int row, int cls) {
        int k = (int) scores.shape()[1];
        return scores.values()[row * k + cls];
    }

    private float[] absMax(float[] g) {
        float[] heat = new float[rows * cols];
        for (int p = 0; p < rows * cols; p++) {
            for (int c = 0; c < channels; c++) {
                heat[p] = Math.max(heat[p], Math.abs(g[p * channels + c]));
            }
        }
        return heat;
    }
}
