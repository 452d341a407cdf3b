package dev.kerascope.layers;

import java.util.List;

/**
 * The independent oracle for the layer ops: each layer written out in plain Java loops over NHWC
 * inputs, from Keras's and TensorFlow's definitions (double accumulation).
 */
final class Reference {
  private Reference() {}

  /** Conv2D with stride and VALID or SAME padding (TensorFlow's split: the extra pixel at the end); kernel HWIO. */
  static float[] conv2d(float[] x, int n, int h, int w, int ci, float[] k, List<Integer> ks, float[] bias, int sh, int sw, boolean same) {
    int kh = ks.get(0), kw = ks.get(1), co = ks.get(3);
    int oh = same ? (h + sh - 1) / sh : (h - kh) / sh + 1;
    int ow = same ? (w + sw - 1) / sw : (w - kw) / sw + 1;
    int top = same ? Math.max((oh - 1) * sh + kh - h, 0) / 2 : 0;
    int left = same ? Math.max((ow - 1) * sw + kw - w, 0) / 2 : 0;
    float[] out = new float[n * oh * ow * co];
    for (int b = 0; b < n; b++) {
      for (int y = 0; y < oh; y++) {
        for (int x0 = 0; x0 < ow; x0++) {
          for (int o = 0; o < co; o++) {
            double sum = bias == null ? 0 : bias[o];
            for (int i = 0; i < kh; i++) {
              for (int j = 0; j < kw; j++) {
                int yy = y * sh + i - top;
                int xx = x0 * sw + j - left;
                if (yy < 0 || yy >= h || xx < 0 || xx >= w) {
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
    return out;
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
}
