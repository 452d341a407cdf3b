package dev.kerascope.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The layers that compute differently while training, as Keras's {@code fit} runs them: Dropout and SpatialDropout2D
 * drop inputs, BatchNormalization normalises with the batch's statistics and moves its moving ones. A training graph is
 * also evaluated (validation), so each switches on a learning phase fed 1 on training steps and 0 by default, arranged
 * so that phase 0 computes exactly what the inference graph computes.
 */
final class TrainingOps {
    private TrainingOps() {}

    /** What a training build shares across layers: the phase, the seed, the step, and the updates it collects. */
    static final class Training {
        final Operand<TFloat32> phase;
        final long seed;
        final Operand<TInt64> step;
        final boolean besselForMovingVariance;
        final List<Op> updates = new ArrayList<>();
        private int randomLayers;

        /**
         * @param step the optimizer's iteration count: dropout masks are drawn from (seed, layer, step), not from a
         *     stateful generator, so a run resumed from a checkpoint draws the masks an uninterrupted run draws
         * @param besselForMovingVariance tf.keras 2's fused kernel (4-D inputs) moves the variance with the batch
         *     variance times n/(n-1); Keras 3 uses the plain batch variance
         */
        Training(Operand<TFloat32> phase, long seed, Operand<TInt64> step, boolean besselForMovingVariance) {
            this.phase = phase;
            this.seed = seed;
            this.step = step;
            this.besselForMovingVariance = besselForMovingVariance;
        }

        /** A seed pair for one random layer and this step: stable across runs, different per layer. */
        Operand<TInt64> seedFor(Ops s) {
            long layerSeed = seed * 1_000_003L + (++randomLayers);
            return s.stack(List.of(s.constant(layerSeed), step));
        }
    }

    /**
     * Keras's dropout, {@code x * (u >= rate) / (1 - rate)} with u uniform in [0, 1), one u per element (Dropout) or
     * per example and channel (SpatialDropout2D); the identity at phase 0.
     */
    static Operand<TFloat32> dropout(Ops s, Operand<TFloat32> x, JsonNode c, boolean spatial, Training t) {
        double rate = c.path("rate").asDouble(0);
        if (!(rate > 0)) {
            return x;
        }
        Operand<TInt32> shape = s.shape(x);
        if (spatial) {
            // [batch, 1, 1, channels]: whole feature maps are dropped.
            shape = s.math.add(
                    s.math.mul(shape, s.constant(new int[] {1, 0, 0, 1})), s.constant(new int[] {0, 1, 1, 0}));
        }
        Operand<TFloat32> u = s.random.statelessRandomUniform(shape, t.seedFor(s), TFloat32.class);
        Operand<TFloat32> keep = s.dtypes.cast(s.math.greaterEqual(u, s.constant((float) rate)), TFloat32.class);
        Operand<TFloat32> scaled = s.math.mul(keep, s.constant((float) (1 / (1 - rate))));
        Operand<TFloat32> factor = s.math.add(s.math.mul(t.phase, scaled), s.math.sub(s.constant(1f), t.phase));
        return s.withName("dropout").math.mul(x, factor);
    }

    /**
     * BatchNormalization while training: the batch's mean and (biased) variance over every axis but the last normalise
     * the input, and each step moves the moving statistics to {@code momentum * moving + (1 - momentum) * batch}. At
     * phase 0 the moving statistics normalise, as at inference. A layer with {@code trainable: false} runs in inference
     * mode (Keras's rule since TF 2.0) and moves nothing.
     */
    static Operand<TFloat32> batchNorm(
            Ops s, Operand<TFloat32> x, JsonNode c, Map<String, Operand<TFloat32>> w, List<Integer> in, Training t) {
        int rank = in.size();
        float eps = (float) c.path("epsilon").asDouble(1e-3);
        if (!c.path("trainable").asBoolean(true)) {
            return normalize(s, x, w.get("moving_mean"), w.get("moving_variance"), w, eps);
        }
        int[] axes = new int[rank - 1];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        Operand<TFloat32> mean = s.withName("batch_mean").math.mean(x, s.constant(axes));
        Operand<TFloat32> variance = s.withName("batch_variance")
                .math
                .mean(s.math.squaredDifference(x, s.stopGradient(mean)), s.constant(axes));
        Operand<TFloat32> off = s.math.sub(s.constant(1f), t.phase);
        Operand<TFloat32> useMean = s.math.add(s.math.mul(t.phase, mean), s.math.mul(off, w.get("moving_mean")));
        Operand<TFloat32> useVariance =
                s.math.add(s.math.mul(t.phase, variance), s.math.mul(off, w.get("moving_variance")));
        float momentum = (float) c.path("momentum").asDouble(0.99);
        Operand<TFloat32> movedVariance = variance;
        if (t.besselForMovingVariance && rank == 4) {
            // n: the values per channel in this batch (examples x rows x cols).
            Operand<TFloat32> n =
                    s.math.div(s.dtypes.cast(s.size(x), TFloat32.class), s.constant((float) in.get(rank - 1)));
            movedVariance =
                    s.math.mul(variance, s.math.div(n, s.math.maximum(s.math.sub(n, s.constant(1f)), s.constant(1f))));
        }
        t.updates.add(move(s, "moving_mean", w.get("moving_mean"), mean, momentum));
        t.updates.add(move(s, "moving_variance", w.get("moving_variance"), movedVariance, momentum));
        return normalize(s, x, useMean, useVariance, w, eps);
    }

    @SuppressWarnings("unchecked")
    private static Op move(Ops s, String name, Operand<TFloat32> moving, Operand<TFloat32> batch, float momentum) {
        Operand<TFloat32> value =
                s.math.add(s.math.mul(moving, s.constant(momentum)), s.math.mul(batch, s.constant(1 - momentum)));
        return s.withName(name + "_update").assign((Variable<TFloat32>) moving, value);
    }

    /**
     * tf.nn.batch_normalization's arithmetic, shared with inference: x * inv + (beta - mean * inv), inv = gamma /
     * sqrt(var + eps).
     */
    static Operand<TFloat32> normalize(
            Ops s,
            Operand<TFloat32> x,
            Operand<TFloat32> mean,
            Operand<TFloat32> variance,
            Map<String, Operand<TFloat32>> w,
            float eps) {
        Operand<TFloat32> inv = s.math.rsqrt(s.math.add(variance, s.constant(eps)));
        if (w.containsKey("gamma")) {
            inv = s.math.mul(inv, w.get("gamma"));
        }
        Operand<TFloat32> shift = s.math.neg(s.math.mul(mean, inv));
        if (w.containsKey("beta")) {
            shift = s.math.add(shift, w.get("beta"));
        }
        return s.withName("batchnorm").math.add(s.math.mul(x, inv), shift);
    }
}
