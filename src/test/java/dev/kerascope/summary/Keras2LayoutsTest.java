package dev.kerascope.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.summary.ModelSummary.Layout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules of each tf.keras 2 family's {@code print_summary}, against lines worked out from Keras's sources: TF
 * 2.0–2.6 {@code print_row} (append after blanking the last character, cut at the position, pad), 2.7–2.12 (wrap at end
 * - start - 2, break after "),", "},", "]," or "',"), 2.13–2.15 (one character earlier; "Connected to" at 70%).
 * Positions are int(65 * [.45, .85, 1]) = 29, 55, 65 and int(98 * [.33, .55, .67, 1]) = 32, 53, 65, 98 (2.13: 29, 58,
 * 68, 98).
 */
class Keras2LayoutsTest {
    private static final int[] SEQ = {29, 55, 65};
    private static final int[] FUNC = {32, 53, 65, 98};
    private static final int[] FUNC_213 = {29, 58, 68, 98};

    private static List<String> row(Layout layout, int[] positions, String... fields) {
        List<String> out = new ArrayList<>();
        Keras2SummaryPrinter.printRow(layout, Arrays.asList(fields), positions, out::add);
        return out;
    }

    @Test
    void tf20CutsEveryFieldAtItsColumnAndBlanksTheLastCharacter() {
        assertEquals(
                List.of("max_pooling2d_2 (MaxPooling2 (None, 13, 13, 32)        0         "),
                row(Layout.TF_KERAS_2_0, SEQ, "max_pooling2d_2 (MaxPooling2D)", "(None, 13, 13, 32)", "0"));
        // Nothing wraps: a long shape and a long count are cut too, the count at the line's end.
        assertEquals(
                List.of("very_long_layer_name_here (C (None, 1234567, 1234567,  1234567890"),
                row(
                        Layout.TF_KERAS_2_0,
                        SEQ,
                        "very_long_layer_name_here (Conv2DTranspose)",
                        "(None, 1234567, 1234567, 1234567, 3)",
                        "12345678901"));
    }

    @Test
    void tf20PrintsOneConnectionPerLine() {
        assertEquals(
                List.of("add (Add)                       (None, 10)           0           dense[0][0]                 "
                        + "     "),
                row(Layout.TF_KERAS_2_0, FUNC, "add (Add)", "(None, 10)", "0", "dense[0][0]"));
        assertEquals(
                List.of("                                                                 dense_1[0][0]               "
                        + "     "),
                row(Layout.TF_KERAS_2_0, FUNC, "", "", "", "dense_1[0][0]"));
    }

    @Test
    void tf27WrapsTheFirstColumnAtItsWidth() {
        assertEquals(
                List.of(
                        " max_pooling2d_12 (MaxPoolin  (None, 17, 17, 128)      0         ",
                        " g2D)                                                            "),
                row(Layout.TF_KERAS_2_7, SEQ, "max_pooling2d_12 (MaxPooling2D)", "(None, 17, 17, 128)", "0"));
    }

    @Test
    void tf213WrapsOneCharacterEarlier() {
        assertEquals(
                List.of(
                        " max_pooling2d_12 (MaxPooli  (None, 17, 17, 128)       0         ",
                        " ng2D)                                                           "),
                row(Layout.KERAS2, SEQ, "max_pooling2d_12 (MaxPooling2D)", "(None, 17, 17, 128)", "0"));
    }

    @Test
    void sharedLayerConnectionsBreakAfterEachQuotedName() {
        String connections = Keras2Rows.pythonList(List.of("dense[0][0]", "dense_1[0][0]"));
        assertEquals("['dense[0][0]', 'dense_1[0][0]']", connections);
        assertEquals(
                List.of(
                        " add (Add)                      (None, 10)           0           ['dense[0][0]',             "
                                + "     ",
                        "                                                                  'dense_1[0][0]']           "
                                + "     "),
                row(Layout.TF_KERAS_2_7, FUNC, "add (Add)", "(None, 10)", "0", connections));
        assertEquals(
                List.of(
                        " add (Add)                   (None, 10)                   0         ['dense[0][0]',          "
                                + "     ",
                        "                                                                     'dense_1[0][0]']        "
                                + "     "),
                row(Layout.KERAS2, FUNC_213, "add (Add)", "(None, 10)", "0", connections));
    }

    @Test
    void severalOutputShapesBreakAfterEachTuple() {
        assertEquals(
                List.of(
                        " lambda (Lambda)             [(None, 3),               0         ",
                        "                              (None, 4)]                         "),
                row(Layout.TF_KERAS_2_7, SEQ, "lambda (Lambda)", "[(None, 3), (None, 4)]", "0"));
    }

    private static ModelSummary twoLayers() {
        List<SummaryRow> rows = List.of(
                new SummaryRow("sequential", "Sequential", Arrays.asList(32, 256, 256, 3), 0, true, List.of()),
                new SummaryRow("dense", "Dense", Arrays.asList(32, 1000), 1234567, true, List.of()));
        return new ModelSummary("model", rows, 1234567, 1234567L * 4, 0, 0, true, null);
    }

    private static List<String> print(Layout layout) {
        List<String> out = new ArrayList<>();
        Keras2SummaryPrinter.print(twoLayers(), layout, null, out::add);
        return out;
    }

    @Test
    void tf20RulesBetweenLayersAndTotalsWithSeparators() {
        assertEquals(
                List.of(
                        "Model: \"model\"",
                        "_".repeat(65),
                        "Layer (type)                 Output Shape              Param #   ",
                        "=".repeat(65),
                        "sequential (Sequential)      (32, 256, 256, 3)         0         ",
                        "_".repeat(65),
                        "dense (Dense)                (32, 1000)                1234567   ",
                        "=".repeat(65),
                        "Total params: 1,234,567",
                        "Trainable params: 1,234,567",
                        "Non-trainable params: 0",
                        "_".repeat(65)),
                print(Layout.TF_KERAS_2_0));
    }

    @Test
    void tf27BlankLinesBetweenLayersAndTotalsWithSeparators() {
        assertEquals(
                List.of(
                        "Model: \"model\"",
                        "_".repeat(65),
                        " Layer (type)                Output Shape              Param #   ",
                        "=".repeat(65),
                        " sequential (Sequential)     (32, 256, 256, 3)         0         ",
                        " ".repeat(65),
                        " dense (Dense)               (32, 1000)                1234567   ",
                        " ".repeat(65),
                        "=".repeat(65),
                        "Total params: 1,234,567",
                        "Trainable params: 1,234,567",
                        "Non-trainable params: 0",
                        "_".repeat(65)),
                print(Layout.TF_KERAS_2_7));
    }

    @Test
    void tf213TotalsWithMemorySizesAndNoSeparators() {
        List<String> out = print(Layout.KERAS2);
        // 1234567 float32 weights: 4938268 bytes = 4822.53 KB = 4.71 MB; nothing is "0.00 Byte".
        assertEquals(
                List.of(
                        "Total params: 1234567 (4.71 MB)",
                        "Trainable params: 1234567 (4.71 MB)",
                        "Non-trainable params: 0 (0.00 Byte)",
                        "_".repeat(65)),
                out.subList(out.size() - 4, out.size()));
    }

    @Test
    void memorySizesStepBy1024WithTwoDecimals() {
        assertEquals("1023.00 Byte", SummaryUtils.readableMemorySize(1023, true));
        assertEquals("1.00 KB", SummaryUtils.readableMemorySize(1024, true));
        assertEquals("13.17 MB", SummaryUtils.readableMemorySize(3453634L * 4, false));
        assertEquals("0.00 B", SummaryUtils.readableMemorySize(0, false));
    }

    @Test
    void keras3SharedLayerConnectionsWrapInTheirCell() {
        // Keras 3 at 76 columns: cells of 19, 17, 10 and 17 characters (see Keras3SummaryPrinter.columnWidths).
        List<SummaryRow> rows = List.of(new SummaryRow(
                "shared", "Dense", Arrays.asList(null, 4), 20, true, List.of("input_1[0][0]", "input_2[0][0]"), null));
        ModelSummary s = new ModelSummary("m", rows, 20, 80, 0, 0, false, null);
        List<String> out = new ArrayList<>();
        SummaryPrinter.print(s, Layout.KERAS3, null, out::add);
        assertEquals("│ shared (Dense)      │ (None, 4)         │         20 │ input_1[0][0],    │", out.get(4));
        assertEquals("│                     │                   │            │ input_2[0][0]     │", out.get(5));
    }

    @Test
    void versionsMapToTheirFamily() {
        assertEquals(Layout.TF_KERAS_2_0, Layout.ofKerasVersion("2.2.4-tf"));
        assertEquals(Layout.TF_KERAS_2_0, Layout.ofKerasVersion("2.6.0"));
        assertEquals(Layout.TF_KERAS_2_7, Layout.ofKerasVersion("2.7.0"));
        assertEquals(Layout.TF_KERAS_2_7, Layout.ofKerasVersion("2.12.0"));
        assertEquals(Layout.KERAS2, Layout.ofKerasVersion("2.13.1"));
        assertEquals(Layout.KERAS2, Layout.ofKerasVersion("2.15.0"));
        assertEquals(Layout.KERAS3, Layout.ofKerasVersion("3.3.3"));
        assertEquals(Layout.KERAS3, Layout.ofKerasVersion(null));
        assertTrue(Layout.TF_KERAS_2_7.flag().equals("keras2")
                && Layout.KERAS3.version().equals("3"));
    }
}
