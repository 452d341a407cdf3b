package dev.kerascope.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.arch.Architectures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Keras3SummaryPrinterTest {
    static List<String> print(ModelSummary s, int width) {
        List<String> out = new ArrayList<>();
        Keras3SummaryPrinter.print(s, width, out::add);
        return out;
    }

    @Test
    void kerasMnistPrintsTutorial002sTableAsKeras3DoesOffATerminal() {
        // The tutorial's table (002) in the layout Keras 3 prints with 76 columns (keras.io's examples),
        // with conv4's true count 36,928 (64*64*9+64) instead of the tutorial's typo 96,928.
        String sep = "├─────────────────────────────────┼────────────────────────┼───────────────┤";
        List<String> expected = new ArrayList<>(List.of(
                "Model: \"functional\"",
                "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
                "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃",
                "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩"));
        String[][] rows = {
            {"input_layer (InputLayer)", "(None, 28, 28, 1)", "0"},
            {"conv1 (Conv2D)", "(None, 26, 26, 32)", "320"},
            {"conv2 (Conv2D)", "(None, 24, 24, 32)", "9,248"},
            {"pool1 (MaxPooling2D)", "(None, 12, 12, 32)", "0"},
            {"conv3 (Conv2D)", "(None, 10, 10, 64)", "18,496"},
            {"conv4 (Conv2D)", "(None, 8, 8, 64)", "36,928"},
            {"pool2 (MaxPooling2D)", "(None, 4, 4, 64)", "0"},
            {"conv5 (Conv2D)", "(None, 2, 2, 128)", "73,856"},
            {"pool3 (MaxPooling2D)", "(None, 1, 1, 128)", "0"},
            {"flatten (Flatten)", "(None, 128)", "0"},
            {"dense (Dense)", "(None, 128)", "16,512"},
            {"dense_1 (Dense)", "(None, 10)", "1,290"}
        };
        for (int i = 0; i < rows.length; i++) {
            if (i > 0) {
                expected.add(sep);
            }
            expected.add(String.format("│ %-31s │ %-22s │ %13s │", rows[i][0], rows[i][1], rows[i][2]));
        }
        expected.add("└─────────────────────────────────┴────────────────────────┴───────────────┘");
        expected.add(" Total params: 156,650 (611.91 KB)");
        expected.add(" Trainable params: 156,650 (611.91 KB)");
        expected.add(" Non-trainable params: 0 (0.00 B)");
        assertEquals(expected, print(ArchitectureSummary.of(Architectures.builtIn("keras-mnist")), 76));
    }

    @Test
    void columnWidthsFollowKerasPositionsThenRichsEvenReduction() {
        // Keras asks for 34/26/16 at 76 columns; with padding and borders Rich gives cells of 33/24/15.
        assertArrayEquals(
                new int[] {33, 24, 15}, Keras3SummaryPrinter.columnWidths(new double[] {0.45, 0.80, 1.0}, 76));
        assertArrayEquals(
                new int[] {21, 19, 12, 19}, Keras3SummaryPrinter.columnWidths(new double[] {0.3, 0.56, 0.74, 1.0}, 76));
        int[] w = Keras3SummaryPrinter.columnWidths(new double[] {0.45, 0.80, 1.0}, 120);
        assertEquals(120, w[0] + w[1] + w[2] + 4, "the table fills the requested width");
    }

    @Test
    void longCellsWrapAtSpacesAsRichDoes() {
        // Keras 3 prints "batch_normalization (BatchNormalization)" on two lines in a 31-wide cell.
        assertEquals(
                List.of("batch_normalization", "(BatchNormalization)"),
                BoxTable.wrap("batch_normalization (BatchNormalization)", 31));
        assertEquals(List.of("abcdefghi…"), BoxTable.wrap("abcdefghijklmnop", 10));
    }

    @Test
    void nonSequentialModelsGetAConnectedToColumn() {
        ModelSummary s = new ModelSummary(
                "m",
                List.of(
                        new SummaryRow("a", "InputLayer", java.util.Arrays.asList(null, 5), 0, true, List.of()),
                        new SummaryRow("b", "Dense", java.util.Arrays.asList(null, 3), 18, true, List.of("a[0][0]"))),
                18,
                72,
                0,
                0,
                false,
                null);
        List<String> out = print(s, 76);
        assertEquals("┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃", out.get(2));
        assertEquals("│ a (InputLayer)      │ (None, 5)         │          0 │ -                 │", out.get(4));
        assertEquals("│ b (Dense)           │ (None, 3)         │         18 │ a[0][0]           │", out.get(6));
    }

    @Test
    void memorySizesUseKerasUnits() {
        assertEquals("611.91 KB", SummaryUtils.readableMemorySize(156_650 * 4, false));
        assertEquals("0.00 B", SummaryUtils.readableMemorySize(0, false));
        assertEquals("0.00 Byte", SummaryUtils.readableMemorySize(0, true));
        assertEquals("1023.00 B", SummaryUtils.readableMemorySize(1023, false));
        assertEquals("1.00 MB", SummaryUtils.readableMemorySize(1 << 20, false));
        assertEquals("(None, 5408)", SummaryUtils.formatShape(java.util.Arrays.asList(null, 5408)));
        assertEquals("(5,)", SummaryUtils.formatShape(List.of(5)));
    }
}
