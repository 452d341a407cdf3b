package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.io.Remedy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The exit-1 path (an internal failure: one line, no detail, exit 1), KERASCOPE_DEBUG=1 (the stack trace, and only
 * then), and suggestions that name only options the failing command has.
 */
class FailureReportingTest {
    @TempDir
    Path dir;

    /** A command that fails the way a bug would: an exception no layer expects. */
    @Command(name = "fail")
    static final class Failing extends BaseCommand {
        @Override
        void execute() {
            throw new RuntimeException("internal detail 42");
        }
    }

    record Ran(int exit, String err) {}

    static Ran runFailing(boolean debug) {
        CommandLine cl = KerascopeCommand.commandLine(debug);
        cl.addSubcommand("fail", new Failing());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        return new Ran(cl.execute("fail"), err.toString());
    }

    @Test
    void anInternalFailureIsExit1InOneLineWithoutItsDetail() {
        Ran r = runFailing(false);
        assertEquals(BaseCommand.INTERNAL, r.exit());
        assertEquals(
                "kerascope: error: an internal failure (KERASCOPE_DEBUG=1 shows the details)\n",
                r.err().replace("\r", ""));
    }

    @Test
    void debugAddsTheStackTraceAfterTheSameLine() {
        Ran r = runFailing(true);
        assertEquals(BaseCommand.INTERNAL, r.exit());
        List<String> lines = r.err().lines().toList();
        assertEquals("kerascope: error: an internal failure (KERASCOPE_DEBUG=1 shows the details)", lines.get(0));
        assertTrue(lines.get(1).contains("RuntimeException: internal detail 42"), r.err());
        assertTrue(
                lines.stream().anyMatch(l -> l.strip()
                        .startsWith("at dev.kerascope.cli.FailureReportingTest$Failing.execute")),
                r.err());
    }

    /**
     * Through bin/kerascope, as a user runs it: the environment variable itself, on a bad input and on a usage error.
     */
    @Test
    void theEnvironmentVariableShowsTheTraceOnlyWhenSet() throws Exception {
        String[] missingHistory = {"curves", dir.resolve("missing.json").toString()};
        String quiet = launch(false, missingHistory);
        assertEquals(
                List.of("kerascope: " + dir.resolve("missing.json") + ": no such file"),
                quiet.lines().toList());
        String debug = launch(true, missingHistory);
        assertTrue(debug.startsWith("kerascope: " + dir.resolve("missing.json") + ": no such file"), debug);
        assertTrue(
                debug.contains("dev.kerascope.io.BadInputException") && debug.contains("\tat dev.kerascope."), debug);
        assertEquals(1, launch(false, "summary", "--width", "abc").lines().count());
        assertTrue(launch(true, "summary", "--width", "abc").contains("\tat picocli."));
    }

    private String launch(boolean debug, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of("bin/kerascope")));
        pb.command().addAll(List.of(args));
        pb.environment().put("KERASCOPE_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().remove("KERASCOPE_DEBUG");
        if (debug) {
            pb.environment().put("KERASCOPE_DEBUG", "1");
        }
        Path err = dir.resolve("err.txt");
        pb.redirectOutput(dir.resolve("out.txt").toFile()).redirectError(err.toFile());
        assertEquals(2, pb.start().waitFor(), () -> read(err));
        return read(err);
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every remedy, worded for every command (bench's too): each option it names is one of that command's. */
    @Test
    void suggestionsNameOnlyOptionsOfTheFailingCommand() {
        List<CommandLine> commands = new ArrayList<>();
        collect(KerascopeCommand.commandLine(), commands);
        Pattern option = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*");
        int named = 0;
        for (CommandLine c : commands) {
            for (Remedy r : Remedy.values()) {
                String said = Remedies.say(r, c.getCommandSpec());
                assertEquals(
                        r == Remedy.NONE
                                || (r == Remedy.DATA_FOLDER
                                        && c.getCommandSpec().findOption("--data") == null),
                        said.isEmpty(),
                        c.getCommandName() + " " + r);
                Matcher m = option.matcher(said);
                while (m.find()) {
                    named++;
                    assertTrue(
                            c.getCommandSpec().findOption(m.group()) != null,
                            c.getCommandSpec().qualifiedName() + " " + r + ": " + said);
                }
            }
        }
        assertTrue(named > 10, "the commands that have the options are told them");
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, into));
    }

    @Test
    void aRemedyFollowsTheLowerLayersMessageInTheCommandsWords() {
        CommandLine cl = KerascopeCommand.commandLine();
        BadInputException e = BadInputException.inFile(Path.of("out"), "already holds an export")
                .suggesting(Remedy.CONTINUE_OR_OTHER_FOLDER);
        assertEquals(
                "out: already holds an export; continue it with --resume or choose another --out",
                Failures.of(e, List.of(), cl.getSubcommands().get("export").getCommandSpec())
                        .message());
        assertEquals(
                "out: already holds an export; continue it with --resume DIR or choose another --out",
                Failures.of(e, List.of(), cl.getSubcommands().get("train").getCommandSpec())
                        .message());
        assertEquals(
                "out: already holds an export; continue it or choose another output folder",
                Failures.of(e, List.of(), cl.getSubcommands().get("curves").getCommandSpec())
                        .message());
        assertFalse(Failures.of(e, List.of()).message().contains("--"), "no command, no options");
    }
}
