package dev.kerascope.savedmodel;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.kerascope.savedmodel.GraphLayerRecovery.RecoveredLayer;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.tensorflow.proto.CollectionDef;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.VariableDef;

/**
 * The summary of a TF1 graph by the layers {@link Tf1LayerRecovery} finds. Totals count every parameter variable of the
 * graph, as the variable-scope summary does (optimizer slots and global_step left out), trainable as the graph's
 * {@code trainable_variables} collection says, so batch normalisation's moving statistics are non-trainable as in
 * Keras.
 */
final class Tf1Summary {
    private static final Set<String> VARIABLES = Set.of("VariableV2", "Variable", "VarHandleOp");

    private Tf1Summary() {}

    /**
     * For the first signature taking only float tensors (serving_default when it does); empty when no layers are found.
     */
    static Optional<ModelSummary> of(MetaGraphDef meta, String modelName) {
        String key = new TreeMap<>(meta.getSignatureDefMap())
                .entrySet().stream()
                        .filter(e -> e.getValue().getInputsMap().values().stream()
                                .allMatch(t -> t.getDtype() == DataType.DT_FLOAT))
                        .map(Map.Entry::getKey)
                        .sorted((a, b) -> Boolean.compare(!a.equals("serving_default"), !b.equals("serving_default")))
                        .findFirst()
                        .orElse(null);
        List<RecoveredLayer> layers = key == null ? List.of() : Tf1LayerRecovery.layers(meta, key);
        if (layers.isEmpty()) {
            return Optional.empty();
        }
        Set<String> trainable = trainableVariables(meta);
        long[] totals = new long[4];
        for (NodeDef n : meta.getGraphDef().getNodeList()) {
            DataType dtype = n.containsAttr("dtype") ? n.getAttrOrThrow("dtype").getType() : DataType.DT_FLOAT;
            if (VARIABLES.contains(n.getOp())
                    && !VariableScopeSummarizer.TF1_OPTIMIZER
                            .matcher(n.getName())
                            .matches()
                    && dtype != DataType.DT_STRING
                    && dtype != DataType.DT_RESOURCE) {
                int k = trainable == null || trainable.contains(n.getName()) ? 0 : 2;
                long count = Tf1Shapes.elements(n);
                totals[k] += count;
                totals[k + 1] += count * KerasModelSummarizer.dtypeSize(dtype);
            }
        }
        List<SummaryRow> rows = new ArrayList<>();
        long inRows = 0;
        Set<String> consumed = new HashSet<>();
        boolean sequential = true;
        for (RecoveredLayer l : layers) {
            rows.add(new SummaryRow(l.name(), l.className(), l.outputShape(), l.params(), l.trainable(), l.inbound()));
            inRows += l.params();
            sequential &= l.inbound().size() <= 1 && l.inbound().stream().allMatch(consumed::add);
        }
        long off = totals[0] + totals[2] - inRows;
        String note = "TF1 graph: layers recovered from the op scopes of signature '" + key
                + "' (no Keras metadata; a layer is a"
                + " variable scope, or one op directly in the model's scope)"
                + (off != 0
                        ? "; " + off
                                + " parameters in variables that signature does not read are in the totals, not in "
                                + "the rows"
                        : "");
        return Optional.of(
                new ModelSummary(modelName, rows, totals[0], totals[1], totals[2], totals[3], sequential, note));
    }

    /** Node names of the variables in the graph's trainable_variables collection, or null when it has none. */
    static Set<String> trainableVariables(MetaGraphDef meta) {
        CollectionDef c = meta.getCollectionDefMap().get("trainable_variables");
        if (c == null || !c.hasBytesList()) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (ByteString bytes : c.getBytesList().getValueList()) {
            try {
                out.add(TensorRef.nodeOf(VariableDef.parseFrom(bytes).getVariableName()));
            } catch (InvalidProtocolBufferException e) {
                return null; // an unreadable collection says nothing: everything counts as trainable, as before
            }
        }
        return out;
    }
}
