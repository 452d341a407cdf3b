package dev.kerascope.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.io.BadInputException;
import dev.kerascope.kerasfile.KerasFileSummary;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.record.KerascopeRecord;
import dev.kerascope.savedmodel.KerasConfigSummarizer;
import dev.kerascope.savedmodel.SavedModelFiles;
import dev.kerascope.savedmodel.SavedModelSummaries;
import dev.kerascope.summary.ArchitectureSummary;
import dev.kerascope.summary.ModelSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * What a MODEL argument names: a built-in architecture, an architecture JSON file, Keras's JSON model config, a Keras
 * model file ({@code .keras}, {@code .h5}) or a SavedModel folder. Reading one never loads TensorFlow's native library.
 */
public final class ModelSource {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Architecture architecture;
    private final Path savedModel;
    private final Set<String> tags;
    private ModelSummary configSummary;
    private Path kerasFile;
    private JsonNode converted;
    private Path convertedSidecar;

    private ModelSource(Architecture architecture) {
        this(architecture, null, Set.of("serve"));
    }

    private ModelSource(Architecture architecture, Path savedModel, Set<String> tags) {
        this.architecture = architecture;
        this.savedModel = savedModel;
        this.tags = tags;
    }

    public static ModelSource resolve(String model) {
        return resolve(model, Set.of("serve"));
    }

    /** As {@link #resolve(String)}, choosing a SavedModel's meta graph by its tag set. */
    public static ModelSource resolve(String model, Set<String> tags) {
        if (Architectures.isBuiltIn(model)) {
            return new ModelSource(Architectures.builtIn(model));
        }
        Path path = Path.of(model);
        if (!KerasFiles.isKerasFile(path) && Files.isDirectory(SavedModelFiles.locate(path))) {
            return fromSavedModel(path, tags); // a folder, or saved_model.pb and its siblings named instead
        }
        if (!Files.exists(path)) {
            throw new BadInputException(model + ": neither a built-in architecture ("
                    + String.join(", ", Architectures.BUILT_IN) + ") nor an existing file or folder");
        }
        if (KerasFiles.isKerasFile(path)) {
            ModelSource source = new ModelSource(null, null, tags);
            source.kerasFile = path;
            return source;
        }
        return fromFile(path);
    }

    /**
     * A JSON file is either Keras's model config ({@code model.to_json()}: a Sequential, Functional or Model class_name
     * over a config) or a kerascope architecture file; its content decides.
     */
    private static ModelSource fromFile(Path path) {
        JsonNode root = null;
        try {
            root = MAPPER.readTree(path.toFile());
        } catch (IOException e) {
            // Not JSON at all: the architecture reader names the problem in its own words.
        }
        if (root != null && KerasConfigSummarizer.isKerasModelConfig(root)) {
            ModelSource s = new ModelSource(null, null, Set.of("serve"));
            s.configSummary = KerasConfigSummarizer.summarize(root, path);
            return s;
        }
        return new ModelSource(Architectures.fromFile(path));
    }

    private static ModelSource fromSavedModel(Path dir, Set<String> tags) {
        dir = SavedModelFiles.locate(dir);
        if (!SavedModelFiles.looksLikeSavedModel(dir)) {
            throw BadInputException.inFile(
                    dir, "is a folder without saved_model.pb or saved_model.pbtxt: not a SavedModel");
        }
        Path found = dir;
        return KerascopeRecord.read(dir)
                .map(r -> {
                    if (r.isConverted()) {
                        ModelSource source = new ModelSource(null, found, tags);
                        source.converted = r.converted();
                        source.convertedSidecar = found.resolve(KerascopeRecord.FILE);
                        return source;
                    }
                    return new ModelSource(r.architecture());
                })
                .orElseGet(() -> new ModelSource(null, found, tags));
    }

    public ModelSummary summary() {
        if (configSummary != null) {
            return configSummary;
        }
        if (kerasFile != null) {
            return KerasFileSummary.of(KerasFiles.read(kerasFile));
        }
        if (converted != null) {
            return KerasFileSummary.ofConverted(converted, convertedSidecar);
        }
        return architecture != null
                ? ArchitectureSummary.of(architecture)
                : SavedModelSummaries.summarize(savedModel, tags);
    }

    /** The {@code .keras} or {@code .h5} file this source names, if it names one. */
    public Optional<Path> kerasFile() {
        return Optional.ofNullable(kerasFile);
    }

    public Optional<Architecture> architecture() {
        return Optional.ofNullable(architecture);
    }
}
