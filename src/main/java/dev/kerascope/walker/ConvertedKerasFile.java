package dev.kerascope.walker;

import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.layers.KerasConverter;
import dev.kerascope.precision.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens a {@code .keras} or {@code .h5} file with the walker: converted into a SavedModel in a temporary folder, which
 * the walker deletes when it is closed, so every command that walks a SavedModel walks a Keras file the same way, with
 * the same layer names. Messages name the file the user gave, never the temporary folder.
 */
final class ConvertedKerasFile {
    private ConvertedKerasFile() {}

    static SavedModelWalker open(Path file, Set<String> tags, String signatureKey, Precision precision) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("kerascope-keras-");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot make a temporary folder to convert " + file + ": " + e.getMessage(), e);
        }
        Path saved = tmp.resolve("saved_model");
        try {
            KerasConverter.convert(file, saved);
            SavedModelWalker w = SavedModelOpener.openFolder(saved, file, tags, signatureKey, precision);
            w.deleteOnClose(tmp);
            return w;
        } catch (BadInputException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e.namingInstead(saved, file);
        } catch (RuntimeException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e;
        }
    }
}
