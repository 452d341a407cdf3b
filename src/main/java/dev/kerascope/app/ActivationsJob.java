package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.input.ImageSource;
import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.SafeNames;
import dev.kerascope.io.StagedFiles;
import dev.kerascope.precision.Precision;
import dev.kerascope.report.NpyWriter;
import dev.kerascope.walker.ActivationStats;
import dev.kerascope.walker.Feed;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code activations} use case: one input through a SavedModel, every asked layer fetched. The input is an image
 * (made to fit the model and preprocessed as {@link ModelInput} decides) or {@code .npy} files fed as they are.
 */
public final class ActivationsJob {
    /** What to run: the model, its meta graph and signature, the input, what to fetch, and the session's precision. */
    public record Request(
            Path model,
            Set<String> tags,
            String signature,
            ImageSource image,
            List<String> npyInputs,
            Double scale,
            List<Double> normalize,
            List<String> layers,
            boolean raw,
            List<String> tensorNames,
            Path npyDir,
            Precision precision) {
        public Request {
            npyInputs = npyInputs == null ? List.of() : List.copyOf(npyInputs);
            layers = layers == null ? List.of() : List.copyOf(layers);
            tensorNames = tensorNames == null ? List.of() : List.copyOf(tensorNames);
            precision = precision == null ? Precision.FLOAT32 : precision;
        }

        /** In float32: analysis numbers equal the model's own. */
        public Request(
                Path model,
                Set<String> tags,
                String signature,
                ImageSource image,
                List<String> npyInputs,
                Double scale,
                List<Double> normalize,
                List<String> layers,
                boolean raw,
                List<String> tensorNames,
                Path npyDir) {
            this(
                    model,
                    tags,
                    signature,
                    image,
                    npyInputs,
                    scale,
                    normalize,
                    layers,
                    raw,
                    tensorNames,
                    npyDir,
                    Precision.FLOAT32);
        }
    }

    /**
     * The statistics and values per fetched name; what was fed; notes for the reader (what was shown instead); whether
     * the graph had no Keras layers, so that the signature's outputs stand in for them.
     */
    public record Outcome(
            List<ActivationStats> stats,
            Map<String, LayerTensor> tensors,
            String fed,
            List<String> notes,
            boolean signatureOutputsOnly) {}

    private ActivationsJob() {}

    public static Outcome run(Request r) {
        if (r.image() == null && r.npyInputs().isEmpty()) {
            throw new IllegalArgumentException("an image or .npy inputs are needed");
        }
        try (SavedModelWalker w = SavedModelWalker.open(r.model(), r.tags(), r.signature(), r.precision())) {
            Map<String, Feed> feeds;
            String fed;
            if (r.npyInputs().isEmpty()) {
                ModelInput in = ModelInput.forImages(r.model(), w, r.scale(), r.normalize());
                Pixels p = r.image().pixels(in);
                feeds = in.feed(List.of(p));
                fed = r.image().describe() + " (" + p.rows() + "x" + p.cols()
                        + (p.channels() == 3 ? " RGB" : p.channels() == 1 ? " grey" : " x" + p.channels()) + "); input "
                        + in.preprocessing().describe();
            } else {
                if (r.scale() != null || r.normalize() != null) {
                    throw new BadInputException(
                            "scaling and normalisation apply to images; an .npy input is fed as it is");
                }
                feeds = ModelInput.npyFeeds(r.model(), w, r.npyInputs());
                fed = String.join(", ", r.npyInputs()) + " (fed as stored; float64 arrays are read as float32)";
            }
            List<String> notes = new ArrayList<>();
            // What each row is called → the fetch holding it: a nested model's row keeps its own name.
            Map<String, Fetch> rows = new LinkedHashMap<>();
            List<String> layers = r.layers();
            boolean signatureOutputsOnly = false;
            // --tensor adds to the layers (all of them unless --layers names some), as its help says: "also".
            if (layers.isEmpty()) {
                layers = w.layerNames();
                if (layers.isEmpty()) {
                    signatureOutputsOnly = true;
                    notes.add("no Keras layers were found in this graph; showing the signature's outputs");
                    for (String k : w.signatureOutputKeys()) {
                        Fetch f = Fetch.signature(k);
                        rows.put(f.label(), f);
                    }
                }
            }
            List<String> known = w.layerNames();
            for (String asked : layers) {
                String l = asked;
                if (!known.contains(asked)) {
                    // a summary row such as a nested model's: fetched as the layer whose output it is
                    var nested = NestedModels.resolve(w, r.model(), r.tags(), asked);
                    if (nested.isPresent()) {
                        l = nested.get().layer();
                        notes.add(nested.get().note());
                    }
                }
                rows.put(asked, Fetch.layer(l));
                if (r.raw()) {
                    rows.put(asked + ":raw", Fetch.raw(l));
                }
            }
            for (String t : r.tensorNames()) {
                Fetch f = Fetch.tensor(t);
                rows.put(f.label(), f);
            }
            Map<Fetch, LayerTensor> fetched = w.run(feeds, List.copyOf(new LinkedHashSet<>(rows.values())));
            Map<String, LayerTensor> tensors = new LinkedHashMap<>();
            rows.forEach((label, f) -> {
                LayerTensor t = fetched.get(f);
                tensors.put(label, label.equals(f.label()) ? t : new LayerTensor(label, t.shape(), t.values()));
            });
            List<ActivationStats> stats = new ArrayList<>();
            tensors.values().forEach(t -> stats.add(ActivationStats.of(t, 3)));
            if (r.npyDir() != null) {
                Map<String, LayerTensor> inputs = new LinkedHashMap<>();
                feeds.forEach((k, f) -> inputs.put(feeds.size() == 1 ? "input" : "input_" + k, asTensor(k, f)));
                // All files first in a staging folder: a failure half-way leaves the previous .npy files and index.json
                // as they were.
                StagedFiles.write(r.npyDir(), dir -> {
                    writeNpy(dir, inputs, tensors);
                    return null;
                });
            }
            return new Outcome(stats, tensors, fed, notes, signatureOutputsOnly);
        }
    }

    private static LayerTensor asTensor(String key, Feed f) {
        float[] v = f.floats();
        if (v == null) {
            v = new float[f.ints().length];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.ints()[i];
            }
        }
        return new LayerTensor(key, f.shape(), v);
    }

    /**
     * {@code <layer>.npy} per layer, {@code input.npy}, and {@code index.json} mapping names to files, straight into
     * {@code dir}: callers write into a folder that is renamed into place afterwards (staging, the report's folder).
     */
    static void writeNpy(Path dir, Map<String, LayerTensor> inputs, Map<String, LayerTensor> tensors) {
        OutputFolder.prepare(dir);
        SafeNames names = new SafeNames();
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode index = mapper.createObjectNode();
        Map<String, LayerTensor> all = new LinkedHashMap<>();
        all.putAll(inputs);
        all.putAll(tensors);
        for (var e : all.entrySet()) {
            String file = names.fileName(e.getKey(), ".npy");
            AtomicFiles.writeBytes(
                    dir.resolve(file),
                    NpyWriter.float32(e.getValue().shape(), e.getValue().values()));
            ObjectNode entry = index.putObject(e.getKey());
            entry.put("file", file);
            var shape = entry.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            entry.put("dtype", "float32");
        }
        try {
            AtomicFiles.writeString(dir.resolve("index.json"), mapper.writeValueAsString(index) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
