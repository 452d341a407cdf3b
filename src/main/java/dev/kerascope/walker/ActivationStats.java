package dev.kerascope.walker;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a reader wants to know of one layer's output for a batch: value range, mean, the fraction of exact zeros (dead
 * units after a ReLU), and the channels with the highest mean activation.
 *
 * @param layer the fetched tensor's name
 * @param shape its shape
 * @param min the smallest value (0 for an empty tensor)
 * @param max the largest value (0 for an empty tensor)
 * @param mean the mean value
 * @param zeroFraction the fraction of values that are exactly 0
 * @param topChannels the channels (last dimension) with the highest mean, highest first
 */
public record ActivationStats(
        String layer, long[] shape, float min, float max, double mean, double zeroFraction, List<Integer> topChannels) {

    /**
     * The statistics of a fetched tensor.
     *
     * @param t the tensor, channels last
     * @param top how many channels to rank
     * @return its statistics
     */
    public static ActivationStats of(LayerTensor t, int top) {
        float[] v = t.values();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        double sum = 0;
        long zeros = 0;
        for (float x : v) {
            x = x == 0 ? 0f : x; // -0.0 from fused kernels prints as "-0.0000"
            min = Math.min(min, x);
            max = Math.max(max, x);
            sum += x;
            zeros += x == 0 ? 1 : 0;
        }
        // A scalar or an empty tensor has no channels to rank.
        long[] shape = t.shape();
        int channels = shape.length == 0 || v.length == 0 ? 0 : (int) shape[shape.length - 1];
        double[] perChannel = new double[channels];
        for (int i = 0; channels > 0 && i < v.length; i++) {
            perChannel[i % channels] += v[i];
        }
        List<Integer> order = new ArrayList<>();
        for (int c = 0; c < channels; c++) {
            order.add(c);
        }
        order.sort(Comparator.comparingDouble((Integer c) -> -perChannel[c]).thenComparingInt(c -> c));
        if (v.length == 0) {
            min = 0;
            max = 0;
        }
        return new ActivationStats(
                t.layer(),
                t.shape(),
                min,
                max,
                v.length == 0 ? 0 : sum / v.length,
                v.length == 0 ? 0 : (double) zeros / v.length,
                List.copyOf(order.subList(0, Math.min(top, channels))));
    }
}
