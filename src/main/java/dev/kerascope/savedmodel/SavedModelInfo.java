package dev.kerascope.savedmodel;

import java.util.List;
import java.util.Map;

/**
 * What {@code inspect} reports about a SavedModel, as plain data: everything {@code saved_model_cli show --all} shows,
 * plus the call tree below each signature, the variables, versions and an op histogram.
 */
public record SavedModelInfo(
        List<List<String>> tagSets,
        List<String> selectedTags,
        String tensorflowVersion,
        int graphProducer,
        String kerasVersion,
        List<Signature> signatures,
        List<Variable> variables,
        Map<String, Integer> opHistogram,
        int functionCount,
        List<String> kerasLayers) {

    public record TensorSpec(String key, String dtype, List<Long> shape, String tensorName) {}

    /** A signature with its call tree: the functions reached from its outputs, nested. */
    public record Signature(
            String key, String methodName, List<TensorSpec> inputs, List<TensorSpec> outputs, List<Call> calls) {}

    public record Call(String function, List<Call> callees) {}

    public record Variable(String name, List<Long> shape, String dtype, long bytes, boolean trainable) {}
}
