package dev.kerascope.walker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.data.LabeledImages;
import dev.kerascope.testing.SyntheticDigits;
import dev.kerascope.train.History;
import dev.kerascope.train.PixelTable;
import dev.kerascope.train.SavedModelExporter;
import dev.kerascope.train.Trainer;
import dev.kerascope.train.TrainingGraph;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kerascope's own keras-mnist export walked layer by layer equals the live training graph. */
class KerascopeExportWalkTest {
    @TempDir
    Path dir;

    @Test
    void everyLayerOfAnExportEqualsTheLiveGraph() {
        Architecture arch = Architectures.builtIn("keras-mnist");
        PixelTable pre = PixelTable.of(arch.training());
        LabeledImages data = SyntheticDigits.make(256, 8);
        int n = 5;
        float[] x = new float[n * 784];
        int[] order = {0, 1, 2, 3, 4};
        pre.gather(data, order, 0, n, x, new int[n]);
        List<String> names = arch.layers().subList(1, arch.layers().size()).stream()
                .map(l -> l.name())
                .toList();
        Map<String, float[]> live;
        Map<String, float[]> trained;
        Path export = dir.resolve("saved_model");
        try (TrainingGraph graph = new TrainingGraph(arch, 1e-3, 2)) {
            graph.initialize(2);
            new Trainer(graph, pre, 32, 2, List.of()).fit(data, null, 0, 1, new History());
            live = graph.activations(x, n, names);
            trained = graph.weights();
            SavedModelExporter.export(arch, graph.weights(), pre, "mnist", export);
        }
        try (SavedModelWalker w = SavedModelWalker.open(export, Set.of("serve"), "serving_default")) {
            assertEquals(names, w.layerNames());
            Map<String, LayerTensor> walked = w.fetch(x, n, names);
            for (String l : names) {
                float[] a = live.get(l);
                float[] b = walked.get(l).values();
                assertEquals(a.length, b.length, l);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 1e-6, l + "[" + i + "]");
                }
            }
            assertTrue(walked.get("conv3").shape()[3] == 64);
        }
        try (var model = dev.kerascope.Kerascope.open(export)) {
            assertEquals(names, model.layers());
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    trained.get("conv2/kernel"),
                    model.weights("conv2").get("kernel").values());
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    new long[] {3, 3, 32, 32},
                    model.weights("conv2").get("kernel").shape());
            org.junit.jupiter.api.Assertions.assertArrayEquals(
                    trained.get("dense_1/bias"),
                    model.weights("dense_1").get("bias").values());
        }
    }
}
