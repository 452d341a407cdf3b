package dev.kerascope.app;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.io.BadInputException;
import dev.kerascope.record.KerascopeRecord;
import dev.kerascope.summary.ArchitectureSummary;
import dev.kerascope.summary.ModelSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import dev.kerascope.savedmodel.SavedModelFiles;
import dev.kerascope.savedmodel.SavedModelSummaries;

/**
 * What a MODEL argument names: a built-in architecture, an architecture JSON file, or a SavedModel
 * folder. Reading one never loads TensorFlow's native library.
 */
public final class ModelSource {

  private final Architecture architecture;
  private final Path savedModel;
  private final Set<String> tags;

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
    return new ModelSource(Architectures.fromFile(path));
  }

  private static ModelSource fromSavedModel(Path dir, Set<String> tags) {
    dir = SavedModelFiles.locate(dir);
    if (!SavedModelFiles.looksLikeSavedModel(dir)) {
      throw BadInputException.inFile(dir, "is a folder without saved_model.pb or saved_model.pbtxt: not a SavedModel");
    }
    Path found = dir;
    return KerascopeRecord.read(dir).map(r -> new ModelSource(r.architecture())).orElseGet(() -> new ModelSource(null, found, tags));
  }

  public ModelSummary summary() {
    return architecture != null ? ArchitectureSummary.of(architecture) : SavedModelSummaries.summarize(savedModel, tags);
  }

  public Optional<Architecture> architecture() {
    return Optional.ofNullable(architecture);
  }
}
