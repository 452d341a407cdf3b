package dev.kerascope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.arch.Layer;
import dev.kerascope.graph.Tensors;
import dev.kerascope.precision.Precision;
import dev.kerascope.precision.Sessions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.RunMetadata;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * keras-mnist trained in mixed_bfloat16 on the synthetic digits. Runs only where auto would choose bfloat16: elsewhere
 * oneDNN emulates it, which proves little and costs minutes.
 */
class MixedPrecisionTrainingTest {
    static final Architecture ARCH = Architectures.builtIn("keras-mnist");

    @BeforeAll
    static void needsBfloat16() {
        assertTrue(Sessions.softmaxStaysFloat32(), "the build sets Sessions.SOFTMAX_FLOAT32_ENV for the tests");
        Precision.Choice auto = Precision.choose("auto");
        if (auto.precision() != Precision.MIXED_BFLOAT16) {
            System.out.println("SKIPPED: MixedPrecisionTrainingTest needs a CPU with amx_bf16 or avx512_bf16 ("
                    + auto.reason() + ")");
        }
        Assumptions.assumeTrue(auto.precision() == Precision.MIXED_BFLOAT16, auto.reason());
    }

    /**
     * The bound is the float32 test's (SyntheticTrainingTest: val_accuracy > 0.9 after one epoch of 1,024 images): the
     * ten classes are bright blocks at ten places, so bfloat16's 8-bit mantissa (relative error 2^-9 per value,
     * accumulated in float32 by oneDNN) leaves them as separable as float32 does; a rewrite that broke the gradients
     * would stay near chance (0.1).
     */
    @Test
    void learnsTheSyntheticDigitsInOneEpoch() {
        try (TrainingGraph graph = new TrainingGraph(ARCH, 1e-3, 3, Precision.MIXED_BFLOAT16)) {
            graph.initialize(3);
            Trainer trainer = new Trainer(graph, PixelTable.of(ARCH.training()), 32, 3, List.of());
            StepMetrics before = trainer.evaluate(SyntheticTrainingTest.TEST);
            History h = trainer.fit(SyntheticTrainingTest.TRAIN, SyntheticTrainingTest.TEST, 0, 1, new History());
            System.out.println("mixed_bfloat16 on synthetic digits: loss " + before.meanLoss() + " -> " + h.asMap());
            assertTrue(h.asMap().get("val_loss").get(0) < before.meanLoss() / 3, "val_loss " + h.asMap());
            assertTrue(h.asMap().get("val_accuracy").get(0) > 0.9, "val_accuracy " + h.asMap());
            // The variables stay float32: weights() reads them as floats of their full shapes.
            long weighted = ARCH.layers().stream()
                    .filter(l -> l instanceof Layer.Dense || l instanceof Layer.Conv2D)
                    .count();
            assertEquals(2 * weighted, graph.weights().size());
        }
    }

    /**
     * What the session ran after grappler's rewrite: the convolutions and matrix products (forward and backward) in
     * bfloat16; the cross-entropy (on TensorFlow's oneDNN deny list), the loss sums and Adam's updates of the float32
     * variables in float32; everything fetched ({@code _Retval}) float32. TensorFlow's oneDNN lists put Softmax on the
     * infer list; the environment the build sets (as bin/kerascope does, see Sessions) keeps it in float32, as Keras's
     * policy does.
     */
    /**
     * The live graph's probabilities in mixed_bfloat16 against float32 with the same weights: bfloat16 convolutions and
     * matrix products move them by at most a few 1e-3 (the logits keep about three significant digits); a bfloat16
     * softmax kernel moved confident rows from 0.999 to 0.23.
     */
    @Test
    void predictionsStayWithinBfloat16OfFloat32() {
        float[] images = new float[256 * 784];
        int[] labels = new int[256];
        int[] order = new int[256];
        for (int i = 0; i < 256; i++) {
            order[i] = i;
        }
        PixelTable pre = PixelTable.of(ARCH.training());
        pre.gather(SyntheticTrainingTest.TEST, order, 0, 256, images, labels);
        float[] f32;
        float[] bf16;
        try (TrainingGraph a = new TrainingGraph(ARCH, 1e-3, 5);
                TrainingGraph b = new TrainingGraph(ARCH, 1e-3, 5, Precision.MIXED_BFLOAT16)) {
            a.initialize(5);
            new Trainer(a, pre, 32, 5, List.of()).fit(SyntheticTrainingTest.TRAIN.head(512), null, 0, 1, new History());
            b.initialize(5);
            b.setWeights(a.weights());
            f32 = a.predict(images, 256);
            bf16 = b.predict(images, 256);
        }
        double worst = 0;
        for (int i = 0; i < f32.length; i++) {
            worst = Math.max(worst, Math.abs(f32[i] - bf16[i]));
        }
        System.out.println("largest probability difference mixed_bfloat16 - float32: " + worst);
        assertTrue(worst < 0.05, "largest probability difference " + worst);
    }

    @Test
    void theRewriteRunsConvolutionsInBfloat16AndKeepsTheLossInFloat32() {
        int n = 32;
        float[] images = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            images[i * 784 + i] = 1f;
        }
        Map<String, TreeSet<String>> dtypes = new TreeMap<>();
        try (TrainingGraph graph = new TrainingGraph(ARCH, 1e-3, 3, Precision.MIXED_BFLOAT16);
                TFloat32 x = Tensors.floats(images, n, 28, 28, 1);
                TInt32 y = Tensors.ints(labels, n)) {
            graph.initialize(3);
            RunMetadata meta = graph.traceStep(x, y);
            for (GraphDef g : meta.getPartitionGraphsList()) {
                for (NodeDef node : g.getNodeList()) {
                    if (node.getAttrMap().containsKey("T")) {
                        dtypes.computeIfAbsent(node.getOp(), k -> new TreeSet<>())
                                .add(node.getAttrMap().get("T").getType().name());
                    }
                }
            }
        }
        System.out.println("op types and their T after the rewrite: " + dtypes);
        List<String> bf16 = new ArrayList<>();
        dtypes.forEach((op, types) -> {
            if (types.contains(DataType.DT_BFLOAT16.name())) {
                bf16.add(op);
            }
        });
        assertTrue(
                bf16.stream().anyMatch(op -> op.contains("Conv2D") && !op.contains("Backprop")),
                "forward convolution in bf16: " + dtypes);
        assertTrue(
                bf16.stream().anyMatch(op -> op.contains("Conv2DBackpropFilter")),
                "kernel gradient in bf16: " + dtypes);
        assertTrue(bf16.stream().anyMatch(op -> op.contains("MatMul")), "Dense in bf16: " + dtypes);
        assertEquals(
                Set.of(DataType.DT_FLOAT.name()), dtypes.get("SoftmaxCrossEntropyWithLogits"), "the loss: " + dtypes);
        assertTrue(
                dtypes.keySet().stream().anyMatch(op -> op.contains("Softmax") && !op.contains("CrossEntropy")),
                "the output softmax ran: " + dtypes);
        for (String op : dtypes.keySet()) {
            if (op.contains("Softmax") || op.contains("ApplyAdam") || op.equals("_Retval")) {
                assertEquals(Set.of(DataType.DT_FLOAT.name()), dtypes.get(op), op + " must stay float32: " + dtypes);
            }
        }
    }
}
