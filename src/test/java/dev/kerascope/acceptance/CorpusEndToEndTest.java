package dev.kerascope.acceptance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SharedData;
import dev.kerascope.walker.Feed;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SavedModel of the shared corpus, through the four user-facing commands and through the walker: a model is
 * either analysed or refused with a one-line reason, never a crash; a report is all or nothing; and the values
 * kerascope shows are the values TensorFlow's own function call computes. The corpus folder is listed at run time, so a
 * model added to it is covered (and must pass every command) without touching this class.
 */
class CorpusEndToEndTest {
    static final Path DIGIT = Path.of("examples/digits/digit-7.png").toAbsolutePath();
    static final List<String> COMMANDS = List.of("summary", "inspect", "activations", "report");
    /** What a message meant for a user must never show: Java's own words for a crash. */
    static final List<String> CRASH_WORDS =
            List.of("Exception", "Error:", "Cannot invoke", "out of bounds", "NullPointer");

    /**
     * The models a command must refuse (exit 2), with what the reason must say for the user to act on it; every other
     * (model, command) must exit 0. Decided by reading why each model cannot be analysed (MANIFEST.md), not from
     * kerascope's messages.
     */
    static final Map<String, Map<String, String>> REFUSED = Map.of(
            // Its only meta graph is tagged {train, serve} (MANIFEST.md): the user must be told which tag sets exist,
            // written as inspect writes them.
            "tf1_tf121_regression_train_serve_tags", allCommands("tag sets there: {train, serve}"),
            // The checkpoint lacks variables the serving function reads: TensorFlow cannot restore them.
            "broken_keras3_tf219_tfsave_missing_var", feeding("Could not find variable sequential_8/"),
            // Inputs that are not images (a scalar per row; two vectors of 5): only .npy files can feed them.
            // (activations takes .npy files; report, which does not, points to activations)
            "tf1_tf114_half_plus_two", fedByArrays("--input FILE.npy"),
            "tf2_tf214_module_half_plus_two", fedByArrays("--input FILE.npy"),
            "keras2_tf23_nested_functional_two_inputs", fedByArrays("--input NAME=FILE.npy"),
            // serving_default takes serialized tf.Example strings; the images go through predict_images.
            "tf1_tf111_mnist_softmax", feeding("signatures that take images: predict_images"));

    /** For a refused model, the options that answer the refusal; the model is run again with them. */
    static final Map<String, List<String>> RETRY = Map.of(
            "tf1_tf121_regression_train_serve_tags", List.of("--tags", "serve,train"),
            "tf1_tf111_mnist_softmax", List.of("--signature", "predict_images"));

    /**
     * Refusals that remain with the retry options: the regression model's one signature is a TF1 regress signature of
     * two unranked tensors, no serving_default and nothing that takes an image.
     */
    static final Map<String, Map<String, String>> REFUSED_ON_RETRY =
            Map.of("tf1_tf121_regression_train_serve_tags", feeding("signatures: tensorflow/serving/regress"));

    static Map<String, String> allCommands(String reason) {
        return Map.of("summary", reason, "inspect", reason, "activations", reason, "report", reason);
    }

    /** Only the commands that run the model on an input are refused; summary and inspect read protobufs. */
    static Map<String, String> feeding(String reason) {
        return Map.of("activations", reason, "report", reason);
    }

    /** Refused by both; activations names its own .npy option, report the command that has one. */
    static Map<String, String> fedByArrays(String activationsReason) {
        return Map.of("activations", activationsReason, "report", "the activations command feeds it from .npy arrays");
    }

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicNode> everyModelOfTheCorpus() throws IOException {
        Path corpus = SharedData.require(SharedData.root().resolve("savedmodels"));
        List<Path> models;
        try (Stream<Path> s = Files.list(corpus)) {
            models = s.filter(Files::isDirectory).sorted().toList();
        }
        assertFalse(models.isEmpty(), "no model folders in " + corpus);
        return models.stream().map(m -> {
            String name = m.getFileName().toString();
            List<DynamicNode> tests = new ArrayList<>();
            for (String command : COMMANDS) {
                tests.add(DynamicTest.dynamicTest(
                        command, () -> runCommand(m, command, List.of(), REFUSED.get(name), "default")));
                if (RETRY.containsKey(name)) {
                    tests.add(DynamicTest.dynamicTest(
                            command + " " + String.join(" ", RETRY.get(name)),
                            () -> runCommand(m, command, RETRY.get(name), REFUSED_ON_RETRY.get(name), "retry")));
                }
            }
            tests.add(DynamicTest.dynamicTest(
                    "signature outputs equal the walker's tensors", () -> walkerAgreesWithTensorFlow(m)));
            return DynamicContainer.dynamicContainer(name, tests);
        });
    }

    /** Exit 0, or exit 2 with one line "kerascope: reason" where the map expects it; never an internal failure. */
    void runCommand(Path model, String command, List<String> options, Map<String, String> refusals, String variant)
            throws IOException {
        String name = model.getFileName().toString();
        List<String> args = new ArrayList<>(List.of(command, model.toString()));
        args.addAll(applicable(command, options));
        Path parent = tmp.resolve(name + "-" + variant);
        Path out = parent.resolve("r");
        switch (command) {
            case "activations" -> args.addAll(List.of("--input", DIGIT.toString()));
            case "report" -> {
                Files.createDirectories(parent);
                args.addAll(List.of("--out", out.toString(), "--max-inputs", "2"));
            }
            default -> {}
        }
        Cli cli = new Cli();
        Cli.Run run = cli.run(args.toArray(String[]::new));
        String where = String.join(" ", args) + "\nexit " + run.exit() + ", stderr:\n" + cli.err();
        assertNotEquals(1, run.exit(), "internal failure: " + where);
        String reason = refusals == null ? null : refusals.get(command);
        if (reason == null) {
            assertEquals(0, run.exit(), "expected to be analysed: " + where);
            assertFalse(run.out().isBlank(), "printed nothing: " + where);
        } else {
            assertEquals(2, run.exit(), "expected a refusal naming '" + reason + "': " + where);
            List<String> lines = cli.err().lines().filter(l -> !l.isBlank()).toList();
            assertEquals(1, lines.size(), "the reason is one line: " + where);
            String line = lines.get(0);
            assertTrue(line.startsWith("kerascope: "), where);
            CRASH_WORDS.forEach(
                    w -> assertFalse(line.contains(w), "a crash shown as a reason ('" + w + "'): " + where));
            assertTrue(line.contains(reason), "the reason should say '" + reason + "': " + where);
        }
        if (command.equals("report")) {
            assertReportIsAllOrNothing(parent, out, run.exit(), where);
        }
    }

    /** --tags applies to every command; --signature only to those that run the model. */
    static List<String> applicable(String command, List<String> options) {
        if (options.isEmpty()
                || !options.get(0).equals("--signature")
                || Set.of("activations", "report").contains(command)) {
            return options;
        }
        return List.of();
    }

    /** A finished report whose every image is there, or (refused) no folder; never a staging folder left beside it. */
    static void assertReportIsAllOrNothing(Path parent, Path out, int exit, String where) throws IOException {
        List<String> beside;
        try (Stream<Path> s = Files.list(parent)) {
            beside = s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("r"))
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), beside, "left beside the report folder: " + where);
        if (exit != 0) {
            assertFalse(Files.exists(out), "a refused report left a folder: " + where);
            return;
        }
        Path index = out.resolve("index.html");
        assertTrue(Files.isRegularFile(index), "no index.html: " + where);
        String html = Files.readString(index);
        Matcher img = Pattern.compile("<img\\b[^>]*?\\bsrc=\"([^\"]*)\"").matcher(html);
        while (img.find()) {
            String src = img.group(1).replace("&amp;", "&");
            assertFalse(
                    src.startsWith("/") || src.contains("://") || src.contains(".."), "not inside the report: " + src);
            assertTrue(Files.isRegularFile(out.resolve(src)), "index.html shows " + src + ", which is not in " + out);
        }
    }

    /**
     * The walker's copy of the graph against TensorFlow's function call, on the very input kerascope feeds for the
     * digit. Runs with the options the CLI runs last (the retry options when a model has some), and must succeed
     * exactly when that activations run is expected to succeed.
     */
    void walkerAgreesWithTensorFlow(Path model) {
        String name = model.getFileName().toString();
        List<String> options = RETRY.getOrDefault(name, List.of());
        Map<String, String> refusals = RETRY.containsKey(name) ? REFUSED_ON_RETRY.get(name) : REFUSED.get(name);
        String refusal = refusals == null ? null : refusals.get("activations");
        Set<String> tags = new LinkedHashSet<>(
                Arrays.asList(option(options, "--tags", "serve").split(",")));
        String signature = option(options, "--signature", "serving_default");
        SavedModelWalker w;
        try {
            w = SavedModelWalker.open(model, tags, signature);
        } catch (BadInputException e) {
            assertTrue(
                    refusal != null && e.getMessage().contains(refusal),
                    name + ": the walker cannot open it but activations is expected to: " + e.getMessage());
            return;
        }
        try (w) {
            ModelInput in;
            try {
                in = ModelInput.forImages(model, w, null, null);
            } catch (BadInputException e) {
                // Below the CLI a refusal names no option: "feed it from arrays" is the remedy the CLI words as --input
                // FILE.npy.
                boolean said = refusal != null
                        && (e.getMessage().contains(refusal)
                                || (refusal.contains(".npy") && e.remedy() == dev.kerascope.io.Remedy.FEED_ARRAYS));
                assertTrue(said, name + ": not fed images, but activations is expected to run: " + e.getMessage());
                return;
            }
            Map<String, Feed> feed = in.feed(List.of(in.load(DIGIT)));
            if (refusal != null) {
                // Takes an image but cannot run it (the variable that cannot be restored): the walker says why.
                BadInputException e = assertThrows(BadInputException.class, () -> w.callSignature(feed), name);
                assertTrue(e.getMessage().contains(refusal), name + ": " + e.getMessage());
                return;
            }
            List<String> layers = w.layerNames();
            assertFalse(layers.isEmpty(), name + ": no layers");
            String last = layers.get(layers.size() - 1);
            Map<String, LayerTensor> reference = w.callSignature(feed);
            List<Fetch> fetches = new ArrayList<>();
            reference.keySet().forEach(k -> fetches.add(Fetch.signature(k)));
            fetches.add(Fetch.layer(last));
            Map<String, LayerTensor> fetched = Fetch.byLabel(w.run(feed, fetches));
            for (var e : reference.entrySet()) {
                assertClose(e.getValue(), fetched.get("signature:" + e.getKey()), name + " signature:" + e.getKey());
            }
            // The last layer is the model's output. Every image model of the corpus today has a float
            // signature output of the last layer's shape (the TF1 ResNet's last layer is softmax_tensor,
            // its `probabilities`; its other output, `classes`, is the int64 ArgMax, checked below).
            // No model lacks one yet; a future one without it is only reported, as there is nothing to compare.
            LayerTensor lastOut = fetched.get(last);
            List<String> sameShape = reference.keySet().stream()
                    .filter(k -> w.signatureOutputIsFloat(k)
                            && Arrays.equals(reference.get(k).shape(), lastOut.shape()))
                    .toList();
            if (sameShape.isEmpty()) {
                System.out.println(name + ": no float signature output of the last layer's shape "
                        + Arrays.toString(lastOut.shape()));
            } else {
                List<String> diffs = new ArrayList<>();
                boolean equal = sameShape.stream().anyMatch(k -> {
                    double d = relativeDiff(reference.get(k), lastOut);
                    diffs.add(k + ": " + d);
                    return d <= 1e-5;
                });
                assertTrue(equal, name + ": last layer " + last + " differs from every output of its shape " + diffs);
            }
            checkArgMaxOutputs(name, w, reference);
            if (in.spec().fixedBatch() > 0) {
                fixedBatchRowsAreIndependent(name, w, in, fetches);
            }
        }
    }

    static String option(List<String> options, String key, String otherwise) {
        int i = options.indexOf(key);
        return i >= 0 ? options.get(i + 1) : otherwise;
    }

    /** An integer output of one value per row next to a float (rows, classes) output is its arg max. */
    static void checkArgMaxOutputs(String name, SavedModelWalker w, Map<String, LayerTensor> reference) {
        for (var cls : reference.entrySet()) {
            if (w.signatureOutputIsFloat(cls.getKey()) || cls.getValue().shape().length != 1) {
                continue;
            }
            for (var prob : reference.entrySet()) {
                long[] s = prob.getValue().shape();
                if (w.signatureOutputIsFloat(prob.getKey())
                        && s.length == 2
                        && s[0] == cls.getValue().shape()[0]) {
                    for (int row = 0; row < s[0]; row++) {
                        assertEquals(
                                argMax(prob.getValue().values(), row, (int) s[1]),
                                cls.getValue().values()[row],
                                0,
                                name + ": " + cls.getKey() + " is not the arg max of " + prob.getKey() + " in row "
                                        + row);
                    }
                }
            }
        }
    }

    static int argMax(float[] v, int row, int width) {
        int best = 0;
        for (int j = 1; j < width; j++) {
            if (v[row * width + j] > v[row * width + best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * A model that declares a batch (the TF1 ResNet: 128) takes 3 images and answers 3 rows, each the row that a full
     * batch built by hand gives. The hand-built batch fills its other 125 rows with other digits, not zeros, so equal
     * rows also show that one row does not depend on the others.
     */
    static void fixedBatchRowsAreIndependent(String name, SavedModelWalker w, ModelInput in, List<Fetch> fetches) {
        int batch = in.spec().fixedBatch();
        List<Pixels> three = Stream.of(7, 3, 8)
                .map(d -> in.load(DIGIT.resolveSibling("digit-" + d + ".png")))
                .toList();
        Map<Fetch, LayerTensor> small = w.run(in.feed(three), fetches);
        int per = in.values(three.get(0)).length;
        float[] full = new float[batch * per];
        for (int row = 0; row < batch; row++) {
            Pixels p = row < 3 ? three.get(row) : in.load(DIGIT.resolveSibling("digit-" + (row % 10) + ".png"));
            System.arraycopy(in.values(p), 0, full, row * per, per);
        }
        Map<Fetch, LayerTensor> big =
                w.run(Map.of(in.spec().key(), Feed.floats(full, in.feedShape(batch, three.get(0)))), fetches);
        for (Fetch f : fetches) {
            String n = f.label();
            LayerTensor s = small.get(f);
            LayerTensor b = big.get(f);
            assertEquals(3, s.shape()[0], name + " " + n + ": rows for 3 images " + Arrays.toString(s.shape()));
            assertEquals(batch, b.shape()[0], name + " " + n + ": rows for a full batch");
            long[] firstRows =
                    b.shape().clone(); // LayerTensor hands out its array, shared by names fetching one tensor
            firstRows[0] = 3;
            assertClose(
                    new LayerTensor(n, firstRows, Arrays.copyOf(b.values(), s.values().length)),
                    s,
                    name + " " + n + ", 3 of " + batch);
        }
    }

    static void assertClose(LayerTensor expected, LayerTensor actual, String what) {
        if (actual == null) {
            fail(what + ": not fetched");
        }
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        double d = relativeDiff(expected, actual);
        assertTrue(d <= 1e-5, what + ": differs by " + d + " of the largest value");
    }

    /** max |a - b| over max |a|: the tolerance follows the output's scale (logits, probabilities). */
    static double relativeDiff(LayerTensor a, LayerTensor b) {
        float[] x = a.values();
        float[] y = b.values();
        if (x.length != y.length) {
            return Double.POSITIVE_INFINITY;
        }
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < x.length; i++) {
            diff = Math.max(diff, Math.abs((double) x[i] - y[i]));
            scale = Math.max(scale, Math.abs(x[i]));
        }
        return diff == 0 ? 0 : diff / Math.max(scale, Float.MIN_NORMAL);
    }
}
