package dev.kerascope.walker;

/**
 * The independent oracle: convolution, bias, activation and max pooling written out in plain Java loops over NHWC
 * inputs and HWIO kernels, as TensorFlow defines them.
 */
public final class PlainJava {
    private PlainJava() {}

    /** Conv2D (+ bias) with TensorFlow's VALID or SAME padding; returns NHWC of shape {n, oh, ow, co}. */
    public static float[] conv2d(
            float[] x, long[] xs, float[] k, long[] ks, float[] bias, int sh, int sw, String padding, int[] outShape) {
        int n = (int) xs[0], h = (int) xs[1], w = (int) xs[2], ci = (int) xs[3];
        int kh = (int) ks[0], kw = (int) ks[1], co = (int) ks[3];
        boolean same = padding.equals("SAME");
        int oh = same ? (h + sh - 1) / sh : (h - kh) / sh + 1;
        int ow = same ? (w + sw - 1) / sw : (w - kw) / sw + 1;
        int padTop = same ? Math.max((oh - 1) * sh + kh - h, 0) / 2 : 0;
        int padLeft = same ? Math.max((ow - 1) * sw + kw - w, 0) / 2 : 0;
        float[] out = new float[n * oh * ow * co];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < oh; y++) {
                for (int x0 = 0; x0 < ow; x0++) {
                    for (int o = 0; o < co; o++) {
                        double sum = bias == null ? 0 : bias[o];
                        for (int i = 0; i < kh; i++) {
                            int yy = y * sh + i - padTop;
                            if (yy < 0 || yy >= h) {
                                continue;
                            }
                            for (int j = 0; j < kw; j++) {
                                int xx = x0 * sw + j - padLeft;
                                if (xx < 0 || xx >= w) {
                                    continue;
                                }
                                for (int c = 0; c < ci; c++) {
                                    sum += x[((b * h + yy) * w + xx) * ci + c] * k[((i * kw + j) * ci + c) * co + o];
                                }
                            }
                        }
                        out[((b * oh + y) * ow + x0) * co + o] = (float) sum;
                    }
                }
            }
        }
        outShape[0] = n;
        outShape[1] = oh;
        outShape[2] = ow;
        outShape[3] = co;
        return out;
    }

    static float[] activate(float[] v, String op, float alpha) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            switch (op) {
                case "Relu" -> out[i] = Math.max(0, out[i]);
                case "LeakyRelu" -> out[i] = out[i] >= 0 ? out[i] : alpha * out[i];
                    // An op the oracle does not know must not pass as the identity: the test would then compare
                    // a pre-activation value with itself.
                default -> throw new IllegalArgumentException("PlainJava.activate does not know op " + op);
            }
        }
        return out;
    }

    /** MaxPool with VALID padding over NHWC. */
    static float[] maxPool(float[] x, long[] xs, int kh, int kw, int sh, int sw) {
        int n = (int) xs[0], h = (int) xs[1], w = (int) xs[2], c = (int) xs[3];
        int oh = (h - kh) / sh + 1, ow = (w - kw) / sw + 1;
        float[] out = new float[n * oh * ow * c];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < oh; y++) {
                for (int x0 = 0; x0 < ow; x0++) {
                    for (int ch = 0; ch < c; ch++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < kh; i++) {
                            for (int j = 0; j < kw; j++) {
                                m = Math.max(m, x[((b * h + y * sh + i) * w + x0 * sw + j) * c + ch]);
                            }
                        }
                        out[((b * oh + y) * ow + x0) * c + ch] = m;
                    }
                }
            }
        }
        return out;
    }

    /** Zero padding of an NHWC tensor; {@code outShape} receives the padded shape. */
    static float[] pad(float[] x, long[] xs, int top, int bottom, int left, int right, long[] outShape) {
        int n = (int) xs[0], h = (int) xs[1], w = (int) xs[2], c = (int) xs[3];
        int ph = h + top + bottom, pw = w + left + right;
        float[] out = new float[n * ph * pw * c];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h; y++) {
                for (int x0 = 0; x0 < w; x0++) {
                    System.arraycopy(x, ((b * h + y) * w + x0) * c, out, ((b * ph + y + top) * pw + x0 + left) * c, c);
                }
            }
        }
        outShape[0] = n;
        outShape[1] = ph;
        outShape[2] = pw;
        outShape[3] = c;
        return out;
    }

    /**
     * MaxPool with TensorFlow's SAME padding: ceil(in / stride) outputs, the padding split with the smaller half
     * before, padded cells never taking part in the maximum.
     */
    static float[] maxPoolSame(float[] x, long[] xs, int kh, int kw, int sh, int sw, long[] outShape) {
        int n = (int) xs[0], h = (int) xs[1], w = (int) xs[2], c = (int) xs[3];
        int oh = (int) Math.ceil(h / (double) sh), ow = (int) Math.ceil(w / (double) sw);
        int top = Math.max((oh - 1) * sh + kh - h, 0) / 2, left = Math.max((ow - 1) * sw + kw - w, 0) / 2;
        float[] out = new float[n * oh * ow * c];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < oh; y++) {
                for (int x0 = 0; x0 < ow; x0++) {
                    for (int ch = 0; ch < c; ch++) {
                        float m = Float.NEGATIVE_INFINITY;
                        for (int i = 0; i < kh; i++) {
                            for (int j = 0; j < kw; j++) {
                                int yy = y * sh + i - top, xx = x0 * sw + j - left;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                    m = Math.max(m, x[((b * h + yy) * w + xx) * c + ch]);
                                }
                            }
                        }
                        out[((b * oh + y) * ow + x0) * c + ch] = m;
                    }
                }
            }
        }
        outShape[0] = n;
        outShape[1] = oh;
        outShape[2] = ow;
        outShape[3] = c;
        return out;
    }

    /** x (n × in) times kernel (in × units) plus bias. */
    static float[] dense(float[] x, int n, float[] kernel, float[] bias, int units) {
        int in = x.length / n;
        float[] out = new float[n * units];
        for (int b = 0; b < n; b++) {
            for (int u = 0; u < units; u++) {
                double sum = bias == null ? 0 : bias[u];
                for (int i = 0; i < in; i++) {
                    sum += (double) x[b * in + i] * kernel[i * units + u];
                }
                out[b * units + u] = (float) sum;
            }
        }
        return out;
    }

    /** Row-wise softmax over the last axis of width {@code units}. */
    static float[] softmax(float[] z, int units) {
        float[] out = new float[z.length];
        for (int r = 0; r < z.length / units; r++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int u = 0; u < units; u++) {
                max = Math.max(max, z[r * units + u]);
            }
            double sum = 0;
            for (int u = 0; u < units; u++) {
                sum += Math.exp(z[r * units + u] - max);
            }
            for (int u = 0; u < units; u++) {
                out[r * units + u] = (float) (Math.exp(z[r * units + u] - max) / sum);
            }
        }
        return out;
    }
}
