package dev.kerascope.explain;

import dev.kerascope.io.BadInputException;
import dev.kerascope.walker.LayerTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Per channel of a layer, the K inputs whose maximum activation in that channel is highest (Zeiler and Fergus's
 * "top-activating inputs"), kept while batches stream past: memory is K entries per channel, whatever the data set.
 * Ties keep the lower index. A channel whose maximum over every input is at most zero is dead (never active).
 */
public final class TopInputs {
    private final int[] channels;
    private final int k;
    private final List<PriorityQueue<Entry>> heaps = new ArrayList<>();
    private final double[] overall;
    private int seen;
    private int channelCount = -1;

    /** One input's index in the stream and its maximum activation in the channel. */
    public record Entry(int index, float value) {}

    /** A channel's top inputs, best first. */
    public record ChannelTop(int channel, List<Entry> top, float max) {}

    /**
     * An empty tally.
     *
     * @param channels the channels to follow (null: every channel)
     * @param k the inputs kept per channel, 1 or more
     * @param layerChannels how many channels the layer has
     * @throws BadInputException when {@code k} is under 1 or a channel is not the layer's
     */
    public TopInputs(int[] channels, int k, int layerChannels) {
        if (k < 1) {
            throw new BadInputException("at least 1 input per channel is needed");
        }
        if (channels == null) {
            channels = new int[layerChannels];
            for (int c = 0; c < layerChannels; c++) {
                channels[c] = c;
            }
        }
        for (int c : channels) {
            if (c < 0 || c >= layerChannels) {
                throw new BadInputException("channel " + c + " does not exist: the layer has " + layerChannels
                        + " channels (0.."
                        + (layerChannels - 1) + ")");
            }
        }
        this.channels = channels.clone();
        this.k = k;
        this.channelCount = layerChannels;
        overall = new double[this.channels.length];
        Arrays.fill(overall, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < this.channels.length; i++) {
            // Worst first: lower value, then higher index (the one a tie evicts).
            heaps.add(new PriorityQueue<>((a, b) -> a.value() != b.value()
                    ? Float.compare(a.value(), b.value())
                    : Integer.compare(b.index(), a.index())));
        }
    }

    /**
     * Adds the next batch of a layer's outputs (batch first, channels last; rank 2 outputs are one value per channel).
     * Its inputs are numbered after those of the batches before it.
     *
     * @param batch the layer's outputs for the batch
     */
    public void add(LayerTensor batch) {
        long[] s = batch.shape();
        if (s[s.length - 1] != channelCount) {
            throw new IllegalArgumentException(
                    "expected " + channelCount + " channels, got shape " + Arrays.toString(s));
        }
        int n = (int) s[0];
        int per = (int) (batch.values().length / n);
        int positions = per / channelCount;
        float[] v = batch.values();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < channels.length; j++) {
                int c = channels[j];
                float max = Float.NEGATIVE_INFINITY;
                for (int p = 0; p < positions; p++) {
                    max = Math.max(max, v[i * per + p * channelCount + c]);
                }
                offer(j, new Entry(seen + i, max));
                overall[j] = Math.max(overall[j], max);
            }
        }
        seen += n;
    }

    private void offer(int j, Entry e) {
        PriorityQueue<Entry> heap = heaps.get(j);
        if (heap.size() < k) {
            heap.add(e);
            return;
        }
        Entry worst = heap.peek();
        if (e.value() > worst.value()) {
            heap.poll();
            heap.add(e);
        }
    }

    /**
     * How many inputs were added.
     *
     * @return the inputs added so far
     */
    public int seen() {
        return seen;
    }

    /**
     * Every followed channel's top inputs, best first (higher value, then lower index).
     *
     * @return one entry per followed channel, in the order they were given
     */
    public List<ChannelTop> result() {
        List<ChannelTop> out = new ArrayList<>();
        for (int j = 0; j < channels.length; j++) {
            List<Entry> top = new ArrayList<>(heaps.get(j));
            top.sort((a, b) -> a.value() != b.value()
                    ? Float.compare(b.value(), a.value())
                    : Integer.compare(a.index(), b.index()));
            out.add(new ChannelTop(channels[j], top, (float) overall[j]));
        }
        return out;
    }

    /**
     * Channels whose maximum over every input seen is at most zero.
     *
     * @return the dead channels, in the order they were given
     */
    public List<Integer> dead() {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < channels.length; j++) {
            if (overall[j] <= 0) {
                out.add(channels[j]);
            }
        }
        return out;
    }
}
