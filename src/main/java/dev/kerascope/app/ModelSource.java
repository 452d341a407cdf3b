package dev.kerascope.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.ArchitectureJson;
import dev.kerascope.arch.Architectures;
import dev.kerascope.io.BadInputException;
import dev.kerascope.summary.ArchitectureSummary;
import dev.kerascope.summary.ModelSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a MODEL argument names: a built-in architecture, an architecture JSON file, or a SavedModel
 * folder. Reading one never loads TensorFlow's native library.
 */
public final class ModelSource {
  /** Where kerascope's own exports record their architecture (see SavedModelExporter). */
  static final String KERASCOPE_SIDECAR = dev.kerascope.train.SavedModelExporter.SIDECAR;

  private final Architecture architecture;

  private ModelSource(Architecture architecture) {
    this.architecture = architecture;
  }

  public static ModelSource resolve(String model) {
    if (Architectures.isBuiltIn(model)) {
      return new ModelSource(Architectures.builtIn(model));
    }
    Path path = Path.of(model);
    if (Files.isDirectory(path)) {
      return fromSavedModel(path);
    }
    if (!Files.exists(path)) {
      throw new BadInputException(model + ": neither a built-in architecture (" + String.join(", ", Architectures.BUILT_IN)
          + ") nor an existing file or folder");
    }
    return new ModelSource(Architectures.fromFile(path));
  }

  private static ModelSource fromSavedModel(Path dir) {
    if (!Files.isRegularFile(dir.resolve("saved_model.pb")) && !Files.isRegularFile(dir.resolve("saved_model.pbtxt"))) {
      throw BadInputException.inFile(dir, "is a folder without saved_model.pb: not a SavedModel");
    }
    Path sidecar = dir.resolve(KERASCOPE_SIDECAR);
    if (!Files.isRegularFile(sidecar)) {
      throw BadInputException.inFile(dir, "is a SavedModel from outside kerascope; reading those is not implemented yet (issue #3)");
    }
    try {
      JsonNode root = new ObjectMapper().readTree(sidecar.toFile());
      return new ModelSource(ArchitectureJson.parse(root.get("architecture").toString(), sidecar.toString()));
    } catch (IOException | NullPointerException e) {
      throw BadInputException.inFile(sidecar, "unreadable kerascope record (" + e.getMessage() + ")");
    }
  }

  public ModelSummary summary() {
    return ArchitectureSummary.of(architecture);
  }

  public Optional<Architecture> architecture() {
    return Optional.ofNullable(architecture);
  }
}
