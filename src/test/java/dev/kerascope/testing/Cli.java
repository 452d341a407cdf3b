package dev.kerascope.testing;

import dev.kerascope.cli.KerascopeCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/**
 * Runs the kerascope command line in-process and keeps what it printed, for CLI tests. Every run gets fresh streams:
 * {@link #err()} is the last run's standard error only, so an assertion can never be satisfied by an earlier command's
 * message.
 */
public final class Cli {
    private String lastErr = "";
    private String lastOut = "";

    /** Exit code, standard output and standard error of one run. */
    public record Run(int exit, String out, String err) {
        public String firstErrorLine() {
            return err.lines().findFirst().orElse("");
        }
    }

    public Run run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            var cl = KerascopeCommand.commandLine();
            cl.setErr(new PrintWriter(err, true));
            cl.setOut(new PrintWriter(new StringWriter(), true));
            int exit = cl.execute(args);
            lastErr = err.toString();
            lastOut = out.toString(StandardCharsets.UTF_8);
            return new Run(exit, lastOut, lastErr);
        } finally {
            System.setOut(saved);
        }
    }

    /** Standard output of the last run. */
    public String out() {
        return lastOut;
    }

    /** Standard error of the last run. */
    public String err() {
        return lastErr;
    }

    public String firstErrorLine() {
        return lastErr.lines().findFirst().orElse("");
    }
}
