package dev.kerascope.graph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Session;
import org.tensorflow.Tensor;

/** Sets variables from Java arrays in one session run, through each variable's assign op. */
public final class VariableValues {
    private VariableValues() {}

    public static void assign(Session session, Map<ModelVariable, float[]> values) {
        List<Tensor> fed = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (var e : values.entrySet()) {
                ModelVariable v = e.getKey();
                if (e.getValue() == null || e.getValue().length != v.size()) {
                    throw new IllegalArgumentException("no values of size " + v.size() + " for " + v.name());
                }
                Tensor t = Tensors.floats(e.getValue(), v.shape());
                fed.add(t);
                r.feed(v.newValue(), t).addTarget(v.assignOpName());
            }
            r.run().close();
        } finally {
            fed.forEach(Tensor::close);
        }
    }

    /** The model's variables by name ({@code conv1/kernel}) matched to {@code weights}. */
    public static Map<ModelVariable, float[]> byName(List<ModelVariable> variables, Map<String, float[]> weights) {
        Map<ModelVariable, float[]> out = new LinkedHashMap<>();
        variables.forEach(v -> out.put(v, weights.get(v.name())));
        return out;
    }
}
