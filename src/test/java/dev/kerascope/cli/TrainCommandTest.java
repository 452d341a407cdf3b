package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
    @TempDir
    Path dir;

    final Cli cli = new Cli();

    int run(String... args) {
        return cli.run(args).exit();
    }

    String firstErrorLine() {
        return cli.firstErrorLine();
    }

    @Test
    void aMissingDataFolderIsBadInputAndWritesNothing() {
        Path out = dir.resolve("out");
        assertEquals(
                2, run("train", "tiny-mnist", "--data", dir.resolve("missing").toString(), "--out", out.toString()));
        assertTrue(firstErrorLine().contains("missing") && firstErrorLine().contains("--data"), cli.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anArchitectureThatCannotRunIsBadInputNamingTheFile() throws Exception {
        Path arch = dir.resolve("arch.json");
        Files.writeString(
                arch,
                """
        {"input_shape": [2, 2, 1], "layers": [{"class_name": "Conv2D", "config": {"name": "c", "filters": 1,
          "kernel_size": 3}},
         {"class_name": "Flatten"}, {"class_name": "Dense", "config": {"units": 2}}]}""");
        Path out = dir.resolve("out");
        assertEquals(2, run("train", arch.toString(), "--out", out.toString()));
        assertTrue(
                firstErrorLine().contains(arch.toString()) && firstErrorLine().contains("does not fit"), cli.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownNamesAndOptionsAreUsageErrors() {
        assertEquals(2, run("train", "no-such-model"));
        assertEquals(2, run("train", "--epochs", "0", "tiny-mnist", "--data", dir.toString()));
        assertEquals(2, run("train", "--no-such-option"));
        assertEquals(2, run("train", "tiny-mnist", "--dataset", "cifar"));
        assertTrue(cli.err().contains("cifar"), cli.err());
    }

    @Test
    void everyCommandHasHelp() {
        assertEquals(0, run("--help"));
        assertEquals(0, run("train", "--help"));
        assertEquals(0, run("bench", "train", "--help"));
    }
}
