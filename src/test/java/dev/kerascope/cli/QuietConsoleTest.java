package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/kerascope keeps TensorFlow's native start-up lines off the console, and kerascope's own lines on it. */
class QuietConsoleTest {
  @TempDir Path dir;

  private record Ran(int exit, String out, String err) {}

  private Ran run(boolean debug, String... args) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of("bin/kerascope")));
    pb.command().addAll(List.of(args));
    pb.environment().put("KERASCOPE_CLASSPATH", System.getProperty("java.class.path"));
    pb.environment().remove("KERASCOPE_DEBUG");
    if (debug) {
      pb.environment().put("KERASCOPE_DEBUG", "1");
    }
    pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
    int exit = pb.start().waitFor();
    return new Ran(exit, Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
  }

  @Test
  void tensorflowsStartUpLinesAreFilteredAndKeptWithDebug() throws Exception {
    String[] args = {"activations", "--input", "examples/digits/digit-7.png", "--layers", "conv1"};
    Ran debug = run(true, args);
    assertEquals(0, debug.exit(), debug.err());
    assertTrue(debug.err().contains("absl::InitializeLog") || debug.err().matches("(?s).*[IWE]0000 .*"),
        "without the filter TensorFlow's native lines reach stderr: " + debug.err());
    Ran quiet = run(false, args);
    assertEquals(0, quiet.exit(), quiet.err());
    assertEquals("", quiet.err(), "nothing on stderr in normal use");
    assertTrue(quiet.out().contains("conv1"), quiet.out());
    Ran bad = run(false, "activations", dir.resolve("missing").toString(), "--input", "examples/digits/digit-7.png");
    assertEquals(2, bad.exit(), "the exit code passes through the filter");
    assertTrue(bad.err().startsWith("kerascope: " + dir.resolve("missing")), bad.err());
    assertFalse(bad.err().contains("I0000"));
  }
}
