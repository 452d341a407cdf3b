package dev.kerascope.train;

import dev.kerascope.arch.Architecture;
import dev.kerascope.graph.TrainableGraph;
import dev.kerascope.graph.VariableValues;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.layers.ArchitectureModel;
import dev.kerascope.precision.Sessions;
import dev.kerascope.record.KerascopeRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.op.Ops;

/**
 * Exports trained weights as a SavedModel (tag {@code serve}, signature {@code serving_default}: input named after the
 * InputLayer, output after the last layer, as Keras 2 names them). The graph is a fresh inference graph (dropout off,
 * no optimizer state), so the export holds only the model's own variables. {@code assets.extra/kerascope.json} records
 * the architecture, the node of every layer's output and the input preprocessing, for kerascope's later analysis;
 * TensorFlow ignores that folder. Written to a temporary folder, renamed when complete.
 */
public final class SavedModelExporter {

    private SavedModelExporter() {}

    public static void export(
            Architecture arch, Map<String, float[]> weights, PixelTable pre, String dataset, Path target) {
        Path tmp = AtomicFiles.temporarySibling(target);
        try {
            AtomicFiles.deleteRecursively(tmp);
            try (Graph g = new Graph()) {
                TrainableGraph model =
                        ArchitectureModel.build(Ops.create(g), arch, TrainableGraph.Mode.INFERENCE, 0, null);
                try (Session s = Sessions.open(g)) {
                    VariableValues.assign(s, VariableValues.byName(model.variables(), weights));
                    Signature signature = Signature.builder()
                            .key(Signature.DEFAULT_KEY)
                            .input(arch.layers().get(0).name(), model.input())
                            .output(arch.lastLayer().name(), model.output())
                            .build();
                    SavedModelBundle.exporter(tmp.toString())
                            .withTags("serve")
                            .withSession(s)
                            .withSignature(signature)
                            .export();
                }
            }
            AtomicFiles.writeString(tmp.resolve(KerascopeRecord.FILE), sidecar(arch, pre, dataset));
            AtomicFiles.moveIntoPlace(tmp, target);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot export SavedModel to " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e;
        }
    }

    static String sidecar(Architecture arch, PixelTable pre, String dataset) {
        return KerascopeRecord.of(arch, pre.scale(), pre.mean(), pre.std(), dataset)
                .toJson();
    }

    /** True when {@code dir} looks like a SavedModel this class wrote. */
    public static boolean isKerascopeExport(Path dir) {
        return KerascopeRecord.isPresent(dir);
    }
}
