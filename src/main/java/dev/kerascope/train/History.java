package dev.kerascope.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keras's {@code History.history}: for each metric (sorted by name, as Keras sorts its logs) the value at the end of
 * every epoch.
 */
public final class History {
    private final TreeMap<String, List<Double>> values = new TreeMap<>();

    public void append(Map<String, Double> epochLogs) {
        epochLogs.forEach(
                (k, v) -> values.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
    }

    public Map<String, List<Double>> asMap() {
        return values;
    }

    public int epochs() {
        return values.isEmpty() ? 0 : values.firstEntry().getValue().size();
    }

    public static History of(Map<String, List<Double>> map) {
        History h = new History();
        map.forEach((k, v) -> h.values.put(k, new ArrayList<>(v)));
        return h;
    }
}
