package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryCommandTest {
  @TempDir Path dir;
  final StringWriter err = new StringWriter();

  /** Runs the command and returns {exit code, stdout}. */
  Object[] run(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      var cl = KerascopeCommand.commandLine();
      cl.setErr(new PrintWriter(err, true));
      return new Object[] {cl.execute(args), out.toString(StandardCharsets.UTF_8)};
    } finally {
      System.setOut(saved);
    }
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
    assertEquals(28, json.get("receptive_fields").get(8).get("receptive_field").asInt());
  }

  @Test
  void badModelsAreExitCode2WithOneLine() throws Exception {
    assertEquals(2, run("summary", dir.resolve("nothing-here").toString())[0]);
    assertEquals(2, run("summary", dir.toString())[0]);
    assertTrue(err.toString().contains("not a SavedModel"), err.toString());
    Files.write(dir.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
    assertEquals(2, run("inspect", dir.toString())[0]);
    assertEquals(2, run("summary", "keras-mnist", "--format", "keras4")[0]);
    assertEquals(2, run("summary", "keras-mnist", "--width", "5")[0]);
  }

  @Test
  void inspectListsTheKerasLayersOfAKeras2Model() {
    Path m = SharedData.require(SharedData.root().resolve("savedmodels/keras2_tf211_mnist_cnn_dropout"));
    Object[] r = run("inspect", m.toString());
    assertEquals(0, r[0], err.toString());
    String out = (String) r[1];
    assertTrue(out.contains("signature_def['serving_default']:"), out);
    assertTrue(out.contains("Keras layers (8): conv2d (Conv2D), max_pooling2d (MaxPooling2D)"), out);
    assertTrue(out.contains("TensorFlow 2.11.0"), out);
  }
}
