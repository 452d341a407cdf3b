package dev.kerascope.layers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.graph.VariableValues;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.Remedy;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.kerasfile.WeightArray;
import dev.kerascope.precision.Sessions;
import dev.kerascope.record.KerascopeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Writes a Keras file as a SavedModel: tag {@code serve}, signature {@code serving_default} (inputs named after the
 * InputLayers, outputs after the output layers), every layer's output as the node {@code <layer>/output} and its
 * weights as {@code <layer>/<name>}, and kerascope's sidecar with the Keras config, each layer's output tensor, weights
 * and parameter counts, so the walker and {@code summary} read it back with the same names. Built in a temporary folder
 * beside the target, renamed into place when complete.
 */
public final class KerasConverter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Marks a sidecar written for a converted Keras file. */
    public static final String FORMAT = "kerascope-keras-file-1";
    /** A Keras file says nothing about the pixels it was trained on. */
    public static final String PREPROCESSING_NOTE = "a Keras file records no preprocessing: raw values";

    private KerasConverter() {}

    public static void convert(Path kerasFile, Path target) {
        KerasFile file = KerasFiles.read(kerasFile);
        write(file, Map.of(), new Record(1, 0, 1, PREPROCESSING_NOTE, null), target);
    }

    /** The preprocessing and data set a SavedModel's record states; {@code dataset} null when none is known. */
    public record Record(double scale, double mean, double std, String note, String dataset) {}

    /**
     * Writes {@code file}'s model with {@code weights} (by variable name, {@code conv2d/kernel}; the file's own where
     * absent) as a SavedModel whose record states {@code record}: what {@code train --from} exports after training it.
     */
    public static void export(KerasFile file, Map<String, float[]> weights, Record record, Path target) {
        write(file, weights, record, target);
    }

    private static void write(KerasFile file, Map<String, float[]> weights, Record record, Path target) {
        OutputFolder.requireReplaceable(target, KerascopeRecord.FILE, "converted SavedModel");
        Path dest = target.toAbsolutePath().normalize(); // what the moves act on: "a/.." is a's parent, not a
        Path tmp = AtomicFiles.temporarySibling(dest);
        try {
            try {
                AtomicFiles.deleteRecursively(tmp);
                Files.createDirectories(tmp);
            } catch (IOException e) {
                // before TensorFlow writes there: its failure would read as a fault of the model file
                throw BadInputException.inFile(target, "cannot be written (" + OutputFolder.reason(e) + ")")
                        .suggesting(Remedy.OTHER_FOLDER);
            }
            try (Graph g = new Graph()) {
                KerasGraph k = KerasGraphBuilder.build(Ops.create(g), file);
                try (Session s = Sessions.open(g)) {
                    k.initialize(s);
                    if (!weights.isEmpty()) {
                        VariableValues.assign(s, VariableValues.byName(k.variables(), weights));
                    }
                    Signature.Builder sig =
                            Signature.builder().key(Signature.DEFAULT_KEY).methodName("tensorflow/serving/predict");
                    k.inputs().forEach(sig::input);
                    for (Map.Entry<String, Operand<TFloat32>> e : k.outputs().entrySet()) {
                        sig.output(e.getKey(), e.getValue());
                    }
                    SavedModelBundle.exporter(tmp.toString())
                            .withTags("serve")
                            .withSession(s)
                            .withSignature(sig.build())
                            .export();
                }
                AtomicFiles.writeString(tmp.resolve(KerascopeRecord.FILE), sidecar(file, k, record));
            }
            AtomicFiles.moveIntoPlace(tmp, dest);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write SavedModel to " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e;
        }
    }

    /**
     * Runs {@code work} on the file converted into a temporary folder, deleted afterwards, for commands that need a
     * SavedModel folder on disk (the report inspects its protobufs).
     */
    public static <T> T withConverted(Path kerasFile, Function<Path, T> work) {
        Path tmp;
        try {
            tmp = Files.createTempDirectory("kerascope-keras-");
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot make a temporary folder to convert " + kerasFile + ": " + e.getMessage(), e);
        }
        Path saved = tmp.resolve("saved_model");
        try {
            convert(kerasFile, saved);
            return work.apply(saved);
        } catch (BadInputException e) {
            // the work reads the temporary folder; the user gave the Keras file
            throw e.namingInstead(saved, kerasFile);
        } finally {
            AtomicFiles.deleteQuietly(tmp);
        }
    }

    static String sidecar(KerasFile file, KerasGraph k, Record record) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        root.put("source", file.source().getFileName().toString());
        root.put("keras_version", file.kerasVersion());
        root.put("keras_format", file.format() == KerasFile.Format.KERAS_ZIP ? "keras" : "h5");
        root.set("keras_model", file.model());
        ObjectNode outputs = root.putObject("layer_outputs");
        ArrayNode layers = root.putArray("layers");
        k.layerOutputs().forEach((name, out) -> {
            outputs.put(name, out.op().name() + ":0");
            ObjectNode l = layers.addObject()
                    .put("name", name)
                    .put("class_name", k.layerClasses().get(name))
                    .put("output", out.op().name() + ":0");
            ObjectNode w = l.putObject("weights");
            long[] params = new long[2];
            for (WeightArray a : file.weightsOf(name)) {
                w.put(a.name(), name + "/" + a.name());
                params[a.trainable() ? 0 : 1] += a.size();
            }
            l.putArray("params").add(params[0]).add(params[1]);
        });
        root.putObject("preprocessing")
                .put("scale", record.scale())
                .put("mean", record.mean())
                .put("std", record.std())
                .put("note", record.note());
        if (record.dataset() != null) {
            root.put("dataset", record.dataset());
        }
        return MAPPER.writeValueAsString(root) + "\n";
    }
}
