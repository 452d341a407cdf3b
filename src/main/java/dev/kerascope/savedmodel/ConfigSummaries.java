package dev.kerascope.savedmodel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.SavedObjectGraphOuterClass.SavedObjectGraph;

/**
 * The Keras summary of a model known only by its config and its weights' sizes (a {@code .keras} or {@code .h5} file):
 * the same layer walk, shapes and Connected-to column as a Keras 2 SavedModel's summary ({@link KerasModelSummarizer}),
 * with no object graph to consult, so every shape comes from the configs.
 */
public final class ConfigSummaries {
    private ConfigSummaries() {}

    /**
     * {@code model} is the config root ({@code {"class_name", "config"}}); {@code params} each layer's {trainable,
     * non-trainable} counts; {@code bytesPerParam} the weights' size (4 for float32); {@code source} the file named
     * when the config is malformed.
     */
    public static ModelSummary of(
            JsonNode model, Map<String, long[]> params, int bytesPerParam, String kerasVersion, Path source) {
        ModelShapes shapes = new ModelShapes(
                new LayerObjects(SavedObjectGraph.getDefaultInstance(), Map.of()), new KerasConfigRefs(source));
        JsonNode config = model.path("config");
        if (!config.path("layers").isArray()) {
            throw shapes.refs().bad("the model's layers are not a list");
        }
        boolean sequential = "Sequential".equals(model.path("class_name").asText());
        List<SummaryRow> rows = new ArrayList<>();
        boolean sequentialLike = sequential;
        if (sequential) {
            List<List<Integer>> outs = shapes.sequential(config, null, null);
            int i = 0;
            for (JsonNode layer : config.get("layers")) {
                String cls = layer.path("class_name").asText();
                if (cls.equals("InputLayer")) {
                    continue;
                }
                rows.add(row(Functional.name(layer), cls, outs.get(i++), params, List.of(), null));
            }
        } else {
            Functional f = new Functional(config, shapes, null);
            sequentialLike = f.sequentialLike();
            for (JsonNode layer : f.layers()) {
                String name = Functional.name(layer);
                rows.add(row(
                        name,
                        layer.path("class_name").asText(),
                        f.shapeOf(name),
                        params,
                        f.connections(name),
                        f.shapeLabelOf(name)));
            }
        }
        long trainable = 0;
        long frozen = 0;
        for (long[] p : params.values()) {
            trainable += p[0];
            frozen += p[1];
        }
        return new ModelSummary(
                config.path("name").asText("model"),
                rows,
                trainable,
                trainable * bytesPerParam,
                frozen,
                frozen * bytesPerParam,
                sequentialLike,
                null,
                sequentialLike ? KerasModelSummarizer.spatialChain(config, rows) : null,
                kerasVersion);
    }

    private static SummaryRow row(
            String name,
            String cls,
            List<Integer> shape,
            Map<String, long[]> params,
            List<String> inbound,
            String label) {
        long[] p = params.getOrDefault(name, new long[2]);
        return new SummaryRow(name, cls, shape, p[0] + p[1], p[1] == 0, inbound, label);
    }
}
