package dev.kerascope.walker;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.Output;

/**
 * Java arrays that the walker copies fetched tensors into and keeps for the next batch, so that a loop over batches
 * allocates them once. A new array per tensor per batch (58 MB for every conv and pool output of keras-mnist at batch
 * 256) cost about 10% of the forward pass in zeroing and garbage collection.
 *
 * <p>The results of a run with these arrays are valid until the next run with the same {@code OutputArrays}, which
 * overwrites them: code that keeps one batch's results while the next one runs (encoding figures in the background)
 * alternates two. Not thread-safe; one per loop.
 */
public final class OutputArrays {
    private final Map<Output<?>, float[]> byTensor = new HashMap<>();

    /** Empty: the first run allocates, later runs of the same shapes reuse. */
    public OutputArrays() {}

    /**
     * The array kept for {@code tensor} when it holds exactly {@code size} values, else a new one kept from now on (a
     * last, smaller batch replaces it). Keyed by graph tensor, so two fetches never share an array unless they name one
     * tensor.
     */
    float[] array(Output<?> tensor, int size) {
        float[] kept = byTensor.get(tensor);
        if (kept == null || kept.length != size) {
            kept = new float[size];
            byTensor.put(tensor, kept);
        }
        return kept;
    }

    /**
     * How many arrays are kept.
     *
     * @return the number of distinct fetched tensors seen
     */
    public int size() {
        return byTensor.size();
    }
}
