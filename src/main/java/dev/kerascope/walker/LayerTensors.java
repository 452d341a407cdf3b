package dev.kerascope.walker;

import java.util.Arrays;
import java.util.List;

/** Cutting and joining fetched tensors along the batch dimension. */
final class LayerTensors {
    private LayerTensors() {}

    /**
     * The first {@code rows} rows of a tensor fetched for a padded batch of {@code size}; other tensors as they are.
     */
    static LayerTensor firstRows(LayerTensor t, int size, int rows) {
        long[] s = t.shape();
        if (s.length == 0 || s[0] != size || rows == size) {
            return t;
        }
        int per = (int) (t.values().length / size);
        s[0] = rows;
        return new LayerTensor(t.layer(), s, Arrays.copyOf(t.values(), per * rows));
    }

    /**
     * Joins chunks along the batch; a tensor that does not follow the batch (a constant) is taken from the first chunk.
     */
    static LayerTensor concat(String name, List<LayerTensor> parts, List<Integer> rowsPerPart) {
        LayerTensor first = parts.get(0);
        long[] s = first.shape();
        if (s.length == 0) {
            return first;
        }
        long rows = 0;
        long values = 0;
        for (int i = 0; i < parts.size(); i++) {
            LayerTensor p = parts.get(i);
            if (p.shape().length != s.length || p.shape()[0] != rowsPerPart.get(i)) {
                return first;
            }
            rows += p.shape()[0];
            values += p.values().length;
        }
        float[] all = new float[Math.toIntExact(values)];
        int at = 0;
        for (LayerTensor p : parts) {
            System.arraycopy(p.values(), 0, all, at, p.values().length);
            at += p.values().length;
        }
        s[0] = rows;
        return new LayerTensor(name, s, all);
    }
}
