package dev.kerascope.layers;

import dev.kerascope.walker.PlainJava;
import java.util.List;

/**
 * The independent oracle for the layer ops: each layer written out in plain Java loops over NHWC inputs, from Keras's
 * and TensorFlow's definitions (double accumulation).
 */
final class Reference {
    private Reference() {}

    /** Conv2D with stride and VALID or SAME padding (TensorFlow's split: the extra pixel at the end); kernel HWIO. */
    static float[] conv2d(
            float[] x,
            int n,
            int h,
            int w,
            int ci,
            float[] k,
            List<Integer> ks,
            float[] bias,
            int sh,
            int sw,
            boolean same) {
        // The walker tests' plain-Java convolution, one oracle for both.
        long[] kernel = ks.stream().mapToLong(Integer::longValue).toArray();
        return PlainJava.conv2d(
                x, new long[] {n, h, w, ci}, k, kernel, bias, sh, sw, same ? "SAME" : "VALID", new int[4]);
    }

    static float[] relu(float[] v) {
        float[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.max(0, out[i]);
        }
        return out;
    }

    /** Keras's BatchNormalization at inference, channels last: gamma (x - mean) / sqrt(var + eps) + beta. */
    static float[] batchNorm(float[] x, float[] gamma, float[] beta, float[] mean, float[] var, float eps) {
        int c = gamma.length;
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            int ch = i % c;
            out[i] = (float) (gamma[ch] * (x[i] - mean[ch]) / Math.sqrt(var[ch] + eps) + beta[ch]);
        }
        return out;
    }

    /** Dense on the last axis: x (rows x in) times kernel (in x units) plus bias. */
    static float[] dense(float[] x, int in, float[] k, int units, float[] bias) {
        int rows = x.length / in;
        float[] out = new float[rows * units];
        for (int r = 0; r < rows; r++) {
            for (int u = 0; u < units; u++) {
                double sum = bias[u];
                for (int i = 0; i < in; i++) {
                    sum += x[r * in + i] * k[i * units + u];
                }
                out[r * units + u] = (float) sum;
            }
        }
        return out;
    }

    /** VALID pooling with window k and stride st; max or average. */
    static float[] pool(float[] x, int n, int h, int w, int c, int k, int st, boolean max) {
        int oh = (h - k) / st + 1, ow = (w - k) / st + 1;
        float[] out = new float[n * oh * ow * c];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < oh; y++) {
                for (int x0 = 0; x0 < ow; x0++) {
                    for (int ch = 0; ch < c; ch++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        for (int i = 0; i < k; i++) {
                            for (int j = 0; j < k; j++) {
                                float v = x[((b * h + y * st + i) * w + x0 * st + j) * c + ch];
                                acc = max ? Math.max(acc, v) : acc + v;
                            }
                        }
                        out[((b * oh + y) * ow + x0) * c + ch] = (float) (max ? acc : acc / (k * k));
                    }
                }
            }
        }
        return out;
    }

    /** Global pooling over height and width. */
    static float[] global(float[] x, int n, int hw, int c, boolean max) {
        float[] out = new float[n * c];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                double acc = max ? Double.NEGATIVE_INFINITY : 0;
                for (int p = 0; p < hw; p++) {
                    float v = x[(b * hw + p) * c + ch];
                    acc = max ? Math.max(acc, v) : acc + v;
                }
                out[b * c + ch] = (float) (max ? acc : acc / hw);
            }
        }
        return out;
    }

    /** DepthwiseConv2D, VALID, stride 1: kernel (kh, kw, c, m), output channel c * m + j. */
    static float[] depthwise(float[] x, int n, int h, int w, int c, float[] k, int kh, int kw, int m, float[] bias) {
        int oh = h - kh + 1, ow = w - kw + 1;
        float[] out = new float[n * oh * ow * c * m];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < oh; y++) {
                for (int x0 = 0; x0 < ow; x0++) {
                    for (int ch = 0; ch < c; ch++) {
                        for (int j = 0; j < m; j++) {
                            double sum = bias == null ? 0 : bias[ch * m + j];
                            for (int i = 0; i < kh; i++) {
                                for (int q = 0; q < kw; q++) {
                                    sum += x[((b * h + y + i) * w + x0 + q) * c + ch]
                                            * k[((i * kw + q) * c + ch) * m + j];
                                }
                            }
                            out[((b * oh + y) * ow + x0) * c * m + ch * m + j] = (float) sum;
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Zero padding (top, bottom, left, right) or, with negative amounts, cropping. */
    static float[] pad(float[] x, int n, int h, int w, int c, int top, int bottom, int left, int right) {
        int oh = h + top + bottom, ow = w + left + right;
        float[] out = new float[n * oh * ow * c];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < oh; y++) {
                for (int x0 = 0; x0 < ow; x0++) {
                    int yy = y - top, xx = x0 - left;
                    if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
                        continue;
                    }
                    for (int ch = 0; ch < c; ch++) {
                        out[((b * oh + y) * ow + x0) * c + ch] = x[((b * h + yy) * w + xx) * c + ch];
                    }
                }
            }
        }
        return out;
    }

    /** Nearest-neighbour upsampling by integer factors: each pixel repeated. */
    static float[] upsample(float[] x, int n, int h, int w, int c, int sh, int sw) {
        float[] out = new float[n * h * sh * w * sw * c];
        for (int b = 0; b < n; b++) {
            for (int y = 0; y < h * sh; y++) {
                for (int x0 = 0; x0 < w * sw; x0++) {
                    for (int ch = 0; ch < c; ch++) {
                        out[((b * h * sh + y) * w * sw + x0) * c + ch] = x[((b * h + y / sh) * w + x0 / sw) * c + ch];
                    }
                }
            }
        }
        return out;
    }

    static float[] softmax(float[] x, int c) {
        float[] out = new float[x.length];
        for (int r = 0; r < x.length / c; r++) {
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (int i = 0; i < c; i++) {
                max = Math.max(max, x[r * c + i]);
            }
            for (int i = 0; i < c; i++) {
                sum += Math.exp(x[r * c + i] - max);
            }
            for (int i = 0; i < c; i++) {
                out[r * c + i] = (float) (Math.exp(x[r * c + i] - max) / sum);
            }
        }
        return out;
    }

    /** Keras's activations by name, elementwise (softmax aside); hard_sigmoid as Keras 3 defines it. */
    static float[] activation(String name, float[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            out[i] = (float)
                    switch (name) {
                        case "relu" -> Math.max(0, v);
                        case "sigmoid" -> 1 / (1 + Math.exp(-v));
                        case "tanh" -> Math.tanh(v);
                        case "linear" -> v;
                        case "elu" -> v > 0 ? v : Math.exp(v) - 1;
                        case "selu" -> 1.0507009873554805 * (v > 0 ? v : 1.6732632423543772 * (Math.exp(v) - 1));
                        case "gelu" -> 0.5 * v * (1 + erf(v / Math.sqrt(2)));
                        case "swish", "silu" -> v / (1 + Math.exp(-v));
                        case "leaky_relu" -> v >= 0 ? v : 0.2 * v;
                        case "hard_sigmoid" -> Math.min(1, Math.max(0, v / 6 + 0.5));
                        default -> throw new IllegalArgumentException(name);
                    };
        }
        return out;
    }

    /** erf to 1e-12 by its Taylor series (|x| small) or continued fraction; fine for |x| < 6. */
    static double erf(double x) {
        double sum = 0, term = x;
        for (int n = 0; n < 200; n++) {
            sum += term / (2 * n + 1);
            term *= -x * x / (n + 1);
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }
}
