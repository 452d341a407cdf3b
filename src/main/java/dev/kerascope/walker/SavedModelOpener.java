package dev.kerascope.walker;

import dev.kerascope.io.BadInputException;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.precision.Precision;
import dev.kerascope.precision.Sessions;
import dev.kerascope.savedmodel.SavedModelFiles;
import dev.kerascope.savedmodel.SavedModelSummaries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Opens what {@link SavedModelWalker#open} is given: a Keras file (converted first), a run folder or a SavedModel, each
 * checked before TensorFlow sees it, so that a bad folder, tag set or function body is a message naming the file.
 */
final class SavedModelOpener {
    private SavedModelOpener() {}

    static SavedModelWalker open(Path dir, Set<String> tags, String signatureKey, Precision precision) {
        if (KerasFiles.isKerasFile(dir)) {
            return ConvertedKerasFile.open(dir, tags, signatureKey, precision);
        }
        dir = SavedModelFiles.locate(dir);
        if (!Files.isDirectory(dir)) {
            throw BadInputException.inFile(
                    dir,
                    Files.exists(dir)
                            ? "is a file, not a SavedModel folder nor a .keras/.h5 model file"
                            : "no such SavedModel folder");
        }
        if (!SavedModelFiles.looksLikeSavedModel(dir)) {
            throw BadInputException.inFile(
                    dir, "is a folder without saved_model.pb or saved_model.pbtxt: not a SavedModel");
        }
        return openFolder(dir, dir, tags, signatureKey, precision);
    }

    /**
     * Opens the SavedModel in {@code dir}; every message names {@code shown}, the model as the user gave it (a Keras
     * file converted into {@code dir}, or {@code dir} itself).
     */
    static SavedModelWalker openFolder(
            Path dir, Path shown, Set<String> tags, String signatureKey, Precision precision) {
        // The protos are read and the tag set checked before TensorFlow sees the folder: a bad file or a
        // wrong tag set is a message naming the file, not a native failure.
        SavedModelSummaries.metaGraph(SavedModelFiles.read(dir), shown, tags);
        SavedModelBundle bundle;
        try {
            bundle = Sessions.load(dir.toString(), precision, tags.toArray(new String[0]));
        } catch (TensorFlowException e) {
            throw BadInputException.inFile(shown, "TensorFlow cannot load it: " + firstLine(e.getMessage()));
        }
        try {
            return new SavedModelWalker(dir, shown, bundle, signatureKey);
        } catch (IllegalArgumentException | TensorFlowException e) {
            // FunctionInliner and TensorFlow's op builder refuse malformed function bodies this way.
            bundle.close();
            throw BadInputException.inFile(
                    shown, "its serving function cannot be copied into a walkable graph: " + firstLine(e.getMessage()));
        } catch (RuntimeException e) {
            bundle.close();
            throw e;
        }
    }

    /** The first line of TensorFlow's message, for a one-line error. */
    static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }
}
