package dev.kerascope.kerasfile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.io.BadInputException;
import io.jhdf.HdfFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Opens Keras model files: Keras 3's {@code .keras} zip and Keras 1/2's {@code .h5}, recognised by extension and
 * checked by their magic bytes. Reading never loads TensorFlow; every problem with a file is a
 * {@link BadInputException} that names it.
 */
public final class KerasFiles {
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KerasFiles() {}

    /**
     * True for a regular file named {@code *.keras}, {@code *.h5} or {@code *.hdf5}, or one that starts with a zip or
     * HDF5 signature whatever its name (an architecture file is JSON, never either).
     */
    public static boolean isKerasFile(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".keras") || name.endsWith(".h5") || name.endsWith(".hdf5")) {
            return true;
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] head = Arrays.copyOf(in.readNBytes(8), 8);
            return Arrays.equals(Arrays.copyOf(head, 4), ZIP_MAGIC) || Hdf5.hasSignature(head);
        } catch (IOException e) {
            return false;
        }
    }

    /** Reads the model config and every layer's weights, checked against the config. */
    public static KerasFile read(Path file) {
        byte[] head = head(file);
        KerasFile raw;
        try {
            if (Arrays.equals(Arrays.copyOf(head, 4), ZIP_MAGIC)) {
                raw = readZip(file);
            } else if (Hdf5.hasSignature(head)) {
                raw = LegacyH5.read(file);
            } else {
                throw BadInputException.inFile(
                        file, "is neither a .keras zip (no PK signature) nor HDF5 (no HDF5 signature)");
            }
        } catch (OutOfMemoryError e) {
            // jHDF allocates the buffers an HDF5 header announces before reading them (found by KerasFilesFuzzTest):
            // such a one-shot allocation fails at once and leaves the heap as it was, so it is a malformed file.
            throw BadInputException.inFile(
                    file, "declares an HDF5 structure larger than memory allows: not a Keras file kerascope can read");
        }
        try {
            return WeightCheck.check(raw);
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            // a config of unexpected types (a string where Keras writes a list...) is a malformed file
            throw BadInputException.inFile(
                    file,
                    "holds a Keras model config of unexpected form ("
                            + e.getClass().getSimpleName().replace("Exception", "") + ")");
        }
    }

    /**
     * A model assembled from a config and arrays kept elsewhere (a converted SavedModel's record and variables),
     * checked and named as a file's are: arrays in the order Keras writes them per layer.
     */
    public static KerasFile fromParts(
            Path source,
            KerasFile.Format format,
            String version,
            JsonNode model,
            Map<String, List<WeightArray>> weights) {
        try {
            return WeightCheck.check(new KerasFile(source, format, version, model, weights));
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw BadInputException.inFile(
                    source,
                    "holds a Keras model config of unexpected form ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private static byte[] head(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.copyOf(in.readNBytes(8), 8);
        } catch (IOException e) {
            throw BadInputException.inFile(file, "cannot be read (" + e.getMessage() + ")");
        }
    }

    private static KerasFile readZip(Path file) {
        Map<String, byte[]> entries = KerasZip.read(file);
        if (!entries.containsKey("config.json")) {
            throw BadInputException.inFile(file, "is a zip without config.json: not a .keras model file");
        }
        JsonNode model = json(file, entries.get("config.json"), "config.json");
        String version = null;
        if (entries.containsKey("metadata.json")) {
            version = json(file, entries.get("metadata.json"), "metadata.json")
                    .path("keras_version")
                    .asText(null);
        }
        if (!entries.containsKey("model.weights.h5")) {
            throw BadInputException.inFile(file, "has no model.weights.h5: the weights are missing");
        }
        try (HdfFile h5 = Hdf5.fromBytes(entries.get("model.weights.h5"), file, "model.weights.h5")) {
            return new KerasFile(file, KerasFile.Format.KERAS_ZIP, version, model, Keras3Weights.read(h5, model, file));
        } catch (BadInputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw BadInputException.inFile(file, "has a damaged model.weights.h5 (" + e.getMessage() + ")");
        }
    }

    private static JsonNode json(Path file, byte[] bytes, String entry) {
        try {
            JsonNode n = MAPPER.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (n == null || !n.isObject()) {
                throw BadInputException.inFile(file, entry + " is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw BadInputException.inFile(file, entry + " is not JSON (" + e.getMessage() + ")");
        }
    }
}
