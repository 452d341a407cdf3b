package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.input.ImageSource;
import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** What the report says about its inputs, the options it takes, and that a failed report loses nothing. */
class ReportOptionsTest {
    @TempDir
    Path dir;

    /** A model that answers class 2 of three whatever it is shown (scores 0, 0, 2 plus nothing from the input). */
    private Path stubbornModel() throws Exception {
        Path model = dir.resolve("stubborn");
        try (Graph g = new Graph();
                Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x =
                    tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            var zero = tf.math.mul(
                    tf.math.mean(x, tf.constant(new int[] {1, 2, 3}), org.tensorflow.op.math.Mean.keepDims(false)),
                    tf.constant(0f));
            var scores = tf.withName("scores")
                    .math
                    .add(tf.expandDims(zero, tf.constant(1)), tf.constant(new float[] {0, 0, 2}));
            Signature sig = Signature.builder()
                    .key("serving_default")
                    .input("x", x)
                    .output("scores", scores)
                    .build();
            SavedModelBundle.exporter(model.toString())
                    .withTags("serve")
                    .withSession(s)
                    .withSignature(sig)
                    .export();
        }
        return model;
    }

    @Test
    void theReportSaysHowInputsWereFedAndWarnsWhenEveryPredictionIsTheSame() throws Exception {
        Path names = Files.writeString(dir.resolve("names.txt"), "cat\ndog\nbird\n");
        Path out = dir.resolve("report");
        Cli.Run run = new Cli()
                .run(
                        "report",
                        stubbornModel().toString(),
                        "--inputs",
                        "examples/digits",
                        "--max-inputs",
                        "3",
                        "--class-names",
                        names.toString(),
                        "--scale",
                        "1/255",
                        "--out",
                        out.toString());
        assertEquals(0, run.exit(), run.out());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("x * 0.00392157, given on the command line"), "the preprocessing and why");
        assertTrue(
                html.contains("every sample input gets the same prediction (bird)"),
                "the warning, with the class name");
        assertTrue(
                html.contains("softmax of its scores"), "scores that are not probabilities are said to be softmaxed");
        assertTrue(html.contains("<p>No Grad-CAM: "), "a model without a conv layer: a one-line note for Grad-CAM");
        assertTrue(Files.isRegularFile(out.resolve("inputs/digit-0/saliency.npy")), "saliency still works");
        String predictions = Files.readString(out.resolve("predictions.json"));
        // softmax(0, 0, 2) = e^2 / (e^2 + 2) = 78.7%
        assertTrue(predictions.contains("bird (78.7%)"), predictions);
        assertTrue(html.contains("<strong>bird (78.7%)</strong>"), "the class name in the predictions table");
        assertTrue(
                Files.readString(out.resolve("explorer-data.js")).contains("\"top\":[\"bird (78.7%)\""),
                "and in the pickers' data");
    }

    @Test
    void aFailedReportLeavesThePreviousFolderUntouchedAndNoPartialFolder() throws Exception {
        Path model = stubbornModel();
        Path out = dir.resolve("report");
        ReportJob.run(model, Path.of("examples/digits"), 2, out);
        String before = Files.readString(out.resolve("index.html"));
        Path corrupt = Files.writeString(dir.resolve("broken.png"), "not a png");
        ReportJob.Options bad = new ReportJob.Options(
                model,
                Set.of("serve"),
                "serving_default",
                List.of(ImageSource.file(Path.of("examples/digits/digit-0.png")), ImageSource.file(corrupt)),
                "test",
                null,
                null,
                null,
                List.of(),
                out,
                null);
        BadInputException e = assertThrows(BadInputException.class, () -> ReportJob.run(bad));
        assertTrue(e.getMessage().startsWith(corrupt.toString()), e.getMessage());
        assertEquals(before, Files.readString(out.resolve("index.html")), "the previous report is still there, whole");
        try (Stream<Path> s = Files.list(dir)) {
            assertFalse(
                    s.anyMatch(p -> p.getFileName().toString().contains(".partial-")), "no staging folder left behind");
        }
    }

    @Test
    void classNamesOfAnotherCountThanTheModelsClassesAreRefusedNamingBoth() throws Exception {
        Path model = stubbornModel(); // three classes: its scores are (batch, 3)
        Path twoNames = Files.writeString(dir.resolve("two.txt"), "b\na\n");
        for (String[] names : new String[][] {{"cifar10", "10"}, {"CIFAR10", "10"}, {twoNames.toString(), "2"}}) {
            Path out = dir.resolve("refused");
            Cli.Run run = new Cli()
                    .run(
                            "report",
                            model.toString(),
                            "--max-inputs",
                            "1",
                            "--class-names",
                            names[0],
                            "--out",
                            out.toString());
            assertEquals(2, run.exit(), run.err());
            assertEquals(
                    "kerascope: class names: " + names[1]
                            + " names for a model with 3 classes (give one name per class, in class order)",
                    run.firstErrorLine());
            assertEquals(1, run.err().lines().count(), run.err());
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void classNamesAreBuiltInOrReadFromAFile() throws Exception {
        assertEquals(
                "ship",
                dev.kerascope.cli.ReportCommandAccess.classNames("cifar10").get(8));
        assertEquals(
                "ship",
                dev.kerascope.cli.ReportCommandAccess.classNames("CIFAR10").get(8),
                "a closed set takes any case");
        assertEquals(
                "Sneaker",
                dev.kerascope.cli.ReportCommandAccess.classNames("fashion-mnist")
                        .get(7));
        Cli.Run run = new Cli()
                .run(
                        "report",
                        "--class-names",
                        dir.resolve("missing.txt").toString(),
                        "--out",
                        dir.resolve("r").toString());
        assertEquals(2, run.exit());
    }
}
