package dev.kerascope.savedmodel;

import dev.kerascope.io.BadInputException;
import dev.kerascope.io.Remedy;
import dev.kerascope.summary.ModelSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * The summary of a SavedModel exported from Python: Keras's own layer table when the file carries Keras metadata (Keras
 * 2, TF 2.0–2.15), else a table of variable scopes that says so.
 */
public final class SavedModelSummaries {
    private SavedModelSummaries() {}

    /** The meta graph with exactly these tags (default {serve}), or a message listing the tag sets there are. */
    public static MetaGraphDef metaGraph(SavedModel model, Path dir, Set<String> tags) {
        List<String> available = new ArrayList<>();
        for (MetaGraphDef m : model.getMetaGraphsList()) {
            Set<String> t = new TreeSet<>(m.getMetaInfoDef().getTagsList());
            if (t.equals(new TreeSet<>(tags))) {
                return m;
            }
            available.add(InspectPrinter.tagSet(m.getMetaInfoDef().getTagsList()));
        }
        throw BadInputException.inFile(
                        dir,
                        // the tag sets as inspect prints them; the asked set sorted (a --tags list has no order)
                        "has no meta graph tagged " + InspectPrinter.tagSet(new TreeSet<>(tags)) + "; tag sets there: "
                                + (available.isEmpty() ? "none" : String.join(" ", available)))
                .suggesting(Remedy.CHOOSE_TAGS);
    }

    public static ModelSummary summarize(Path dir, Set<String> tags) {
        SavedModel model = SavedModelFiles.read(dir);
        MetaGraphDef meta = metaGraph(model, dir, tags);
        String name = dir.toAbsolutePath().normalize().getFileName().toString();
        if (!meta.hasObjectGraphDef() || meta.getObjectGraphDef().getNodesCount() == 0) {
            return Tf1Summary.of(meta, name)
                    .orElseGet(() -> VariableScopeSummarizer.fromGraphDef(
                            meta,
                            name,
                            "TF1 graph without Keras layers: one row per variable scope, output shapes unknown"));
        }
        Map<Integer, KerasObject> objects = KerasMetadata.read(dir, meta.getObjectGraphDef());
        return KerasModelSummarizer.summarize(meta.getObjectGraphDef(), objects, KerasMetadata.source(dir))
                .orElseGet(() -> {
                    ModelSummary byScope = VariableScopeSummarizer.fromObjectGraph(
                            meta.getObjectGraphDef(),
                            name,
                            "no Keras metadata and no layers in the graph (tf.Module?): one row per variable scope, "
                                    + "output shapes unknown");
                    long[] totals = {
                        byScope.trainableParams(),
                        byScope.trainableBytes(),
                        byScope.nonTrainableParams(),
                        byScope.nonTrainableBytes()
                    };
                    return GraphLayerRecovery.recover(meta, totals)
                            .filter(s -> !s.rows().isEmpty())
                            .orElse(byScope);
                });
    }
}
