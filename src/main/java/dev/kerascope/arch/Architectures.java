package dev.kerascope.arch;

import dev.kerascope.io.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Finds an architecture by built-in name or by file path. */
public final class Architectures {
    /** The built-in architectures, each a JSON file under {@code resources/architectures}. */
    public static final List<String> BUILT_IN = List.of("keras-mnist", "tiny-mnist", "tiny-fashion", "padded-mnist");
    /** Architecture files larger than this are not architecture files. */
    static final long MAX_FILE_BYTES = 1 << 20;

    private Architectures() {}

    public static boolean isBuiltIn(String name) {
        return BUILT_IN.contains(name);
    }

    public static Architecture builtIn(String name) {
        if (!isBuiltIn(name)) {
            throw new BadInputException(
                    "unknown architecture '" + name + "' (built-in: " + String.join(", ", BUILT_IN) + ")");
        }
        try (InputStream in = Architectures.class.getResourceAsStream("/architectures/" + name + ".json")) {
            return ArchitectureJson.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "built-in:" + name);
        } catch (IOException e) {
            throw new IllegalStateException("built-in architecture " + name + " is missing from the jar", e);
        }
    }

    public static Architecture fromFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                throw BadInputException.inFile(file, "no such architecture file");
            }
            if (Files.size(file) > MAX_FILE_BYTES) {
                throw BadInputException.inFile(
                        file, "is " + Files.size(file) + " bytes, too large for an architecture file");
            }
            return ArchitectureJson.parse(Files.readString(file), file.toString());
        } catch (CharacterCodingException e) {
            // a binary file (a .pb, an image) given where a model is: say what would have been read
            throw BadInputException.inFile(
                    file,
                    "is not a text file: not an architecture or Keras config JSON, a .keras/.h5 file or a SavedModel"
                            + " folder");
        } catch (IOException e) {
            throw BadInputException.inFile(file, "cannot read (" + e.getMessage() + ")");
        }
    }

    /** A built-in name, or else a path to an architecture JSON file. */
    public static Architecture resolve(String nameOrPath) {
        return isBuiltIn(nameOrPath) ? builtIn(nameOrPath) : fromFile(Path.of(nameOrPath));
    }
}
