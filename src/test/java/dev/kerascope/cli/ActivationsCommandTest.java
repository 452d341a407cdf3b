package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ActivationsCommandTest {
    @TempDir
    Path dir;

    final Cli cli = new Cli();

    int run(String... args) {
        return cli.run(args).exit();
    }

    @Test
    void theShippedModelRunsOnADigitAndWritesNpyFiles() throws Exception {
        Path mnist = SharedData.require(SharedData.mnist());
        Path npy = dir.resolve("npy");
        assertEquals(
                0,
                run(
                        "activations",
                        "--dataset",
                        "mnist",
                        "--index",
                        "7",
                        "--data",
                        mnist.toString(),
                        "--npy",
                        npy.toString()),
                cli.err());
        try (var files = Files.list(npy)) {
            assertEquals(13, files.count(), "11 layers, input.npy and index.json");
        }
    }

    @Test
    void badRequestsAreExitCode2WithTheReason() throws Exception {
        Path mnist = SharedData.require(SharedData.mnist());
        assertEquals(
                2,
                run(
                        "activations",
                        "--dataset",
                        "mnist",
                        "--index",
                        "0",
                        "--data",
                        mnist.toString(),
                        "--layers",
                        "conv9"));
        assertTrue(cli.err().contains("conv1, conv2, pool1"), cli.err());
        assertEquals(2, run("activations"));
        assertTrue(cli.err().contains("--input"), cli.err());
        Path broken =
                SharedData.require(SharedData.root().resolve("savedmodels/broken_keras3_tf219_tfsave_missing_var"));
        assertEquals(
                2,
                run(
                        "activations",
                        broken.toString(),
                        "--dataset",
                        "mnist",
                        "--index",
                        "0",
                        "--data",
                        mnist.toString()));
        assertTrue(cli.err().contains("Could not find variable"), cli.err());
        assertEquals(2, run("activations", "--input", dir.resolve("missing.png").toString()));
    }
}
