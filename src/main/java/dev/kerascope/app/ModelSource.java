package dev.kerascope.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.ArchitectureJson;
import dev.kerascope.arch.Architectures;
import dev.kerascope.io.BadInputException;
import dev.kerascope.kerasfile.KerasFileSummary;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.summary.ArchitectureSummary;
import dev.kerascope.summary.ModelSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import dev.kerascope.savedmodel.SavedModelFiles;
import dev.kerascope.savedmodel.SavedModelSummaries;

/**
 * What a MODEL argument names: a built-in architecture, an architecture JSON file, a Keras model
 * file ({@code .keras}, {@code .h5}) or a SavedModel folder. Reading one never loads TensorFlow's
 * native library.
 */
public final class ModelSource {

  private final Architecture architecture;
  private final Path savedModel;
  private final Set<String> tags;
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
    if (Files.isDirectory(path)) {
      return fromSavedModel(path, tags);
    }
    if (!Files.exists(path)) {
      throw new BadInputException(model + ": neither a built-in architecture (" + String.join(", ", Architectures.BUILT_IN)
          + ") nor an existing file or folder");
    }
    if (KerasFiles.isKerasFile(path)) {
      ModelSource source = new ModelSource(null, null, tags);
      source.kerasFile = path;
      return source;
    }
    return new ModelSource(Architectures.fromFile(path));
  }

  private static ModelSource fromSavedModel(Path dir, Set<String> tags) {
    dir = SavedModelFiles.locate(dir);
    if (!SavedModelFiles.looksLikeSavedModel(dir)) {
      throw BadInputException.inFile(dir, "is a folder without saved_model.pb or saved_model.pbtxt: not a SavedModel");
    }
    Path sidecar = dir.resolve(dev.kerascope.train.SavedModelExporter.SIDECAR);
    if (!Files.isRegularFile(sidecar)) {
      return new ModelSource(null, dir, tags);
    }
    try {
      JsonNode root = new ObjectMapper().readTree(sidecar.toFile());
      if (root.has("keras_model")) {
        ModelSource source = new ModelSource(null, dir, tags);
        source.converted = root;
        source.convertedSidecar = sidecar;
        return source;
      }
      return new ModelSource(ArchitectureJson.parse(root.get("architecture").toString(), sidecar.toString()));
    } catch (IOException | NullPointerException e) {
      throw BadInputException.inFile(sidecar, "unreadable kerascope record (" + e.getMessage() + ")");
    }
  }

  public ModelSummary summary() {
    if (kerasFile != null) {
      return KerasFileSummary.of(KerasFiles.read(kerasFile));
    }
    if (converted != null) {
      return KerasFileSummary.ofConverted(converted, convertedSidecar);
    }
    return architecture != null ? ArchitectureSummary.of(architecture) : SavedModelSummaries.summarize(savedModel, tags);
  }

  /** The {@code .keras} or {@code .h5} file this source names, if it names one. */
  public Optional<Path> kerasFile() {
    return Optional.ofNullable(kerasFile);
  }

  public Optional<Architecture> architecture() {
    return Optional.ofNullable(architecture);
  }
}
