package dev.kerascope.summary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.arch.OddSizes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Receptive-field arithmetic, the summary's JSON, Keras's helpers and the tables' layout, against hand-worked values.
 */
class SummaryDataTest {
    /** Odd input, SAME stride 2, explicit padding and an even kernel: every term of the formulas matters. */
    static final List<ReceptiveFields.Window> WINDOWS = List.of(
            new ReceptiveFields.Window("a", "Conv2D", 3, 2, "same", 0),
            new ReceptiveFields.Window("b", "MaxPooling2D", 3, 2, "same", 0),
            new ReceptiveFields.Window("c", "Conv2D", 3, 2, "explicit", 1),
            new ReceptiveFields.Window("d", "Conv2D", 2, 1, "valid", 0));

    @Test
    void receptiveFieldsOfAnOddSizedChainWorkedByHand() {
        List<ReceptiveFields.Row> rows = new ReceptiveFields.Chain("in", 31, WINDOWS).rows();
        // a: out ceil(31/2) = 16, pad ((16-1)·2 + 3 − 31) / 2 = 1, start 0.5 + (1 − 1)·1 = 0.5, rf 1 + 2·1 = 3, jump 2
        // b: out 8, pad (7·2 + 3 − 16) / 2 = 0, start 0.5 + (1 − 0)·2 = 2.5, rf 3 + 2·2 = 7, jump 4
        // c: out (8 + 2 − 3) / 2 + 1 = 4, start 2.5 + (1 − 1)·4 = 2.5, rf 7 + 2·4 = 15, jump 8
        // d: out 4 − 2 + 1 = 3, start 2.5 + 0.5·8 = 6.5, rf 15 + 1·8 = 23, jump 8
        assertEquals(new ReceptiveFields.Row("in", "InputLayer", 31, 1, 1, 0, 31, 1, 1, 0.5), rows.get(0));
        assertEquals(new ReceptiveFields.Row("a", "Conv2D", 31, 3, 2, 1, 16, 3, 2, 0.5), rows.get(1));
        assertEquals(new ReceptiveFields.Row("b", "MaxPooling2D", 16, 3, 2, 0, 8, 7, 4, 2.5), rows.get(2));
        assertEquals(new ReceptiveFields.Row("c", "Conv2D", 8, 3, 2, 1, 4, 15, 8, 2.5), rows.get(3));
        assertEquals(new ReceptiveFields.Row("d", "Conv2D", 4, 2, 1, 0, 3, 23, 8, 6.5), rows.get(4));
        // Explicit padding 2 with a 5x5 kernel: out (10 + 4 − 5) / 1 + 1 = 10, start 0.5 + (2 − 2)·1, rf 5.
        List<ReceptiveFields.Row> padded = ReceptiveFields.chain(
                "in", 10, List.of(new ReceptiveFields.Window("e", "Conv2D", 5, 1, "explicit", 2)));
        assertEquals(new ReceptiveFields.Row("e", "Conv2D", 10, 5, 1, 2, 10, 5, 1, 0.5), padded.get(1));
    }

    @Test
    void theReceptiveFieldTableShowsEachRow() {
        List<String> lines = new ArrayList<>();
        ReceptiveFields.print(new ReceptiveFields.Chain("in", 31, WINDOWS).rows(), 100, lines::add);
        assertTrue(lines.get(0).startsWith("Receptive fields (output size = ((W − K + 2P) / S) + 1"), lines.get(0));
        assertEquals(
                1 + 3 + 5 * 2,
                lines.size(),
                "title, top rule, header, header rule, five rows with rules between, bottom");
        assertTrue(
                lines.get(2).contains("Layer (type)")
                        && lines.get(2).contains("RF")
                        && lines.get(2).contains("Start"),
                lines.get(2));
        String d = lines.get(lines.size() - 2);
        assertTrue(
                d.contains("d (Conv2D)") && d.contains("4→3 (2, 1, 0)") && d.contains("23x23") && d.contains("6.5"), d);
    }

    @Test
    void anArchitecturesSummaryChainsLayersAndCountsParametersByHand() {
        ModelSummary s = ArchitectureSummary.of(OddSizes.architecture());
        assertEquals(List.of(), s.rows().get(0).inbound());
        assertEquals(List.of("input_layer[0][0]"), s.rows().get(1).inbound());
        assertEquals(Arrays.asList(null, 16, 14, 8), s.rows().get(1).outputShape());
        // 3·3·3·8 + 8, 2·2·8·4 + 4, 3·3·4·4 + 4, 3·3·4·3 + 3, 3·5 + 5
        assertEquals(224 + 132 + 148 + 111 + 20, s.totalParams());
        assertEquals(4 * 635, s.totalBytes());
        List<ReceptiveFields.Row> rf = s.spatialChain().rows();
        assertEquals(ReceptiveFields.of(OddSizes.architecture()), rf);
        assertEquals(new ReceptiveFields.Row("conv1", "Conv2D", 31, 3, 2, 1, 16, 3, 2, 0.5), rf.get(1));
        // SAME on an odd span pads unevenly: the chain must keep the mode, not a symmetric explicit pad (16 → 8, not
        // 7).
        assertEquals(8, rf.get(2).outputSize(), "pool1 same: ceil(16 / 2)");
        assertEquals(3, rf.get(4).outputSize(), "conv3 valid: (8 − 3) / 2 + 1");
    }

    @Test
    void jsonCarriesEveryFieldOfTheSummary() throws Exception {
        List<SummaryRow> rows = List.of(
                new SummaryRow("in", "InputLayer", Arrays.asList(null, 4), 0, true, List.of()),
                new SummaryRow("shared", "Dense", null, 10, false, List.of("in[0][0]", "in[1][0]"), "multiple"));
        ModelSummary s = new ModelSummary("m", rows, 7, 28, 3, 12, false, "recovered", null, "2.15.0");
        JsonNode j =
                new ObjectMapper().readTree(SummaryJson.toJson(s, new ReceptiveFields.Chain("in", 31, WINDOWS).rows()));
        assertEquals("m", j.get("model").asText());
        assertEquals("2.15.0", j.get("keras_version").asText());
        assertEquals("keras2", j.get("layout").asText());
        assertEquals("recovered", j.get("note").asText());
        assertTrue(j.get("layers").get(0).get("output_shape").get(0).isNull());
        assertEquals(4, j.get("layers").get(0).get("output_shape").get(1).asInt());
        assertFalse(j.get("layers").get(0).has("output_shape_label"));
        assertEquals(
                "multiple", j.get("layers").get(1).get("output_shape_label").asText());
        assertEquals(0, j.get("layers").get(1).get("output_shape").size());
        assertFalse(j.get("layers").get(1).get("trainable").asBoolean());
        assertEquals(
                "in[1][0]", j.get("layers").get(1).get("inbound_layers").get(1).asText());
        assertEquals(10, j.get("total_params").asLong());
        assertEquals(3, j.get("non_trainable_params").asLong());
        assertEquals(40, j.get("total_bytes").asLong());
        assertEquals(12, j.get("non_trainable_bytes").asLong());
        assertEquals(23, j.get("receptive_fields").get(4).get("receptive_field").asInt());
        assertEquals(6.5, j.get("receptive_fields").get(4).get("start").asDouble());
        JsonNode bare = new ObjectMapper()
                .readTree(SummaryJson.toJson(new ModelSummary("n", List.of(), 0, 0, 0, 0, true, null), null));
        assertFalse(bare.has("keras_version") || bare.has("note") || bare.has("receptive_fields"), bare.toString());
        assertEquals("keras3", bare.get("layout").asText());
    }

    @Test
    void theLayoutFollowsTheKerasThatSavedTheModel() {
        assertEquals(ModelSummary.Layout.KERAS2, summary("2.15.0").defaultLayout());
        assertEquals(ModelSummary.Layout.TF_KERAS_2_7, summary("2.10.0").defaultLayout());
        assertEquals(ModelSummary.Layout.TF_KERAS_2_0, summary("2.4.0").defaultLayout());
        assertEquals(ModelSummary.Layout.TF_KERAS_2_0, summary("2.2.4-tf").defaultLayout(), "TF 2.0's Keras");
        assertEquals(
                ModelSummary.Layout.TF_KERAS_2_0,
                summary("1.2.2").defaultLayout(),
                "standalone Keras 1 printed the old layout");
        assertEquals(ModelSummary.Layout.KERAS3, summary("3.4.1").defaultLayout());
        assertEquals(ModelSummary.Layout.KERAS3, summary("12.0").defaultLayout());
        assertEquals(ModelSummary.Layout.KERAS3, summary(null).defaultLayout());
    }

    static ModelSummary summary(String version) {
        return new ModelSummary("m", List.of(), 0, 0, 0, 0, true, null, null, version);
    }

    @Test
    void kerasHelpersPrintAsPythonAndKerasDo() {
        assertEquals("?", SummaryUtils.formatShape(null));
        assertEquals("(None,)", SummaryUtils.formatShape(Arrays.asList((Integer) null)));
        assertEquals("(None, 3)", SummaryUtils.formatShape(Arrays.asList(null, 3)));
        assertEquals("1023.00 B", SummaryUtils.readableMemorySize(1023, false));
        assertEquals("1.00 KB", SummaryUtils.readableMemorySize(1024, false));
        assertEquals("0.00 Byte", SummaryUtils.readableMemorySize(0, true));
        assertEquals("1.00 PB", SummaryUtils.readableMemorySize(Math.pow(1024, 5), false));
        // Keras's loop divides once more at PB and then prints the last unit: 1024^6 bytes read "1.00 PB" in Keras too.
        assertEquals("1.00 PB", SummaryUtils.readableMemorySize(Math.pow(1024, 6), false), "PB is the last unit");
        assertEquals("multiple", new SummaryRow("s", "Dense", null, 0, true, List.of(), "multiple").shapeText());
        assertEquals(
                "(None, 2)",
                new SummaryRow("s", "Dense", Arrays.asList(null, 2), 0, true, List.of(), "multiple").shapeText());
    }

    @Test
    void tfKeras2RowsAreCutAtTheirColumnAndBreakAfterATupleEnd() {
        // positions 8 and 14: column 0 holds 8 − 2 spaces − 1 = 5 characters, the last column 14 − 8 = 6.
        List<String> lines = new ArrayList<>();
        Keras2SummaryPrinter.printRow(List.of("abcdefghij", "(1),(2)xyz"), new int[] {8, 14}, lines::add);
        assertEquals(
                List.of(" abcde  (1),   ", " fghij  (2)xyz").stream()
                        .map(String::stripTrailing)
                        .toList(),
                lines.stream().map(String::stripTrailing).toList());
        assertEquals(8, lines.get(1).indexOf("(2)"), "the second column starts at position 8");
        // The last column has no separating spaces (12 characters here); the earliest break wins, even one at
        // the very start of what is left.
        lines.clear();
        Keras2SummaryPrinter.printRow(List.of("a", "(1),',xyz"), new int[] {8, 20}, lines::add);
        assertEquals(
                List.of(" a      (1),", "        ',", "        xyz"),
                lines.stream().map(String::stripTrailing).toList());
        lines.clear();
        Keras2SummaryPrinter.printRow(List.of("a", "abcdefghijklmn"), new int[] {8, 20}, lines::add);
        assertEquals(
                List.of(" a      abcdefghijkl", "        mn"),
                lines.stream().map(String::stripTrailing).toList());
    }

    @Test
    void connectionsPrintAsAPythonListInTheKeras2Layout() {
        List<SummaryRow> rows = List.of(
                new SummaryRow("a", "InputLayer", Arrays.asList(null, 5), 0, true, List.of()),
                new SummaryRow("b", "Dense", Arrays.asList(null, 3), 18, true, List.of("a[0][0]", "a[1][0]")));
        List<String> lines = new ArrayList<>();
        Keras2SummaryPrinter.print(new ModelSummary("m", rows, 18, 72, 0, 0, false, null), null, lines::add);
        assertEquals(98, lines.get(1).length(), "98 columns with a Connected to column");
        assertTrue(lines.stream().anyMatch(l -> l.contains("['a[0][0]',")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.contains("[]")), "no inbound layers is an empty list");
        assertTrue(lines.contains("Total params: 18 (72.00 Byte)"), String.join("\n", lines));
    }

    @Test
    void cellsWrapAtSpacesAndLongWordsEndInAnEllipsis() {
        assertEquals(List.of("ab cd", "ef"), BoxTable.wrap("ab cd ef", 5));
        assertEquals(List.of("ab", "cdef"), BoxTable.wrap("ab cdef", 5), "a word that exactly fits its own line");
        assertEquals(List.of("abcd…"), BoxTable.wrap("abcdefgh", 5));
        assertEquals(List.of("abcde"), BoxTable.wrap("abcde", 5), "exactly the width is not cut");
        BoxTable t = new BoxTable(new int[] {7, 5}, List.of(false, true));
        t.header(List.of("H", "N"));
        t.row(List.of("ab cd ef", "1"));
        t.row(List.of("x"));
        assertEquals(
                List.of(
                        "┏━━━━━━━┳━━━━━┓",
                        "┃ H     ┃   N ┃",
                        "┡━━━━━━━╇━━━━━┩",
                        "│ ab cd │   1 │",
                        "│ ef    │     │",
                        "├───────┼─────┤",
                        "│ x     │     │",
                        "└───────┴─────┘"),
                t.render());
    }

    @Test
    void columnWidthsAreReducedEvenlyOnlyWhenTheyOverflow() {
        // width 40, positions .5/1: cells 20 and 20 (+2 padding each) = 44 > 40 − 3 = 37: excess 7, rint(7/2) = 4 then
        // 3.
        assertArrayEquals(new int[] {18, 19}, Keras3SummaryPrinter.columnWidths(new double[] {0.5, 1.0}, 40));
        // A column asked of 3 characters is too narrow; so is a cell the reduction leaves without one character
        // of text between its padding. Width 10: cells 5+2 and 5+2 = 14 > 7, excess 7: rint(3.5) = 4 then 3, [3, 4].
        // Width 8: cells 4+2 and 4+2 = 12 > 5, excess 7: 4 then 3 leaves [2, 3], no room for text in the first.
        assertArrayEquals(new int[] {3, 4}, Keras3SummaryPrinter.columnWidths(new double[] {0.5, 1.0}, 10));
        assertThrows(TooNarrowException.class, () -> Keras3SummaryPrinter.columnWidths(new double[] {0.5, 1.0}, 8));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(
                        TooNarrowException.class, () -> Keras3SummaryPrinter.columnWidths(new double[] {0.5, 1.0}, 7))
                .getMessage()
                .contains("a line width of 7 is too narrow"));
    }
}
