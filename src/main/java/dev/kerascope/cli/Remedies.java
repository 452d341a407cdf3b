package dev.kerascope.cli;

import dev.kerascope.io.Remedy;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A {@link Remedy} in the CLI's words: the options of the command that failed where it has them, and plain words where
 * it does not, so that a message never suggests an option its command lacks.
 */
final class Remedies {
    private Remedies() {}

    /** "; " and the remedy, or "" for none. */
    static String say(Remedy remedy, CommandSpec command) {
        String s =
                switch (remedy) {
                    case NONE -> "";
                    case CONTINUE_OR_OTHER_FOLDER -> has(command, "--resume") && has(command, "--out")
                            ? "continue it with --resume" + (takesFolder(command, "--resume") ? " DIR" : "")
                                    + " or choose another --out"
                            : "continue it or choose another output folder";
                    case OTHER_FOLDER -> has(command, "--out")
                            ? "choose another --out"
                            : "choose another output folder";
                    case NAME_LAYERS -> has(command, "--layers")
                            ? "name layers with --layers"
                            : "this command draws only those layers";
                    case CHOOSE_TAGS -> has(command, "--tags")
                            ? "choose one with --tags"
                            : "this command reads the serve tag set only";
                    case FEED_ARRAYS -> command != null
                                    && command.qualifiedName().equals("kerascope activations")
                            ? "feed it from arrays: --input FILE.npy, or --input NAME=FILE.npy per input"
                            : "the activations command feeds it from .npy arrays";
                    case DATA_FOLDER -> has(command, "--data")
                            ? "or --data DIR with the four IDX files (.gz or raw)"
                            : "";
                };
        return s.isEmpty() ? "" : "; " + s;
    }

    private static boolean has(CommandSpec command, String option) {
        return command != null && command.findOption(option) != null;
    }

    /** Whether the option takes a value (train's --resume DIR) rather than being a switch (export's --resume). */
    private static boolean takesFolder(CommandSpec command, String option) {
        OptionSpec o = command.findOption(option);
        return o != null && o.arity().max() > 0;
    }
}
