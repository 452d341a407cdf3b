package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/** A Functional model with two heads: the commands that can show every output do, and convert exports both. */
class MultiOutputCommandsTest {
    /** A Keras 3 Functional layer entry called on {@code on}. */
    private static String layer(String cls, String name, String config, String on) {
        return "{\"class_name\": \"" + cls + "\", \"name\": \"" + name + "\", \"config\": {\"name\": \"" + name + "\""
                + config + "}, \"inbound_nodes\": [{\"args\": [{\"class_name\": \"__keras_tensor__\", "
                + "\"config\": {\"keras_history\": [\"" + on + "\", 0, 0]}}], \"kwargs\": {}}]}";
    }

    static final String TWO_HEADS =
            "{\"class_name\": \"Functional\", \"config\": {\"name\": \"two_heads\", \"layers\": ["
                    + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"batch_shape\": [null, 8, 8, "
                    + "1], "
                    + "\"name\": \"in\"}, \"inbound_nodes\": []}, "
                    + layer("Conv2D", "conv", ", \"filters\": 2, \"kernel_size\": 3, \"activation\": \"relu\"", "in")
                    + ", "
                    + layer("Flatten", "flat", "", "conv") + ", "
                    + layer("Dense", "digit", ", \"units\": 10, \"activation\": \"softmax\"", "flat") + ", "
                    + layer("Dense", "parity", ", \"units\": 2, \"activation\": \"softmax\"", "flat") + "],"
                    + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"digit\", 0, 0], [\"parity\", 0, "
                    + "0]]}}";

    @TempDir
    Path dir;

    static Map<String, Weight> weights() {
        Map<String, Weight> w = new LinkedHashMap<>();
        w.put("layers/conv2d/vars/0", new Weight(KerasFileFixtures.values(18, 1), 3, 3, 1, 2));
        w.put("layers/conv2d/vars/1", new Weight(KerasFileFixtures.values(2, 2), 2));
        w.put("layers/dense/vars/0", new Weight(KerasFileFixtures.values(720, 3), 72, 10));
        w.put("layers/dense/vars/1", new Weight(KerasFileFixtures.values(10, 4), 10));
        w.put("layers/dense_1/vars/0", new Weight(KerasFileFixtures.values(144, 5), 72, 2));
        w.put("layers/dense_1/vars/1", new Weight(KerasFileFixtures.values(2, 6), 2));
        return w;
    }

    @Test
    void summaryActivationsAndConvertHandleEveryOutput() throws IOException {
        Path m = KerasFileFixtures.keras3(dir, "two", TWO_HEADS, weights());
        Path out = dir.resolve("out");
        String png = "examples/digits/digit-7.png";
        Cli.Run summary = new Cli().run("summary", m.toString());
        assertEquals(0, summary.exit(), summary.err());
        // Keras's counts: conv 3*3*1*2 + 2 = 20, digit 72*10 + 10 = 730, parity 72*2 + 2 = 146.
        assertTrue(summary.out().contains("Total params: 896 "), summary.out());
        Cli.Run activations = new Cli().run("activations", m.toString(), "--input", png);
        assertEquals(0, activations.exit(), activations.err());
        assertTrue(
                activations.out().contains("\ndigit ") && activations.out().contains("\nparity "), activations.out());
        Cli.Run convert = new Cli().run("convert", m.toString(), "--out", out.toString());
        assertEquals(0, convert.exit(), convert.err());
        assertEquals(summary.out(), new Cli().run("summary", out.toString()).out());
        assertEquals(
                activations.out(),
                new Cli().run("activations", out.toString(), "--input", png).out());
        try (SavedModelBundle b = SavedModelBundle.load(out.toString(), "serve")) {
            assertEquals(
                    Set.of("digit", "parity"),
                    b.function("serving_default").signature().outputNames());
        }
    }
}
