package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.SyntheticDigits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real {@code kerascope train} process killed with SIGKILL in the middle of an epoch, then resumed. */
class KilledTrainingTest {
  @TempDir Path dir;

  @Test
  void aKilledRunKeepsOnlyCompleteCheckpointsAndResumesToTheSameResult() throws Exception {
    Path data = dir.resolve("data");
    SyntheticDigits.writeIdx(data, SyntheticDigits.make(6400, 31), SyntheticDigits.make(500, 32));
    Path killed = dir.resolve("killed");
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KerascopeCommand.class.getName(),
        "train", "tiny-mnist", "--data", data.toString(), "--out", killed.toString(), "--epochs", "3", "--seed", "7", "--verbose", "2");
    pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
    pb.redirectErrorStream(true).redirectOutput(dir.resolve("console.txt").toFile());
    Process p = pb.start();
    Path first = killed.resolve("checkpoints/epoch-0001");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(first) && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    Thread.sleep(150); // into the second epoch
    assertTrue(p.isAlive(), "the run ended before it could be killed: " + Files.readString(dir.resolve("console.txt")));
    p.destroyForcibly(); // SIGKILL on Linux: no shutdown hook, no cleanup
    p.waitFor(30, TimeUnit.SECONDS);

    assertFalse(Files.exists(killed.resolve("saved_model")), "no SavedModel under its final name");
    try (Stream<Path> s = Files.list(killed.resolve("checkpoints"))) {
      for (Path c : s.toList()) {
        String name = c.getFileName().toString();
        assertTrue(name.startsWith(".") || Files.isRegularFile(c.resolve("state.json")), "torn checkpoint " + name);
      }
    }

    StringWriter err = new StringWriter();
    var cl = KerascopeCommand.commandLine();
    cl.setErr(new PrintWriter(err, true));
    assertEquals(0, cl.execute("train", "--resume", killed.toString(), "--verbose", "0"), err.toString());
    Path straight = dir.resolve("straight");
    assertEquals(0, cl.execute("train", "tiny-mnist", "--data", data.toString(), "--out", straight.toString(),
        "--epochs", "3", "--seed", "7", "--verbose", "0"), err.toString());
    List<String> a = Files.readAllLines(straight.resolve("training.csv"));
    assertEquals(4, a.size());
    assertEquals(a, Files.readAllLines(killed.resolve("training.csv")));
  }
}
