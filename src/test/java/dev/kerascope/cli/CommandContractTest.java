package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI contract (#16) for every command: per bad input, one run with fresh streams, exit 2 and a first stderr line
 * that names the option or file and says what is wrong, never Java's text. The expected lines are the README's rules
 * ("--batch must be between 1 and 4096") and picocli's documented message shapes ("Invalid value for option '--x':
 * ..."), written here, not copied from a run. Bad inputs that need the MNIST files or a trained run are in
 * {@link CommandContractDataTest}, train's in {@link TrainRefusalsTest}.
 */
class CommandContractTest {
    static final Pattern JAVA_TEXT = Pattern.compile("Exception|Error:|Cannot invoke|\\bnull\\b|java\\.|at dev\\.");
    static final String MODEL = BaseCommand.DEFAULT_SAVED_MODEL;
    static final String DIGIT = "examples/digits/digit-7.png";
    static final Path TMP = temporaryFolder();

    static Path temporaryFolder() {
        try {
            Path dir = Files.createTempDirectory("kerascope-contract");
            Files.writeString(dir.resolve("bad-history.json"), "{\"loss\": [0.5,");
            Files.writeString(dir.resolve("not-a-model.txt"), "plain text");
            Files.writeString(dir.resolve("a-file"), "x");
            Files.write(dir.resolve("input.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String tmp(String name) {
        return TMP.resolve(name).toString();
    }

    static Arguments refused(String firstLineStart, String... args) {
        return Arguments.of(String.join(" ", args), args, firstLineStart);
    }

    static String invalid(String option, String problem) {
        return "Invalid value for option '" + option + "': " + problem;
    }

    static Stream<Arguments> badInputs() {
        List<Arguments> cases = new ArrayList<>(List.of(
                // usage, for every command the same way
                refused("a command is required (see kerascope --help)"),
                refused("Unknown option: '--bogus' (see kerascope summary --help)", "summary", "--bogus"),
                refused(invalid("--width", "'abc' is not an int"), "summary", "--width", "abc"),
                // train (the refusals that need data are TrainRefusalsTest's)
                refused(
                        invalid("--precision", "'float16' is not one of float32, mixed_bfloat16, auto"),
                        "train",
                        "--precision",
                        "float16"),
                refused(
                        invalid("--learning-rate", "'0' is not above 0"),
                        "train",
                        "--from",
                        "m.keras",
                        "--learning-rate",
                        "0"),
                refused(
                        "--learning-rate, --scale and --normalize go with --from",
                        "train",
                        "tiny-mnist",
                        "--scale",
                        "1/255"),
                refused("give either MODEL or --from, not both", "train", "tiny-mnist", "--from", "m.keras"),
                refused(tmp("missing") + ": no such folder (--data", "train", "tiny-mnist", "--data", tmp("missing")),
                refused("no-such-arch: no such architecture file", "train", "no-such-arch"),
                // summary
                refused("--width must be between 20 and 1000", "summary", "--width", "19"),
                refused("--width must be between 20 and 1000", "summary", "--width", "1001"),
                refused(invalid("--format", "'keras4' is not one of keras3, keras2"), "summary", "--format", "keras4"),
                refused(
                        invalid("--keras-version", "'2.16' is not a tf.keras 2.0-2.15 or a Keras 3 version"),
                        "summary",
                        "--keras-version",
                        "2.16"),
                refused(
                        "--format keras2 and --keras-version 3 name different layouts",
                        "summary",
                        "--format",
                        "keras2",
                        "--keras-version",
                        "3"),
                // inspect
                refused("Missing required parameter: 'SAVEDMODEL'", "inspect"),
                refused(tmp("nothing") + ": no such SavedModel folder", "inspect", tmp("nothing")),
                refused(
                        MODEL + ": has no meta graph tagged {train}; tag sets there: {serve}; choose one with --tags",
                        "inspect",
                        MODEL,
                        "--tags",
                        "train"),
                // activations
                refused("give --input IMAGE, --input FILE.npy, or --dataset D --index I", "activations"),
                refused(tmp("missing.png") + ": no such image file", "activations", "--input", tmp("missing.png")),
                refused(
                        "--normalize takes MEAN,STD or one mean per channel then one std per channel",
                        "activations",
                        "--input",
                        DIGIT,
                        "--normalize",
                        "0.5"),
                refused("--normalize STD must be above 0", "activations", "--input", DIGIT, "--normalize", "0.1,0"),
                // (picocli names a split option with its label)
                refused(
                        "Invalid value for option '--normalize' (MEAN,STD): 'a' is not a number such as 0.5 or 1/255",
                        "activations",
                        "--input",
                        DIGIT,
                        "--normalize",
                        "a,1"),
                refused(
                        invalid("--scale", "'1/0' is not a number such as 0.5 or 1/255"),
                        "activations",
                        "--input",
                        DIGIT,
                        "--scale",
                        "1/0"),
                refused(
                        "--scale and --normalize apply to images; an .npy input is fed as it is",
                        "activations",
                        "--input",
                        tmp("input.npy"),
                        "--scale",
                        "1"),
                refused(
                        "--tensor a:b:c: not a tensor name such as y:0",
                        "activations",
                        "--input",
                        DIGIT,
                        "--tensor",
                        "a:b:c"),
                refused("--index needs --dataset NAME (mnist or fashion-mnist)", "activations", "--index", "3"),
                refused(
                        "give --input IMAGE or --dataset D --index I, not both",
                        "activations",
                        "--input",
                        DIGIT,
                        "--index",
                        "3"),
                // filters
                refused("Missing required option: '--layer=<layer>'", "filters"),
                refused(
                        invalid("--palette", "'pink' is not one of viridis, cividis, gray, blue-orange"),
                        "filters",
                        "--layer",
                        "conv1",
                        "--palette",
                        "pink"),
                refused(
                        invalid("--scale", "'global' is not one of shared, per-filter"),
                        "filters",
                        "--layer",
                        "conv1",
                        "--scale",
                        "global"),
                refused("--input-channel must not be negative", "filters", "--layer", "conv1", "--input-channel", "-1"),
                refused(
                        "input channel 3 asked for, but conv1 has 1 input channel (0)",
                        "filters",
                        "--layer",
                        "conv1",
                        "--input-channel",
                        "3",
                        "--out",
                        tmp("filters")),
                refused("no layer 'nosuch' in " + MODEL, "filters", "--layer", "nosuch", "--out", tmp("filters")),
                // featuremaps
                refused(
                        invalid("--palette", "'pink' is not one of viridis, cividis, gray, blue-orange"),
                        "featuremaps",
                        "--input",
                        DIGIT,
                        "--palette",
                        "pink"),
                refused(
                        "featuremaps draws images; give --input IMAGE or --dataset D --index I",
                        "featuremaps",
                        "--input",
                        tmp("input.npy")),
                refused(
                        tmp("a-file") + ": is a file, not a folder",
                        "featuremaps",
                        "--input",
                        DIGIT,
                        "--out",
                        tmp("a-file")),
                refused(
                        invalid("--precision", "'bf16' is not one of float32, mixed_bfloat16, auto"),
                        "featuremaps",
                        "--input",
                        DIGIT,
                        "--precision",
                        "bf16"),
                refused(
                        invalid("--precision", "'fp16' is not one of float32, mixed_bfloat16, auto"),
                        "activations",
                        "--precision",
                        "fp16"),
                // curves
                refused(tmp("missing.json") + ": no such file", "curves", tmp("missing.json")),
                refused(tmp("bad-history.json") + ": not a Keras history JSON (", "curves", tmp("bad-history.json")),
                refused(tmp("a-file") + ": is a file, not a folder", "curves", "--out", tmp("a-file")),
                // export (those that need the data set are CommandContractDataTest's)
                refused("--batch must be between 1 and 4096", "export", "--batch", "0"),
                refused("--count must be at least 1", "export", "--count", "0"),
                refused(
                        invalid("--precision", "'fp16' is not one of float32, mixed_bfloat16, auto"),
                        "export",
                        "--precision",
                        "fp16"),
                // report
                refused("--max-inputs must be at least 1", "report", "--max-inputs", "0"),
                refused(
                        "--class-names: " + tmp("none.txt") + " is neither mnist, fashion-mnist, cifar10 nor a file",
                        "report",
                        "--class-names",
                        tmp("none.txt")),
                refused(
                        invalid("--dataset", "'cifar10' is not one of mnist, fashion-mnist"),
                        "report",
                        "--dataset",
                        "cifar10"),
                refused(invalid("--scale", "'-1' is not above 0"), "report", "--scale", "-1"),
                refused(
                        invalid("--precision", "'float64' is not one of float32, mixed_bfloat16, auto"),
                        "report",
                        "--precision",
                        "float64"),
                // convert
                refused("Missing required option: '--out=DIR'", "convert", tmp("m.keras")),
                refused(tmp("m.keras") + ": no such file", "convert", tmp("m.keras"), "--out", tmp("converted")),
                refused(
                        tmp("not-a-model.txt") + ": is not a .keras or .h5 model file",
                        "convert",
                        tmp("not-a-model.txt"),
                        "--out",
                        tmp("converted")),
                // bench
                refused(
                        "name a benchmark: train, summary, activations, export or explain (see kerascope bench --help)",
                        "bench"),
                refused(
                        invalid("--precision", "'fp16' is not one of both, float32, mixed_bfloat16, auto"),
                        "bench",
                        "train",
                        "--precision",
                        "fp16"),
                refused("--steps must be at least 1", "bench", "train", "--steps", "0"),
                refused("--batch-sizes must be between 1 and 65536", "bench", "train", "--batch-sizes", "32,0"),
                refused("--repeats must be at least 1", "bench", "summary", "--repeats", "0"),
                refused("--batch must be between 1 and 4096", "bench", "activations", "--batch", "0"),
                refused(
                        invalid("--precision", "'fp16' is not one of float32, mixed_bfloat16, auto"),
                        "bench",
                        "activations",
                        "--precision",
                        "fp16"),
                refused("--count must be at least 1", "bench", "export", "--count", "0"),
                refused(
                        invalid("--precision", "'fp16' is not one of float32, mixed_bfloat16, auto"),
                        "bench",
                        "export",
                        "--precision",
                        "fp16"),
                refused(
                        invalid("--precision", "'bf16' is not one of float32, mixed_bfloat16, auto"),
                        "explain",
                        "--input",
                        DIGIT,
                        "--precision",
                        "bf16"),
                refused(
                        invalid("--precision", "'half' is not one of float32, mixed_bfloat16, auto"),
                        "top-inputs",
                        "--layer",
                        "conv1",
                        "--precision",
                        "half"),
                refused("--batch must be between 1 and 4096", "bench", "explain", "--batch", "0"),
                // explain and top-inputs (their model-dependent refusals: ExplainCommandTest)
                refused(
                        invalid("--method", "'lime' is not one of saliency, smoothgrad, gradcam, gradcam++"),
                        "explain",
                        "--method",
                        "lime"),
                refused("--class must be at least 0", "explain", "--class", "-1"),
                refused("--samples must be between 1 and 10000", "explain", "--method", "smoothgrad", "--samples", "0"),
                refused("--noise must be at least 0", "explain", "--method", "smoothgrad", "--noise", "-0.5"),
                refused(
                        "--layer is for gradcam and gradcam++; saliency is taken at the input",
                        "explain",
                        "--method",
                        "saliency",
                        "--layer",
                        "conv1"),
                refused(
                        invalid("--palette", "'pink' is not one of viridis, cividis, gray, blue-orange"),
                        "explain",
                        "--palette",
                        "pink"),
                refused("Missing required option: '--layer=<layer>'", "top-inputs"),
                refused("--count must be at least 1", "top-inputs", "--layer", "conv1", "--count", "0"),
                refused("--batch must be between 1 and 4096", "top-inputs", "--layer", "conv1", "--batch", "0")));
        return cases.stream();
    }

    @ParameterizedTest(name = "[{index}] kerascope {0}")
    @MethodSource("badInputs")
    void badInputIsExit2WithOneLineSayingWhatIsWrong(String name, String[] args, String firstLineStart) {
        Cli.Run r = new Cli().run(args);
        assertEquals(2, r.exit(), r.err());
        String first = r.firstErrorLine();
        assertTrue(first.startsWith("kerascope: " + firstLineStart), first);
        assertFalse(JAVA_TEXT.matcher(first).find(), first);
        assertEquals(1, r.err().lines().count(), "one line, no usage text: " + r.err());
    }

    /** Every command's bad inputs are here: a command added without them fails this. */
    @org.junit.jupiter.api.Test
    void everyCommandHasBadInputsHere() {
        List<String> covered = badInputs()
                .map(a -> (String[]) a.get()[1])
                .filter(a -> a.length > 0)
                .map(a -> a[0])
                .distinct()
                .toList();
        for (String command : KerascopeCommand.commandLine().getSubcommands().keySet()) {
            assertTrue(covered.contains(command), command + " has no bad-input case");
        }
    }
}
