package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.savedmodel.GraphLayerRecovery.RecoveredLayer;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import dev.kerascope.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/** Layers of real TF1 graphs, read from the protos only and checked against the GraphDef itself. */
class Tf1LayerRecoveryTest {
    static Path model(String name) {
        return SharedData.require(SharedData.root().resolve("savedmodels").resolve(name));
    }

    static MetaGraphDef meta(String name) {
        return SavedModelFiles.read(model(name)).getMetaGraphs(0);
    }

    @Test
    void everyResNetConvolutionCountsKernelHeightTimesWidthTimesInTimesOutParameters() {
        MetaGraphDef meta = meta("tf1_tf18_cifar10_resnet_estimator_batch128");
        Map<String, NodeDef> nodes = new HashMap<>();
        meta.getGraphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
        List<RecoveredLayer> convs = Tf1LayerRecovery.layers(meta, "serving_default").stream()
                .filter(l -> l.className().equals("Conv2D"))
                .toList();
        long graphConvs =
                nodes.values().stream().filter(n -> n.getOp().equals("Conv2D")).count();
        assertEquals(graphConvs, convs.size());
        for (RecoveredLayer l : convs) {
            // The kernel variable is what the Conv2D node's second input reads (VariableV2 → kernel/read → Conv2D).
            NodeDef conv = nodes.get(l.outputNode());
            assertEquals("Conv2D", conv.getOp(), l.name());
            NodeDef read = nodes.get(conv.getInput(1));
            NodeDef variable = nodes.get(read.getInput(0));
            assertEquals("VariableV2", variable.getOp());
            long expected = variable.getAttrOrThrow("shape").getShape().getDimList().stream()
                    .mapToLong(d -> d.getSize())
                    .reduce(1, (a, b) -> a * b);
            assertEquals(expected, l.params(), l.name());
            assertEquals(read.getName(), l.weightReads().get("kernel"));
            assertEquals(4, l.outputShape().size(), l.name());
            assertEquals(128, l.outputShape().get(0), "the batch is fixed to 128");
        }
    }

    @Test
    void theResNetSummaryShowsLayersAndItsTotalsAreTheGraphsModelVariables() {
        MetaGraphDef meta = meta("tf1_tf18_cifar10_resnet_estimator_batch128");
        ModelSummary m =
                SavedModelSummaries.summarize(model("tf1_tf18_cifar10_resnet_estimator_batch128"), Set.of("serve"));
        Map<String, Long> classes = new HashMap<>();
        m.rows().forEach(r -> classes.merge(r.className(), 1L, Long::sum));
        assertEquals(34L, classes.get("Conv2D"));
        assertEquals(31L, classes.get("BatchNormalization"), "MANIFEST: 31 FusedBatchNorm");
        assertEquals(15L, classes.get("Add"), "MANIFEST: 15 residual adds");
        assertEquals(1L, classes.get("GlobalAveragePooling2D"));
        assertEquals(1L, classes.get("Dense"));
        // Independent count: every variable of the graph except optimizer slots (Momentum) and the step counter.
        long all = 0;
        long moving = 0;
        for (NodeDef n : meta.getGraphDef().getNodeList()) {
            if (n.getOp().equals("VariableV2")
                    && !n.getName().endsWith("/Momentum")
                    && !n.getName().equals("global_step")) {
                long size = n.getAttrOrThrow("shape").getShape().getDimList().stream()
                        .mapToLong(d -> d.getSize())
                        .reduce(1, (a, b) -> a * b);
                all += size;
                moving += n.getName().contains("/moving_") ? size : 0;
            }
        }
        assertEquals(all, m.totalParams());
        assertEquals(
                all,
                m.rows().stream().mapToLong(SummaryRow::params).sum(),
                "the serving path reads every model variable");
        assertEquals(moving, m.nonTrainableParams(), "batch normalisation's moving statistics are not trainable");
        assertFalse(m.sequentialLike(), "residual adds have two inputs");
    }

    @Test
    void theMnistSoftmaxIsOneDenseLayerAndASoftmaxWithoutItsTrainingNodes() {
        MetaGraphDef meta = meta("tf1_tf111_mnist_softmax");
        assertTrue(meta.getGraphDef().getNodeList().stream()
                .anyMatch(n -> n.getName().startsWith("gradients/")));
        List<RecoveredLayer> layers = Tf1LayerRecovery.layers(meta, "predict_images");
        assertEquals(
                List.of("Dense", "Activation"),
                layers.stream().map(RecoveredLayer::className).toList());
        RecoveredLayer dense = layers.get(0);
        assertEquals(784 * 10 + 10, dense.params());
        assertEquals("add", dense.outputNode(), "the bias Add is part of the Dense layer");
        assertEquals(Arrays.asList(null, 10), dense.outputShape());
        assertEquals(Set.of("kernel", "bias"), dense.weightReads().keySet());
        assertEquals("y", layers.get(1).outputNode());
        assertFalse(
                Tf1LayerRecovery.isTf1Signature(meta("keras2_tf29_mnist_cnn_bn"), "serving_default"),
                "TF2 signatures call functions");
    }
}
