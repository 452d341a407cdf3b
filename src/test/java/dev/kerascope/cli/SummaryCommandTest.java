package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryCommandTest {
    @TempDir
    Path dir;

    final Cli cli = new Cli();

    /** Runs the command and returns {exit code, stdout}. */
    Object[] run(String... args) {
        Cli.Run r = cli.run(args);
        return new Object[] {r.exit(), r.out()};
    }

    @Test
    void jsonCarriesTheSameNumbersAsTheTable() throws Exception {
        Object[] r = run("summary", "keras-mnist", "--json", "--rf");
        assertEquals(0, r[0]);
        JsonNode json = new ObjectMapper().readTree((String) r[1]);
        assertEquals(156_650, json.get("total_params").asLong());
        assertEquals(12, json.get("layers").size());
        assertEquals("conv4", json.get("layers").get(5).get("name").asText());
        assertEquals(36_928, json.get("layers").get(5).get("params").asLong());
        assertTrue(json.get("layers").get(5).get("output_shape").get(0).isNull(), "the batch axis is None");
        assertEquals(
                28, json.get("receptive_fields").get(8).get("receptive_field").asInt());
    }

    @Test
    void badModelsAreExitCode2WithOneLine() throws Exception {
        assertEquals(2, run("summary", dir.resolve("nothing-here").toString())[0]);
        assertEquals(2, run("summary", dir.toString())[0]);
        assertTrue(cli.err().contains("not a SavedModel"), cli.err());
        Files.write(dir.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
        assertEquals(2, run("inspect", dir.toString())[0]);
        assertEquals(2, run("summary", "keras-mnist", "--format", "keras4")[0]);
        assertEquals(2, run("summary", "keras-mnist", "--width", "5")[0]);
    }

    @Test
    void inspectListsTheKerasLayersOfAKeras2Model() {
        Path m = SharedData.require(SharedData.root().resolve("savedmodels/keras2_tf211_mnist_cnn_dropout"));
        Object[] r = run("inspect", m.toString());
        assertEquals(0, r[0], cli.err());
        String out = (String) r[1];
        assertTrue(out.contains("signature_def['serving_default']:"), out);
        assertTrue(out.contains("Keras layers (8): conv2d (Conv2D), max_pooling2d (MaxPooling2D)"), out);
        assertTrue(out.contains("TensorFlow 2.11.0"), out);
    }

    @Test
    void aKeras2SavedModelPrintsTheTfKeras2LayoutUnlessToldOtherwise() throws Exception {
        Path m = SharedData.require(SharedData.root().resolve("savedmodels/keras2_tf211_mnist_cnn_dropout"));
        String keras2 = (String) run("summary", m.toString())[1];
        // tf.keras 2.11: 65-column rules of "_" and "=", per-layer counts without separators (1600*128 + 128 = 204928),
        // totals with separators and no memory size.
        assertTrue(keras2.contains("=".repeat(65)) && keras2.contains(" 204928 ") && !keras2.contains("┏"), keras2);
        assertTrue(keras2.contains("\nTotal params: ") && keras2.contains(",") && !keras2.contains("KB)"), keras2);
        String keras215 = (String) run("summary", m.toString(), "--format", "keras2")[1];
        assertTrue(keras215.contains("KB)"), "--format keras2 is the 2.13-2.15 layout: " + keras215);
        String keras3 = (String) run("summary", m.toString(), "--format", "keras3")[1];
        assertTrue(keras3.contains("┏") && keras3.contains("204,928"), keras3);
        String builtIn = (String) run("summary", "keras-mnist")[1];
        assertTrue(builtIn.contains("┏"), "kerascope's own models print Keras 3's layout: " + builtIn);
        JsonNode json = new ObjectMapper().readTree((String) run("summary", m.toString(), "--json")[1]);
        assertEquals("2.11.0", json.get("keras_version").asText());
        assertEquals("keras2", json.get("layout").asText());
    }

    @Test
    void kerasVersionPicksTheLayoutFamily() {
        Path m = SharedData.require(SharedData.root().resolve("savedmodels/keras2_tf20_mnist_cnn"));
        String tf20 = (String) run("summary", m.toString())[1];
        assertTrue(tf20.contains("\nmax_pooling2d_2 (MaxPooling2 (None, 13, 13, 32)"), tf20);
        String v210 = (String) run("summary", m.toString(), "--keras-version", "2.10")[1];
        assertTrue(
                v210.contains("\n max_pooling2d_2 (MaxPooling  (None, 13, 13, 32)") && v210.contains("\n 2D)  "), v210);
        String v215 = (String) run("summary", m.toString(), "--keras-version", "2.15")[1];
        assertTrue(
                v215.contains("\n max_pooling2d_2 (MaxPoolin  (None, 13, 13, 32)") && v215.contains("(364.54 KB)"),
                v215);
        String v3 = (String) run("summary", m.toString(), "--keras-version", "3")[1];
        assertTrue(v3.contains("┏") && v3.contains(" Total params: 93,322 (364.54 KB)"), v3);
        assertEquals(2, run("summary", m.toString(), "--keras-version", "2.16")[0]);
        assertEquals(2, run("summary", m.toString(), "--keras-version", "4")[0]);
        assertEquals(2, run("summary", m.toString(), "--keras-version", "2.4", "--format", "keras3")[0]);
    }

    @Test
    void kerascopesOwnRemarksGoToStderrNotStdout() {
        Path m = SharedData.require(SharedData.root().resolve("savedmodels/keras3_tf219_export_mnist_cnn"));
        String out = (String) run("summary", m.toString())[1];
        assertTrue(out.startsWith("Model: \""), out);
        assertTrue(!out.contains("# layers") && cli.err().contains("# layers recovered from the graph"), cli.err());
    }
}
