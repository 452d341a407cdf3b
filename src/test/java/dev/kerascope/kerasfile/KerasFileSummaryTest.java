package dev.kerascope.kerasfile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.app.ModelSource;
import dev.kerascope.savedmodel.SavedModelSummaries;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import dev.kerascope.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Summaries of Keras files: the same table as the SavedModel twin, totals from the file's own arrays. */
class KerasFileSummaryTest {
    @Test
    void h5SummaryEqualsItsSavedModelTwins() {
        Path h5 = KerasFilesTest.file("keras2_tf20_mnist_cnn.h5");
        Path twin = SharedData.require(SharedData.root().resolve("savedmodels/keras2_tf20_mnist_cnn"));
        ModelSummary fromFile = ModelSource.resolve(h5.toString()).summary();
        ModelSummary fromSavedModel = SavedModelSummaries.summarize(twin, Set.of("serve"));
        assertEquals(93_322, fromFile.totalParams());
        assertEquals(fromSavedModel.totalParams(), fromFile.totalParams());
        assertEquals(fromSavedModel.trainableParams(), fromFile.trainableParams());
        assertEquals(fromSavedModel.totalBytes(), fromFile.totalBytes());
        assertEquals(rows(fromSavedModel), rows(fromFile));
        assertEquals(
                ModelSummary.Layout.TF_KERAS_2_0,
                fromFile.defaultLayout(),
                "Keras 2.2.4-tf is TF 2.0: the 2.0-2.6 layout");
    }

    @Test
    void keras3SummaryUsesKeras3LayoutAndLayerNames() {
        ModelSummary s = ModelSource.resolve(
                        KerasFilesTest.file("keras3_392_mnist_cnn.keras").toString())
                .summary();
        assertEquals(ModelSummary.Layout.KERAS3, s.defaultLayout());
        assertEquals("sequential_10", s.modelName());
        assertEquals(
                List.of("conv2d_29", "max_pooling2d_21", "flatten_12", "dense_24", "dense_25"),
                s.rows().stream().map(SummaryRow::name).toList());
        assertEquals(
                List.of(320L, 0L, 0L, 346_176L, 650L),
                s.rows().stream().map(SummaryRow::params).toList());
        assertEquals(347_146, s.totalParams());
        assertEquals(List.of(5408), s.rows().get(2).outputShape().subList(1, 2));
    }

    @Test
    void resnetTotalsSplitMovingStatisticsOut() {
        ModelSummary s = ModelSource.resolve(KerasFilesTest.file("keras2_k240_cifar10_resnet8_add_bn_avgpool.h5")
                        .toString())
                .summary();
        KerasFile f = KerasFiles.read(KerasFilesTest.file("keras2_k240_cifar10_resnet8_add_bn_avgpool.h5"));
        assertEquals(f.totals()[0], s.trainableParams());
        assertEquals(f.totals()[1], s.nonTrainableParams());
        assertEquals(78_666, s.totalParams());
        assertEquals(480, s.nonTrainableParams()); // 2 * (16*3 + 32*2 + 64*2) moving statistics
    }

    private static List<String> rows(ModelSummary s) {
        return s.rows().stream()
                .map(r -> r.name() + " " + r.className() + " " + r.shapeText() + " " + r.params())
                .toList();
    }
}
