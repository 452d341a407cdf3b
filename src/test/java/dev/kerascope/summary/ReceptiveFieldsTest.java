package dev.kerascope.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.arch.Architectures;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceptiveFieldsTest {
    @Test
    void kerasMnistFieldsGrowToCoverTheWholeDigit() {
        List<ReceptiveFields.Row> rows = ReceptiveFields.of(Architectures.builtIn("keras-mnist"));
        // r' = r + (k - 1) j, j' = j s: conv 3x3 adds 2j, pool 2x2 adds j and doubles j.
        int[][] expected = {
            {28, 1, 1}, {26, 3, 1}, {24, 5, 1}, {12, 6, 2}, {10, 10, 2}, {8, 14, 2}, {4, 16, 4}, {2, 24, 4}, {1, 28, 8}
        };
        assertEquals(expected.length, rows.size());
        for (int i = 0; i < expected.length; i++) {
            ReceptiveFields.Row r = rows.get(i);
            assertEquals(expected[i][0], r.outputSize(), r.layer());
            assertEquals(expected[i][1], r.field(), r.layer());
            assertEquals(expected[i][2], r.jump(), r.layer());
        }
        assertEquals(1.5, rows.get(1).start(), 1e-9, "a valid 3x3 window's first centre is pixel 1 (centre 1.5)");
    }

    @Test
    void paddingOneKeepsTheSizeAndTheStart() {
        List<ReceptiveFields.Row> rows = ReceptiveFields.of(Architectures.builtIn("padded-mnist"));
        ReceptiveFields.Row conv1 = rows.get(1);
        assertEquals(28, conv1.outputSize(), "((28 - 3 + 2) / 1) + 1");
        assertEquals(1, conv1.padding());
        assertEquals(0.5, conv1.start(), 1e-9);
        ReceptiveFields.Row pool2 = rows.get(4);
        assertEquals(7, pool2.outputSize());
        assertEquals(10, pool2.field());
        assertEquals(4, pool2.jump());
    }
}
