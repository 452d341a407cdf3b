package dev.kerascope.cli;

import dev.kerascope.io.BadInputException;
import dev.kerascope.precision.Precision;
import dev.kerascope.precision.Sessions;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every kerascope command shares: --help and --version, the exit codes, the default model, and the range checks of
 * numeric options. A command does its work in {@link #execute()}; returning is success, and every failure is an
 * exception that {@link Failures} turns into one line and an exit code.
 */
@Command(mixinStandardHelpOptions = true, versionProvider = KerascopeCommand.Version.class)
abstract class BaseCommand implements Callable<Integer> {
    static final int OK = KerascopeCommand.EXIT_OK;
    static final int INTERNAL = KerascopeCommand.EXIT_FAILURE;
    static final int BAD_INPUT = KerascopeCommand.EXIT_BAD_INPUT;

    /** The SavedModel kerascope ships, what commands read when no model is named. */
    static final String DEFAULT_SAVED_MODEL = "saved-models/keras-mnist/saved_model";
    /** The built-in architecture commands build when none is named. */
    static final String DEFAULT_ARCHITECTURE = "keras-mnist";

    @Spec
    CommandSpec spec;

    /** The command's work; bad input is a {@link BadInputException}. */
    abstract void execute() throws Exception;

    @Override
    public final Integer call() throws Exception {
        execute();
        return OK;
    }

    /** "1 input", "3 inputs": a count with its noun, singular for one. */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** Refuses {@code value} of {@code option} outside {@code min..max} in the words the README documents. */
    static void requireRange(String option, long value, long min, long max) {
        if (value < min || value > max) {
            throw new BadInputException(
                    max == Long.MAX_VALUE
                            ? option + " must be at least " + min
                            : option + " must be between " + min + " and " + max);
        }
    }

    /** {@link #requireRange} for an option that may be absent. */
    static void requireRange(String option, Number value, long min, long max) {
        if (value != null) {
            requireRange(option, value.longValue(), min, max);
        }
    }

    /** Whether the user gave {@code option} on the command line (not its default). */
    boolean given(String option) {
        return spec != null
                && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /**
     * The session precision {@code --precision} stands for, with why; the command prints
     * {@link Precision.Choice#describe()} once its input is read. {@code defaultReason} replaces "asked for" when the
     * option was not given and its default is float32; auto gives its own reason. Warns when bfloat16 would reach
     * Softmax.
     */
    Precision.Choice choosePrecision(OptionTypes.PrecisionOption option, String defaultReason) {
        return choosePrecision(option, defaultReason, Optional.empty());
    }

    /**
     * As above, but when {@code --precision} was not given and {@code continued} holds the precision earlier work was
     * made in (a resumed export), that one, so the warning and the printed reason follow what runs.
     */
    Precision.Choice choosePrecision(
            OptionTypes.PrecisionOption option, String defaultReason, Optional<Precision> continued) {
        Precision.Choice c = option.choose();
        boolean given = given("--precision");
        if (!given && continued.isPresent()) {
            c = new Precision.Choice(continued.get(), "the precision the export being resumed was made in");
        } else if (!given && option == OptionTypes.PrecisionOption.FLOAT32) {
            c = new Precision.Choice(Precision.FLOAT32, defaultReason);
        }
        if (c.precision() != Precision.FLOAT32 && !Sessions.softmaxStaysFloat32()) {
            System.err.println("warning: started without bin/kerascope's environment, so Softmax runs in bfloat16"
                    + " (wrong probabilities seen)");
        }
        return c;
    }
}
