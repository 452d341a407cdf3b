package dev.kerascope.testing;

import dev.kerascope.cli.KerascopeCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the kerascope command line in-process and keeps what it printed, for CLI tests. */
public final class Cli {
  private final StringWriter err = new StringWriter();

  /** Exit code and standard output of one run; standard error accumulates in {@link #err()}. */
  public record Run(int exit, String out) {}

  public Run run(String... args) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      var cl = KerascopeCommand.commandLine();
      cl.setErr(new PrintWriter(err, true));
      cl.setOut(new PrintWriter(new StringWriter(), true));
      return new Run(cl.execute(args), out.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(saved);
    }
  }

  public String err() {
    return err.toString();
  }

  public String firstErrorLine() {
    return err.toString().lines().findFirst().orElse("");
  }
}
