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

    /** The statistics printed for {@code row} (everything after its name), from a run's output. */
    static String stats(Cli.Run r, String row) {
        return r.out()
                .lines()
                .filter(l -> l.startsWith(row + " "))
                .map(l -> l.substring(row.length()).strip())
                .findFirst()
                .orElseThrow(() -> new AssertionError(row + " not in\n" + r.out()));
    }

    @Test
    void aNestedModelsSummaryRowIsFetchedAsTheLayerWhoseOutputItIs() {
        // The potato model: sequential (Resizing, Rescaling), then sequential_1 (RandomFlip, RandomRotation), which
        // Keras documents as passing its input through at inference: its output is sequential's.
        Path potato = SharedData.require(
                SharedData.root().resolve("savedmodels/keras2_tf214_potato_resizing_rescaling_randomaug_256"));
        Cli.Run r = cli.run(
                "activations", potato.toString(), "--input", "examples/colour/cat.png", "--layers", "sequential_1");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("note: sequential_1 (Sequential) leaves no op in the inference graph"), r.out());
        Cli.Run input = cli.run(
                "activations", potato.toString(), "--input", "examples/colour/cat.png", "--layers", "sequential");
        assertEquals(stats(input, "sequential"), stats(r, "sequential_1"));
        // A nested Functional with layers of its own (called twice, on two inputs): its first call's last layer.
        Path nested =
                SharedData.require(SharedData.root().resolve("savedmodels/keras2_tf23_nested_functional_two_inputs"));
        String[] feed = {"--input", "test_in1=" + npy("a", 0.5f), "--input", "test_in2=" + npy("b", -1f)};
        Cli.Run all = cli.run(concat(new String[] {"activations", nested.toString()}, feed));
        Cli.Run one =
                cli.run(concat(new String[] {"activations", nested.toString(), "--layers", "functional_1"}, feed));
        assertEquals(0, one.exit(), one.err());
        assertEquals(stats(all, "functional_1[0]/dense"), stats(one, "functional_1"));
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A (1, 5) float32 .npy of {@code v, 2v, ..., 5v}, written byte by byte as NumPy's format documents. */
    String npy(String name, float v) {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 5), }";
        StringBuilder h = new StringBuilder(header);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        java.nio.ByteBuffer b =
                java.nio.ByteBuffer.allocate(10 + h.length() + 20).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        b.putShort((short) h.length());
        b.put(h.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 1; i <= 5; i++) {
            b.putFloat(v * i);
        }
        Path f = dir.resolve(name + ".npy");
        try {
            Files.write(f, b.array());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return f.toString();
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
