package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationsCommandTest {
  @TempDir Path dir;
  final StringWriter err = new StringWriter();

  int run(String... args) {
    var cl = KerascopeCommand.commandLine();
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void theShippedModelRunsOnADigitAndWritesNpyFiles() throws Exception {
    Path mnist = SharedData.require(SharedData.mnist());
    Path npy = dir.resolve("npy");
    assertEquals(0, run("activations", "--dataset", "mnist", "--index", "7", "--data", mnist.toString(), "--npy", npy.toString()), err.toString());
    try (var files = Files.list(npy)) {
      assertEquals(13, files.count(), "11 layers, input.npy and index.json");
    }
  }

  @Test
  void badRequestsAreExitCode2WithTheReason() throws Exception {
    Path mnist = SharedData.require(SharedData.mnist());
    assertEquals(2, run("activations", "--dataset", "mnist", "--index", "0", "--data", mnist.toString(), "--layers", "conv9"));
    assertTrue(err.toString().contains("conv1, conv2, pool1"), err.toString());
    assertEquals(2, run("activations"));
    assertTrue(err.toString().contains("--input"), err.toString());
    Path broken = SharedData.require(SharedData.root().resolve("savedmodels/broken_keras3_tf219_tfsave_missing_var"));
    assertEquals(2, run("activations", broken.toString(), "--dataset", "mnist", "--index", "0", "--data", mnist.toString()));
    assertTrue(err.toString().contains("Could not find variable"), err.toString());
    assertEquals(2, run("activations", "--input", dir.resolve("missing.png").toString()));
  }
}
