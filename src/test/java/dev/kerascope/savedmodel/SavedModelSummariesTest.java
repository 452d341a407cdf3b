package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.SummaryRow;
import dev.kerascope.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Summaries of the shared corpus of real SavedModels. Every expected number is worked out by hand from the layer list
 * in ../shared/savedmodels/MANIFEST.md (shape arithmetic, kh*kw*in*out + out, BatchNormalization 4 per channel of which
 * 2 are moving statistics), not taken from kerascope.
 */
class SavedModelSummariesTest {
    static Path model(String name) {
        return SharedData.require(SharedData.root().resolve("savedmodels").resolve(name));
    }

    static ModelSummary summarize(String name) {
        return SavedModelSummaries.summarize(model(name), Set.of("serve"));
    }

    static List<Integer> s(Integer... dims) {
        return Arrays.asList(dims);
    }

    /** Checks class, output shape and parameter count of every row, in order. */
    static void assertRows(ModelSummary m, Object[][] expected) {
        assertEquals(expected.length, m.rows().size(), m.rows().toString());
        for (int i = 0; i < expected.length; i++) {
            SummaryRow r = m.rows().get(i);
            assertEquals(expected[i][0], r.className(), "row " + i + " " + r.name());
            assertEquals(expected[i][1], r.outputShape(), "row " + i + " " + r.name());
            assertEquals(((Number) expected[i][2]).longValue(), r.params(), "row " + i + " " + r.name());
        }
    }

    @Test
    void keras2SequentialWithBatchNormalizationFromKerasMetadata() {
        ModelSummary m = summarize("keras2_tf29_mnist_cnn_bn");
        assertEquals("sequential", m.modelName());
        assertTrue(m.sequentialLike());
        assertRows(m, new Object[][] {
            {"Conv2D", s(null, 26, 26, 32), 3 * 3 * 32 + 32},
            {"BatchNormalization", s(null, 26, 26, 32), 4 * 32},
            {"MaxPooling2D", s(null, 13, 13, 32), 0},
            {"Conv2D", s(null, 11, 11, 64), 3 * 3 * 32 * 64 + 64},
            {"MaxPooling2D", s(null, 5, 5, 64), 0},
            {"Flatten", s(null, 1600), 0},
            {"Dense", s(null, 100), 1600 * 100 + 100},
            {"BatchNormalization", s(null, 100), 4 * 100},
            {"Dense", s(null, 10), 100 * 10 + 10}
        });
        assertEquals(180_454, m.totalParams());
        assertEquals(2 * 32 + 2 * 100, m.nonTrainableParams(), "moving mean and variance are non-trainable");
        assertEquals(4 * 180_454, m.totalBytes());
        assertEquals("conv2d", m.rows().get(0).name());
    }

    @Test
    void keras2WithDropoutFromTf211() {
        assertRows(summarize("keras2_tf211_mnist_cnn_dropout"), new Object[][] {
            {"Conv2D", s(null, 26, 26, 32), 320},
            {"MaxPooling2D", s(null, 13, 13, 32), 0},
            {"Conv2D", s(null, 11, 11, 64), 18_496},
            {"MaxPooling2D", s(null, 5, 5, 64), 0},
            {"Flatten", s(null, 1600), 0},
            {"Dense", s(null, 128), 1600 * 128 + 128},
            {"Dropout", s(null, 128), 0},
            {"Dense", s(null, 10), 1290}
        });
    }

    @Test
    void preTf25ModelsKeepTheirKerasJsonInTheObjectGraph() {
        ModelSummary m = summarize("keras2_tf23_mnist_cnn_3stage");
        assertRows(m, new Object[][] {
            {"Reshape", s(null, 28, 28, 1), 0},
            {"Conv2D", s(null, 28, 28, 32), 320},
            {"MaxPooling2D", s(null, 14, 14, 32), 0},
            {"Conv2D", s(null, 14, 14, 64), 18_496},
            {"MaxPooling2D", s(null, 7, 7, 64), 0},
            {"Conv2D", s(null, 7, 7, 128), 3 * 3 * 64 * 128 + 128},
            {"MaxPooling2D", s(null, 3, 3, 128), 0},
            {"Flatten", s(null, 1152), 0},
            {"Dense", s(null, 64), 1152 * 64 + 64},
            {"Dense", s(null, 10), 650}
        });
        ModelSummary tf20 = summarize("keras2_tf20_mnist_cnn");
        assertEquals(93_322, tf20.totalParams(), "the TensorFlow CNN tutorial's well-known total");
        assertEquals(
                List.of(
                        "conv2d_4",
                        "max_pooling2d_2",
                        "conv2d_5",
                        "max_pooling2d_3",
                        "conv2d_6",
                        "flatten_1",
                        "dense_2",
                        "dense_3"),
                tf20.rows().stream().map(SummaryRow::name).toList());
    }

    @Test
    void functionalModelListsItsInputLayerAndStaysSequentialLike() {
        ModelSummary m = summarize("keras2_tf25_fashion_functional_bn_dropout");
        assertTrue(m.sequentialLike());
        assertEquals("InputLayer", m.rows().get(0).className());
        assertEquals(s(null, 28, 28, 1), m.rows().get(0).outputShape());
        assertEquals(4 + 320 + 128 + 18_496 + 256 + 73_856 + 147_584 + 512 + 73_792 + 650, m.totalParams());
        assertEquals(2 + 64 + 128 + 256, m.nonTrainableParams());
        SummaryRow secondConv128 =
                m.rows().stream().filter(r -> r.params() == 147_584).findFirst().orElseThrow();
        assertEquals(s(null, 7, 7, 128), secondConv128.outputShape());
    }

    @Test
    void nestedModelCalledTwiceIsNotSequentialAndShowsItsConnections() {
        ModelSummary m = summarize("keras2_tf23_nested_functional_two_inputs");
        assertFalse(m.sequentialLike());
        assertRows(m, new Object[][] {
            {"InputLayer", s(null, 5), 0},
            {"InputLayer", s(null, 5), 0},
            {"Functional", s(null, 3), 5 * 3 + 3},
            {"Concatenate", s(null, 6), 0},
            {"Dense", s(null, 1), 6 + 1}
        });
        assertEquals(
                List.of("test_in1[0][0]", "test_in2[0][0]"), m.rows().get(2).inbound());
        assertEquals(
                List.of("functional_1[1][0]", "functional_1[2][0]"),
                m.rows().get(3).inbound());
        assertEquals(25, m.totalParams());
    }

    @Test
    void keras3ExportsHaveTheirLayersRecoveredFromTheGraph() {
        ModelSummary m = summarize("keras3_tf219_export_mnist_cnn");
        assertTrue(m.note().contains("recovered from the graph"), m.note());
        assertRows(m, new Object[][] {
            {"Conv2D", s(null, 26, 26, 16), 3 * 3 * 16 + 16},
            {"Flatten", s(null, 26 * 26 * 16), 0},
            {"Dense", s(null, 10), 26 * 26 * 16 * 10 + 10}
        });
        assertEquals(
                List.of("conv2d", "flatten", "dense"),
                m.rows().stream().map(SummaryRow::name).toList());
        assertEquals(108_330, m.totalParams());
    }

    @Test
    void tfSavedModelSaveOfAKeras3ModelIsRecoveredToo() {
        ModelSummary m = summarize("broken_keras3_tf219_tfsave_missing_var");
        assertRows(m, new Object[][] {
            {"Conv2D", s(null, 26, 26, 16), 160},
            {"MaxPooling2D", s(null, 13, 13, 16), 0},
            {"Conv2D", s(null, 11, 11, 32), 3 * 3 * 16 * 32 + 32},
            {"Flatten", s(null, 3872), 0},
            {"Dense", s(null, 64), 3872 * 64 + 64},
            {"Dense", s(null, 10), 650}
        });
        assertEquals(
                List.of("conv2d_14", "max_pooling2d_14", "conv2d_15", "flatten_8", "dense_16", "dense_17"),
                m.rows().stream().map(SummaryRow::name).toList());
    }

    @Test
    void keras3FunctionalBranchesKeepTheirConnections() {
        ModelSummary m = summarize("keras3_tf220_export_functional_branches");
        assertFalse(m.sequentialLike());
        assertRows(m, new Object[][] {
            {"Rescaling", s(null, 28, 28, 1), 0},
            {"Conv2D", s(null, 26, 26, 32), 320},
            {"LeakyReLU", s(null, 26, 26, 32), 0},
            {"MaxPooling2D", s(null, 13, 13, 32), 0},
            {"Conv2D", s(null, 11, 11, 64), 18_496},
            {"LeakyReLU", s(null, 11, 11, 64), 0},
            {"Layer", s(null, 11, 11, 32), 0},
            {"Conv2D", s(null, 11, 11, 32), 32 * 32 + 32},
            {"LeakyReLU", s(null, 11, 11, 32), 0},
            {"Concatenate", s(null, 11, 11, 64), 0},
            {"MaxPooling2D", s(null, 5, 5, 64), 0},
            {"Conv2D", s(null, 5, 5, 10), 64 * 10 + 10},
            {"GlobalAveragePooling2D", s(null, 10), 0},
            {"Activation", s(null, 10), 0}
        });
        SummaryRow concat = m.rows().get(9);
        assertEquals(List.of("split_branch[0][0]", "bn_tensor[0][0]"), concat.inbound());
        assertEquals(
                List.of("first_layer", "second_layer", "bottleneck", "class_head"),
                m.rows().stream()
                        .filter(r -> r.className().equals("Conv2D"))
                        .map(SummaryRow::name)
                        .toList());
    }

    @Test
    void aTfModuleWithoutLayersIsSummarisedByVariable() {
        ModelSummary m = summarize("tf2_tf214_module_half_plus_two");
        assertTrue(m.note().contains("variable"), m.note());
        assertEquals(
                variableValuesAsTensorFlowLoadsThem(
                        SharedData.root().resolve("savedmodels/tf2_tf214_module_half_plus_two")),
                m.totalParams(),
                "a, b and c of y = a x + b and y3 = a x2 + c, counted in the graph TensorFlow restores");
    }

    @Test
    void tf1GraphsAreSummarisedFromTheirVariablesWithoutOptimizerState() throws Exception {
        ModelSummary m = summarize("tf1_tf111_mnist_softmax");
        assertEquals(784 * 10 + 10, m.totalParams());
        // The checkpoint holds exactly these float32 values: its data file is 4 bytes per parameter.
        Path data = model("tf1_tf111_mnist_softmax").resolve("variables/variables.data-00000-of-00001");
        assertEquals(Files.size(data), m.totalBytes());
        Path half = model("tf1_tf114_half_plus_two");
        assertEquals(
                Files.size(half.resolve("variables/variables.data-00000-of-00001")),
                SavedModelSummaries.summarize(half, Set.of("serve")).totalBytes());
    }

    @Test
    void aMissingTagSetNamesTheTagSetsThereAre() throws Exception {
        Path dir = model("tf1_tf121_regression_train_serve_tags");
        BadInputException e =
                assertThrows(BadInputException.class, () -> SavedModelSummaries.summarize(dir, Set.of("serve")));
        assertTrue(
                // {train, serve}: the tag set as MANIFEST.md and inspect ("Tag sets: ...") write it
                e.getMessage().contains("tag sets there: {train, serve}")
                        && e.remedy() == dev.kerascope.io.Remedy.CHOOSE_TAGS,
                e.getMessage());
        // The checkpoint's data file holds exactly the model's float32 values: w and b of y = w·x + b.
        ModelSummary m = SavedModelSummaries.summarize(dir, Set.of("serve", "train"));
        assertEquals(Files.size(dir.resolve("variables/variables.data-00000-of-00001")), m.totalBytes());
        assertEquals(m.totalBytes() / 4, m.totalParams());
    }

    @Test
    void receptiveFieldsOfAKeras2ModelFollowItsWindowsAndSkipBatchNormalization() {
        var rows = summarize("keras2_tf29_mnist_cnn_bn").spatialChain().rows();
        // input 28 -> conv 3x3 valid (26, rf 3) -> pool 2 (13, rf 4, jump 2) -> conv (11, rf 8) -> pool (5, rf 10, jump
        // 4)
        assertEquals(
                List.of(28, 26, 13, 11, 5),
                rows.stream().map(r -> r.outputSize()).toList());
        assertEquals(List.of(1, 3, 4, 8, 10), rows.stream().map(r -> r.field()).toList());
        assertEquals(4, rows.get(4).jump());
        assertTrue(summarize("keras2_tf23_nested_functional_two_inputs").spatialChain() == null, "no image input");
    }

    @Test
    void nestedPreprocessingSequentialsOfAModelBuiltWithBatch32() {
        ModelSummary m = summarize("keras2_tf214_potato_resizing_rescaling_randomaug_256");
        // model.build((32, 256, 256, 3)): every shape keeps the batch; conv 3x3 valid: n - 2, pool 2: floor(n / 2).
        assertRows(m, new Object[][] {
            {"Sequential", s(32, 256, 256, 3), 0}, // Resizing 256x256, Rescaling
            {"Sequential", s(32, 256, 256, 3), 0}, // RandomFlip, RandomRotation
            {"Conv2D", s(32, 254, 254, 32), 3 * 3 * 3 * 32 + 32},
            {"MaxPooling2D", s(32, 127, 127, 32), 0},
            {"Conv2D", s(32, 125, 125, 64), 3 * 3 * 32 * 64 + 64},
            {"MaxPooling2D", s(32, 62, 62, 64), 0},
            {"Conv2D", s(32, 60, 60, 64), 36_928},
            {"MaxPooling2D", s(32, 30, 30, 64), 0},
            {"Conv2D", s(32, 28, 28, 64), 36_928},
            {"MaxPooling2D", s(32, 14, 14, 64), 0},
            {"Conv2D", s(32, 12, 12, 64), 36_928},
            {"MaxPooling2D", s(32, 6, 6, 64), 0},
            {"Conv2D", s(32, 4, 4, 64), 36_928},
            {"MaxPooling2D", s(32, 2, 2, 64), 0},
            {"Flatten", s(32, 256), 0},
            {"Dense", s(32, 64), 256 * 64 + 64},
            {"Dense", s(32, 3), 64 * 3 + 3}
        });
        assertEquals(
                List.of("sequential", "sequential_1"),
                m.rows().subList(0, 2).stream().map(SummaryRow::name).toList());
        assertEquals(183_747, m.totalParams(), "the tutorial's printed total");
        assertEquals("2.14.0", m.kerasVersion());
        assertEquals(ModelSummary.Layout.KERAS2, m.defaultLayout());
    }

    @Test
    void depthwiseConvolutionsKeepTheirShapes() {
        ModelSummary m = summarize("keras2_tf23_kws_dscnn_depthwise_bn_avgpool_49x10");
        // Conv2D 10x4 stride 2 same on 49x10: ceil(49/2) = 25, ceil(10/2) = 5; depthwise 3x3 same keeps 25x5x64.
        assertTrue(
                m.rows().stream()
                        .filter(r -> r.className().equals("DepthwiseConv2D"))
                        .allMatch(r -> r.outputShape().equals(s(null, 25, 5, 64)) && r.params() == 3 * 3 * 64 + 64),
                m.rows().toString());
        SummaryRow pool = m.rows().stream()
                .filter(r -> r.className().equals("AveragePooling2D"))
                .findFirst()
                .orElseThrow();
        assertEquals(s(null, 1, 1, 64), pool.outputShape(), "25x5 window on 25x5");
        assertEquals(s(null, 12), m.rows().get(m.rows().size() - 1).outputShape());
    }

    @Test
    void keras3SeedGeneratorStateIsNotCounted() {
        ModelSummary m = summarize("keras3_tf220_export_functional_branches");
        // Two seed_generator_state variables of shape (2,) are in the file; Keras counts weights only.
        assertEquals(0, m.nonTrainableParams());
        assertEquals(320 + 18_496 + 1_056 + 650, m.totalParams());
        assertTrue(m.note().contains("2 Dropout layer(s) hidden"), m.note());
        assertEquals(ModelSummary.Layout.KERAS3, m.defaultLayout());
    }

    @Test
    void everyCorpusModelIsSummarisedOrRefusedAsBadInput() throws Exception {
        Path root = SharedData.require(SharedData.root().resolve("savedmodels"));
        List<Path> dirs;
        try (var list = Files.list(root)) {
            dirs = list.filter(Files::isDirectory).sorted().toList();
        }
        assertEquals(
                manifestModels(root),
                dirs.stream().map(d -> d.getFileName().toString()).toList(),
                "every model the MANIFEST's table lists, and no other");
        for (Path dir : dirs) {
            try {
                ModelSummary m = SavedModelSummaries.summarize(dir, Set.of("serve"));
                assertFalse(m.rows().isEmpty(), dir.toString());
                if (dir.getFileName().toString().startsWith("keras2_")) {
                    // Every Keras 2 save prints one of tf.keras 2's layouts, the family of its own version.
                    assertEquals("keras2", m.defaultLayout().flag(), dir.toString());
                    assertEquals(
                            ModelSummary.Layout.ofKerasVersion(m.kerasVersion()), m.defaultLayout(), dir.toString());
                }
            } catch (BadInputException e) {
                assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
            }
        }
    }

    /** The model names in the first column of MANIFEST.md's table, sorted. */
    static List<String> manifestModels(Path root) throws Exception {
        return Files.readAllLines(root.resolve("MANIFEST.md")).stream()
                .filter(line -> line.startsWith("| ") && !line.startsWith("| short name"))
                .map(line -> line.substring(2, line.indexOf(" |", 2)).trim())
                .sorted()
                .toList();
    }

    /** The number of numeric values in the variables TensorFlow restores: the shapes of the loaded graph's handles. */
    static long variableValuesAsTensorFlowLoadsThem(Path model) {
        long total = 0;
        try (org.tensorflow.SavedModelBundle bundle = org.tensorflow.SavedModelBundle.load(model.toString(), "serve")) {
            var ops = bundle.graph().operations();
            while (ops.hasNext()) {
                org.tensorflow.GraphOperation op = (org.tensorflow.GraphOperation) ops.next();
                // the module's string variable (its asset's path) holds text, not parameters
                if (op.type().equals("VarHandleOp")
                        && op.attributes().getAttrType("dtype") != org.tensorflow.proto.DataType.DT_STRING) {
                    total += op.attributes().getAttrShape("shape").size();
                }
            }
        }
        return total;
    }
}
