package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bad inputs of the CLI contract that need real files: the MNIST test set (10,000 images) for the ranges that
 * depend on it, folders that already hold work, and a model whose summary needs a width. One run per assertion with
 * fresh streams; exit 2 and the first stderr line.
 */
class CommandContractDataTest {
    @TempDir
    Path dir;

    static Cli.Run refused(String firstLineStart, String... args) {
        Cli.Run r = new Cli().run(args);
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.firstErrorLine().startsWith("kerascope: " + firstLineStart), r.firstErrorLine());
        assertFalse(CommandContractTest.JAVA_TEXT.matcher(r.firstErrorLine()).find(), r.firstErrorLine());
        return r;
    }

    static String mnist() {
        return SharedData.require(SharedData.mnist()).toString();
    }

    @Test
    void rangesThatDependOnTheTestSetNameTheOptionAndTheRange() {
        refused(
                "--count must be between 1 and 10000",
                "export",
                "--data",
                mnist(),
                "--count",
                "10001",
                "--out",
                dir.resolve("e").toString());
        assertFalse(Files.exists(dir.resolve("e")), "refused before anything is written");
        refused(
                "--index must be between 0 and 9999",
                "activations",
                "--data",
                mnist(),
                "--dataset",
                "mnist",
                "--index",
                "10000");
    }

    @Test
    void aFolderHoldingEarlierWorkIsRefusedWithTheCommandsOwnWayOut() throws Exception {
        Path export = Files.createDirectories(dir.resolve("export"));
        Files.writeString(export.resolve("manifest.json"), "{}");
        refused(
                export + ": already holds an export; continue it with --resume or choose another --out",
                "export",
                "--data",
                mnist(),
                "--count",
                "1",
                "--out",
                export.toString());
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("run.json"), "{}");
        refused(
                run + ": already holds a training run; continue it with --resume DIR or choose another --out",
                "train",
                "tiny-mnist",
                "--data",
                mnist(),
                "--limit",
                "64",
                "--out",
                run.toString());
    }

    /**
     * A width too narrow for this model's table is exit 2 naming the narrowest that fits. The claim is checked: that
     * width prints a table whose lines are that wide (Keras 3's box is exactly the width), one less is refused.
     */
    @Test
    void aWidthTooNarrowForTheModelNamesTheNarrowestThatFits() {
        String model = SharedData.require(
                        SharedData.root().resolve("savedmodels/keras3_tf220_export_functional_branches"))
                .toString();
        Cli.Run r = refused(
                model
                        + ": --width 20 is too narrow for this summary in the Keras 3 layout; the narrowest that fits "
                        + "is ",
                "summary",
                model,
                "--width",
                "20",
                "--format",
                "keras3");
        assertEquals("", r.out(), "nothing printed but the refusal");
        Matcher m = Pattern.compile("the narrowest that fits is (\\d+)$").matcher(r.firstErrorLine());
        assertTrue(m.find(), r.firstErrorLine());
        int narrowest = Integer.parseInt(m.group(1));
        Cli.Run fits = new Cli().run("summary", model, "--width", String.valueOf(narrowest), "--format", "keras3");
        assertEquals(0, fits.exit(), fits.err());
        assertTrue(
                fits.out()
                        .lines()
                        .filter(l -> l.startsWith("┏") || l.startsWith("└"))
                        .allMatch(l -> l.length() == narrowest),
                fits.out());
        refused(
                model + ": --width " + (narrowest - 1) + " is too narrow",
                "summary",
                model,
                "--width",
                String.valueOf(narrowest - 1),
                "--format",
                "keras3");
    }
}
