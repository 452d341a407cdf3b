package dev.kerascope.explain;

/**
 * Grad-CAM and Grad-CAM++ from one image's activations A (h x w x K, channels last) and the class score's gradient G at
 * them, and the bilinear upsampling to the input's size.
 */
public final class CamMaps {
    private CamMaps() {}

    /** Grad-CAM's channel weights (Selvaraju et al. 2017): alpha_k, the spatial mean of d score / d A_k. */
    static double[] gradCamWeights(float[] grad, int offset, int h, int w, int k) {
        double[] alpha = new double[k];
        for (int p = 0; p < h * w; p++) {
            for (int c = 0; c < k; c++) {
                alpha[c] += grad[offset + p * k + c];
            }
        }
        for (int c = 0; c < k; c++) {
            alpha[c] /= h * w;
        }
        return alpha;
    }

    /**
     * Grad-CAM++'s channel weights (Chattopadhay et al. 2018, eq. 19 with the exponential score): per position a_ij =
     * g^2 / (2 g^2 + sum_ab A_ab g^3), and w_k = sum_ij a_ij ReLU(g_ij). The factor exp(score) the paper carries is the
     * same for every channel, so it only scales the map, and it is left out.
     */
    static double[] gradCamPlusPlusWeights(float[] acts, float[] grad, int offset, int h, int w, int k) {
        double[] sumA = new double[k];
        for (int p = 0; p < h * w; p++) {
            for (int c = 0; c < k; c++) {
                sumA[c] += acts[offset + p * k + c];
            }
        }
        double[] weights = new double[k];
        for (int p = 0; p < h * w; p++) {
            for (int c = 0; c < k; c++) {
                double g = grad[offset + p * k + c];
                double g2 = g * g;
                double denominator = 2 * g2 + sumA[c] * g2 * g;
                double a = denominator != 0 ? g2 / denominator : 0;
                weights[c] += a * Math.max(g, 0);
            }
        }
        return weights;
    }

    /** ReLU(sum_k weight_k A_k), h x w. */
    static float[] combine(float[] acts, int offset, int h, int w, int k, double[] weights) {
        float[] cam = new float[h * w];
        for (int p = 0; p < h * w; p++) {
            double s = 0;
            for (int c = 0; c < k; c++) {
                s += weights[c] * acts[offset + p * k + c];
            }
            cam[p] = (float) Math.max(0, s);
        }
        return cam;
    }

    /**
     * Bilinear resize of an h x w map to rows x cols with half-pixel centres (a target pixel's centre maps to (i + 0.5)
     * * h / rows - 0.5 in the source), clamped at the edges: the convention of tf.image.resize.
     *
     * @param map the map, h x w, row-major
     * @param h the map's rows
     * @param w the map's columns
     * @param rows the rows wanted (the input's)
     * @param cols the columns wanted
     * @return the resized map, rows x cols, row-major
     */
    public static float[] upsample(float[] map, int h, int w, int rows, int cols) {
        float[] out = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            double y = Math.min(Math.max((r + 0.5) * h / rows - 0.5, 0), h - 1);
            int y0 = (int) Math.floor(y);
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = y - y0;
            for (int c = 0; c < cols; c++) {
                double x = Math.min(Math.max((c + 0.5) * w / cols - 0.5, 0), w - 1);
                int x0 = (int) Math.floor(x);
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = x - x0;
                double top = map[y0 * w + x0] * (1 - fx) + map[y0 * w + x1] * fx;
                double bottom = map[y1 * w + x0] * (1 - fx) + map[y1 * w + x1] * fx;
                out[r * cols + c] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }
}
