package dev.kerascope.cli;

import dev.kerascope.Kerascope;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kerascope} command. Exit codes: 0 success, 1 internal failure, 2 bad input or usage, with a one-line
 * message on stderr (details follow only with {@code KERASCOPE_DEBUG=1}).
 */
@Command(
        name = "kerascope",
        mixinStandardHelpOptions = true,
        versionProvider = KerascopeCommand.Version.class,
        description = "Train, inspect and see Keras CNNs on the JVM with TensorFlow Java.",
        subcommands = {
            TrainCommand.class,
            SummaryCommand.class,
            ConvertCommand.class,
            InspectCommand.class,
            ActivationsCommand.class,
            FiltersCommand.class,
            FeatureMapsCommand.class,
            CurvesCommand.class,
            ExportCommand.class,
            ReportCommand.class,
            BenchCommand.class,
            ExplainCommand.class,
            TopInputsCommand.class
        })
public final class KerascopeCommand implements Runnable {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    /** {@code --version}: the pom's version, through the library's one copy of it. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kerascope " + Kerascope.version()};
        }
    }

    public static CommandLine commandLine() {
        return commandLine(System.getenv("KERASCOPE_DEBUG") != null);
    }

    /** The command line; {@code debug} (KERASCOPE_DEBUG set) adds the stack trace after a failure's one line. */
    public static CommandLine commandLine(boolean debug) {
        CommandLine cl = new CommandLine(new KerascopeCommand());
        // Errors (out of memory, stack overflow) are not exceptions to picocli: wrapped so the handler sees them.
        cl.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } catch (OutOfMemoryError | StackOverflowError e) {
                throw new CommandLine.ExecutionException(cl, "resource", new Failures.ResourceFailure(e));
            }
        });
        // picocli's own refusals (unknown option, bad value, missing argument) in one line, as kerascope's are.
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine line = ex.getCommandLine();
            line.getErr()
                    .println("kerascope: " + Failures.firstLine(ex.getMessage()) + " (see "
                            + line.getCommandSpec().qualifiedName() + " --help)");
            if (debug) {
                ex.printStackTrace(line.getErr());
            }
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            Failures f = Failures.of(ex, parseResult.originalArgs(), line.getCommandSpec());
            line.getErr().println("kerascope: " + f.message());
            if (debug) {
                ex.printStackTrace(line.getErr());
            }
            return f.exitCode();
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
