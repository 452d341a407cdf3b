package dev.kerascope.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.arch.Architectures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Keras2SummaryPrinterTest {
    @Test
    void kerasMnistInTfKeras2Layout() {
        List<String> out = new ArrayList<>();
        Keras2SummaryPrinter.print(ArchitectureSummary.of(Architectures.builtIn("keras-mnist")), null, out::add);
        // tf.keras 2.13-2.15: 65 columns, fields start at 0/29/55, a blank line after every layer.
        assertEquals("Model: \"functional\"", out.get(0));
        assertEquals("_".repeat(65), out.get(1));
        assertEquals(" Layer (type)                Output Shape              Param #   ", out.get(2));
        assertEquals("=".repeat(65), out.get(3));
        assertEquals(" input_layer (InputLayer)    [(None, 28, 28, 1)]       0         ", out.get(4));
        assertEquals(" ".repeat(65), out.get(5));
        assertEquals(" conv1 (Conv2D)              (None, 26, 26, 32)        320       ", out.get(6));
        assertEquals(" pool1 (MaxPooling2D)        (None, 12, 12, 32)        0         ", out.get(10));
        int n = out.size();
        assertEquals("=".repeat(65), out.get(n - 5));
        assertEquals("Total params: 156650 (611.91 KB)", out.get(n - 4));
        assertEquals("Trainable params: 156650 (611.91 KB)", out.get(n - 3));
        assertEquals("Non-trainable params: 0 (0.00 Byte)", out.get(n - 2));
        assertEquals("_".repeat(65), out.get(n - 1));
        assertEquals(4 + 12 * 2 + 5, n);
    }

    @Test
    void longNamesContinueOnTheNextLineAtTheColumnCut() {
        List<String> out = new ArrayList<>();
        Keras2SummaryPrinter.printRow(
                List.of("max_pooling2d (MaxPooling2D)", "(None, 13, 13, 32)", "0"), new int[] {29, 55, 65}, out::add);
        // tf.keras cuts the first field at 26 characters: "max_pooling2d (MaxPooling2" then "D)".
        assertEquals(
                List.of(
                        " max_pooling2d (MaxPooling2  (None, 13, 13, 32)        0         ",
                        " D)                                                              "),
                out);
    }
}
