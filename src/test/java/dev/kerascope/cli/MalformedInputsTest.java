package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Every command on a set of malformed inputs: exit 2, and a first stderr line that names the input and never carries a
 * Java exception's text. Each run gets fresh streams (a new {@link Cli}).
 */
class MalformedInputsTest {
    private static final Pattern JAVA_TEXT =
            Pattern.compile("Exception|Error:|Cannot invoke|out of bounds|\\bnull\\b|java\\.|at dev\\.");

    @TempDir
    Path dir;

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    /** The shipped model with its serving signature's input or output changed. */
    private Path withSignature(String name, java.util.function.UnaryOperator<SignatureDef> change) throws IOException {
        Path model = dir.resolve(name);
        copy(Path.of("saved-models/keras-mnist/saved_model"), model);
        SavedModel sm = SavedModel.parseFrom(Files.readAllBytes(model.resolve("saved_model.pb")));
        var meta = sm.getMetaGraphs(0).toBuilder();
        meta.putSignatureDef("serving_default", change.apply(meta.getSignatureDefOrThrow("serving_default")));
        Files.write(
                model.resolve("saved_model.pb"),
                sm.toBuilder().setMetaGraphs(0, meta).build().toByteArray());
        return model;
    }

    private List<Path> malformedModels() throws IOException {
        List<Path> models = new ArrayList<>();
        Path random = Files.createDirectories(dir.resolve("random"));
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        Files.write(random.resolve("saved_model.pb"), noise);
        models.add(random);
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.write(empty.resolve("saved_model.pb"), new byte[0]);
        models.add(empty);
        Path truncated = dir.resolve("truncated");
        copy(Path.of("saved-models/keras-mnist/saved_model"), truncated);
        byte[] pb = Files.readAllBytes(truncated.resolve("saved_model.pb"));
        Files.write(truncated.resolve("saved_model.pb"), java.util.Arrays.copyOf(pb, pb.length / 2));
        models.add(truncated);
        models.add(withSignature("huge", s -> {
            TensorInfo in = s.getInputsMap().values().iterator().next();
            TensorShapeProto shape = in.getTensorShape().toBuilder()
                    .setDim(1, TensorShapeProto.Dim.newBuilder().setSize(1L << 40))
                    .build();
            return s.toBuilder()
                    .putInputs(
                            s.getInputsMap().keySet().iterator().next(),
                            in.toBuilder().setTensorShape(shape).build())
                    .build();
        }));
        models.add(withSignature("lacking", s -> {
            TensorInfo in = s.getInputsMap().values().iterator().next();
            return s.toBuilder()
                    .putInputs(
                            s.getInputsMap().keySet().iterator().next(),
                            in.toBuilder().setName("no_such_node:0").build())
                    .build();
        }));
        return models;
    }

    private void assertClean(String what, String... args) {
        Cli cli = new Cli();
        int exit = cli.run(args).exit();
        String first = cli.firstErrorLine();
        assertEquals(2, exit, what + ": " + cli.err());
        assertTrue(first.startsWith("kerascope: "), what + ": " + first);
        assertFalse(JAVA_TEXT.matcher(first).find(), what + ": " + first);
    }

    @Test
    void everyCommandRefusesMalformedModelsInOneCleanLine() throws IOException {
        Path png = Path.of("examples/digits/digit-7.png");
        for (Path m : malformedModels()) {
            String name = m.getFileName().toString();
            if (!name.equals("huge") && !name.equals("lacking")) {
                if (!name.equals("truncated")) {
                    // (a kerascope export's summary comes from its sidecar, without saved_model.pb)
                    assertClean(name + " summary", "summary", m.toString());
                }
                assertClean(name + " inspect", "inspect", m.toString());
                assertClean(
                        name + " filters",
                        "filters",
                        m.toString(),
                        "--layer",
                        "conv1",
                        "--out",
                        dir.resolve("f").toString());
            }
            assertClean(name + " activations", "activations", m.toString(), "--input", png.toString());
            assertClean(
                    name + " featuremaps",
                    "featuremaps",
                    m.toString(),
                    "--input",
                    png.toString(),
                    "--out",
                    dir.resolve("fm").toString());
            assertClean(
                    name + " report",
                    "report",
                    m.toString(),
                    "--max-inputs",
                    "1",
                    "--out",
                    dir.resolve("r").toString());
            assertFalse(Files.exists(dir.resolve("r")), "no report folder for a model that cannot be read");
        }
    }

    @Test
    void malformedArchitecturesImagesAndArraysAreRefusedInOneCleanLine() throws IOException {
        Path deep = Files.writeString(dir.resolve("deep.json"), "[".repeat(100_000));
        Path junk = Files.writeString(dir.resolve("junk.json"), "{\"layers\": [{\"class_name\": 5}]}");
        Path badPng = Files.writeString(dir.resolve("bad.png"), "not an image");
        Path badNpy = Files.writeString(dir.resolve("bad.npy"), "\u0093NUMPY garbage");
        for (Path arch : List.of(deep, junk)) {
            assertClean(arch + " summary", "summary", arch.toString());
            assertClean(
                    arch + " train",
                    "train",
                    arch.toString(),
                    "--epochs",
                    "1",
                    "--out",
                    dir.resolve("run").toString());
        }
        assertClean("bad png", "activations", "--input", badPng.toString());
        assertClean("bad npy", "activations", "--input", badNpy.toString());
        assertClean(
                "npy for a featuremap",
                "featuremaps",
                "--input",
                badNpy.toString(),
                "--out",
                dir.resolve("o").toString());
        assertClean(
                "unknown class names",
                "report",
                "--class-names",
                dir.resolve("none.txt").toString());
    }

    @Test
    void unexpectedRuntimeExceptionsNameTheInputAndNotTheJavaClass() throws IOException {
        Path file = Files.writeString(dir.resolve("model.json"), "{}");
        Failures f = Failures.of(
                new NullPointerException("Cannot invoke \"x.y()\" because \"z\" is null"),
                List.of("summary", file.toString(), "--width", "80"));
        assertEquals(2, f.exitCode());
        assertTrue(f.message().startsWith(file + ": cannot be processed"), f.message());
        assertFalse(JAVA_TEXT.matcher(f.message()).find(), f.message());
        Failures oom = Failures.of(
                new Failures.ResourceFailure(new OutOfMemoryError("Java heap space")), List.of(file.toString()));
        assertEquals(2, oom.exitCode());
        assertTrue(oom.message().contains("more memory"), oom.message());
        Failures other = Failures.of(new RuntimeException("boom"), List.of());
        assertEquals(1, other.exitCode());
        assertFalse(other.message().contains("boom") || other.message().contains("RuntimeException"));
    }
}
