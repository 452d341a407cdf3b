package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each of train's refusals with arguments that are otherwise valid (real MNIST data, a small --limit), one run per
 * assertion with fresh streams: exit 2, the first stderr line names the flag, nothing written. Without the
 * otherwise-valid arguments another refusal (no data) would exit 2 for the wrong reason.
 */
class TrainRefusalsTest {
    @TempDir
    Path dir;

    List<String> valid(Path out) {
        return new ArrayList<>(List.of(
                "train",
                "tiny-mnist",
                "--data",
                SharedData.require(SharedData.mnist()).toString(),
                "--limit",
                "64",
                "--epochs",
                "1",
                "--batch-size",
                "32",
                "--verbose",
                "0",
                "--seed",
                "3",
                "--out",
                out.toString()));
    }

    /** The valid arguments with {@code flag}'s value replaced (or the flag added). */
    void assertRefused(String flag, String value, String expectedStart) {
        Path out = dir.resolve("run-" + flag.substring(2) + "-" + value);
        List<String> args = valid(out);
        int at = args.indexOf(flag);
        if (at >= 0) {
            args.set(at + 1, value);
        } else {
            args.add(flag);
            args.add(value);
        }
        Cli.Run r = new Cli().run(args.toArray(String[]::new));
        assertEquals(2, r.exit(), flag + " " + value + ": " + r.err());
        assertTrue(
                r.firstErrorLine().startsWith("kerascope: " + expectedStart),
                flag + " " + value + ": " + r.firstErrorLine());
        assertFalse(Files.exists(out), flag + " " + value + ": nothing is written");
    }

    @Test
    void theValidArgumentsTrain() {
        Path out = dir.resolve("ok");
        Cli.Run r = new Cli().run(valid(out).toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.isDirectory(out.resolve("saved_model")), "the baseline run exports a model");
        // --limit 64: the first 64 training images, in 2 steps of 32.
        String log = assertDoesNotThrow(() -> Files.readString(out.resolve("train.log")));
        assertTrue(log.contains("(64 training, 10000 validation images from "), log);
    }

    @Test
    void epochsBelowOneAreRefusedNamingTheFlag() {
        assertRefused("--epochs", "0", "--epochs must be at least 1");
        assertRefused("--epochs", "-3", "--epochs must be at least 1");
    }

    @Test
    void batchSizesOutsideOneTo65536AreRefusedNamingTheFlag() {
        assertRefused("--batch-size", "0", "--batch-size must be between 1 and 65536");
        assertRefused("--batch-size", "65537", "--batch-size must be between 1 and 65536");
    }

    @Test
    void aLimitBelowOneIsRefusedNamingTheFlag() {
        assertRefused("--limit", "0", "--limit must be at least 1");
    }

    @Test
    void verboseOutsideZeroToTwoIsRefusedNamingTheFlag() {
        assertRefused("--verbose", "3", "--verbose must be 0, 1 or 2");
        assertRefused("--verbose", "-1", "--verbose must be 0, 1 or 2");
    }

    @Test
    void anUnknownDatasetIsRefusedNamingTheFlag() {
        assertRefused(
                "--dataset",
                "cifar",
                "Invalid value for option '--dataset': 'cifar' is not one of mnist, fashion-mnist");
    }

    @Test
    void resumeWithSettingsOfItsOwnIsRefusedNamingTheFlag() {
        Cli.Run r = new Cli().run("train", "--resume", dir.toString(), "--seed", "4");
        assertEquals(2, r.exit(), r.err());
        assertTrue(
                r.firstErrorLine().startsWith("kerascope: --resume takes the run's own settings"), r.firstErrorLine());
    }
}
