package dev.kerascope.cli;

import dev.kerascope.io.BadInputException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.exceptions.TensorFlowException;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What a user reads when a command fails: one line, never a Java exception's text, and the exit code. Bad input is exit
 * 2 with its own message. So are TensorFlow's refusals and the runtime exceptions that unusual files provoke in parsing
 * code (a null, an index, a cast): the message then names the files the command was given, because one of them is what
 * kerascope could not handle. Running out of memory or stack on an input is exit 2 with the reason. Anything else is an
 * internal failure, exit 1.
 */
record Failures(int exitCode, String message) {
    private static final int BAD_INPUT = KerascopeCommand.EXIT_BAD_INPUT;
    private static final int INTERNAL = KerascopeCommand.EXIT_FAILURE;

    /** Thrown for errors (out of memory, stack overflow) so the exception handler sees them. */
    static final class ResourceFailure extends RuntimeException {
        ResourceFailure(Error cause) {
            super(cause);
        }
    }

    static Failures of(Throwable ex, List<String> args) {
        return of(ex, args, null);
    }

    /** {@code command}: the command that failed, whose options a remedy may name (null: none). */
    static Failures of(Throwable ex, List<String> args, CommandSpec command) {
        if (ex instanceof BadInputException b) {
            return new Failures(BAD_INPUT, firstLine(b.getMessage()) + Remedies.say(b.remedy(), command));
        }
        String inputs = inputs(args);
        Throwable cause = ex instanceof ResourceFailure ? ex.getCause() : ex;
        if (cause instanceof OutOfMemoryError) {
            return new Failures(
                    BAD_INPUT,
                    inputs + ": needs more memory than the JVM has (give it more, e.g. KERASCOPE_JAVA_OPTS=-Xmx8g)");
        }
        if (cause instanceof StackOverflowError) {
            return new Failures(BAD_INPUT, inputs + ": nested too deeply to read");
        }
        if (cause instanceof TensorFlowException) {
            return new Failures(BAD_INPUT, inputs + ": TensorFlow refused it: " + firstLine(cause.getMessage()));
        }
        if (cause instanceof UncheckedIOException && cause.getCause() != null) {
            return new Failures(INTERNAL, "error: " + io(cause.getCause()));
        }
        if (cause instanceof NullPointerException
                || cause instanceof IndexOutOfBoundsException
                || cause instanceof ClassCastException
                || cause instanceof ArithmeticException
                || cause instanceof NumberFormatException
                || cause instanceof IllegalArgumentException
                || cause instanceof IllegalStateException
                || cause instanceof NegativeArraySizeException
                || cause instanceof UnsupportedOperationException) {
            return new Failures(
                    BAD_INPUT,
                    inputs + ": cannot be processed: its content is a case kerascope does not handle"
                            + " (KERASCOPE_DEBUG=1 shows where; please report it)");
        }
        return new Failures(INTERNAL, "error: an internal failure (KERASCOPE_DEBUG=1 shows the details)");
    }

    /** The files and folders among the arguments (also the FILE of NAME=FILE), or "the input". */
    static String inputs(List<String> args) {
        List<String> found = new ArrayList<>();
        for (String a : args) {
            String candidate = a.contains("=") && !a.startsWith("-") ? a.substring(a.indexOf('=') + 1) : a;
            try {
                if (!candidate.startsWith("-")
                        && !candidate.isEmpty()
                        && Files.exists(Path.of(candidate))
                        && !found.contains(candidate)) {
                    found.add(candidate);
                }
            } catch (RuntimeException invalidPath) {
                // not a path
            }
        }
        return found.isEmpty() ? "the input" : String.join(", ", found);
    }

    private static String io(Throwable e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or folder";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f) {
            return (f.getFile() != null ? f.getFile() + ": " : "")
                    + (f.getReason() != null ? f.getReason() : "file system error");
        }
        return firstLine(e.getMessage());
    }

    static String firstLine(String s) {
        return s == null ? "" : s.strip().lines().findFirst().orElse("");
    }
}
