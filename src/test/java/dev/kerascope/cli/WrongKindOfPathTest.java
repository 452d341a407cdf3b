package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import dev.kerascope.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A path of the wrong kind (a file where a folder goes, a folder where a file goes, a binary file where a model is)
 * says what it is, not that it does not exist; a file inside a SavedModel names its folder, which is what was meant.
 */
class WrongKindOfPathTest {
    private static final Path SAVED = Path.of("saved-models/keras-mnist/saved_model");

    @TempDir
    Path dir;

    private static Cli.Run run(String... args) {
        return new Cli().run(args);
    }

    @Test
    void aFileInsideASavedModelReadsAsItsFolder() {
        String pb = SAVED.resolve("saved_model.pb").toString();
        for (String command : new String[] {"summary", "inspect"}) {
            Cli.Run folder = run(command, SAVED.toString());
            Cli.Run file = run(command, pb);
            assertEquals(0, file.exit(), command + ": " + file.err());
            assertEquals(folder.out(), file.out(), command);
        }
        Cli.Run acts = run("activations", pb, "--input", "examples/digits/digit-7.png", "--layers", "conv1");
        assertEquals(0, acts.exit(), acts.err());
    }

    @Test
    void eachWrongKindIsNamed() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "not a model");
        Path binary = Files.write(dir.resolve("blob.bin"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28});
        String[][] cases = {
            {text + ": is a file, not a SavedModel folder", "inspect", text.toString()},
            {
                text + ": is a file, not a SavedModel folder nor a .keras/.h5 model file",
                "activations",
                text.toString(),
                "--input",
                "examples/digits/digit-7.png"
            },
            {
                "examples/digits: is a folder, not an image file",
                "activations",
                SAVED.toString(),
                "--input",
                "examples/digits"
            },
            {
                "examples/digits/digit-7.png: is a file, not a folder of sample images",
                "report",
                "--inputs",
                "examples/digits/digit-7.png",
                "--out",
                dir.resolve("report").toString()
            },
            {
                binary + ": is not a text file: not an architecture or Keras config JSON, a .keras/.h5 file or a"
                        + " SavedModel folder",
                "summary",
                binary.toString()
            },
        };
        for (String[] c : cases) {
            String[] args = Arrays.copyOfRange(c, 1, c.length);
            Cli.Run r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args));
            assertEquals("kerascope: " + c[0], r.firstErrorLine(), String.join(" ", args));
        }
    }

    @Test
    void aKerasFileInsideASavedModelFolderIsReadAsItself() throws Exception {
        Path folder = dir.resolve("sm");
        try (Stream<Path> files = Files.walk(SAVED)) {
            for (Path f : files.toList()) {
                Path to = folder.resolve(SAVED.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        String dense = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"beside\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4], \"name\": \"in\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3}}]}}";
        Path keras = KerasFileFixtures.keras3(
                folder,
                "beside",
                dense,
                Map.of(
                        "layers/dense/vars/0", new Weight(new float[12], 4, 3),
                        "layers/dense/vars/1", new Weight(new float[3], 3)));
        Cli.Run summary = run("summary", keras.toString());
        assertEquals(0, summary.exit(), summary.err());
        assertTrue(summary.out().contains("\"beside\""), "the .keras file's own model: " + summary.out());
        assertFalse(summary.out().contains("conv1"), "not the SavedModel beside it");
    }

    @Test
    void featureMapsOfAModelWithoutMapsSuggestNoLayersToName() {
        Path softmax = SharedData.require(SharedData.root().resolve("savedmodels/tf1_tf111_mnist_softmax"));
        Cli.Run r = run(
                "featuremaps",
                softmax.toString(),
                "--signature",
                "predict_images",
                "--input",
                "examples/digits/digit-7.png",
                "--out",
                dir.resolve("fm").toString());
        assertEquals(2, r.exit(), r.err());
        // a 784 -> 10 softmax regression: its two layers' outputs are (-1, 10), no map to draw, nothing to name
        assertEquals(
                "kerascope: " + softmax + ": has no convolution or pooling layers to draw; no layer's output is a stack"
                        + " of feature maps (layers: MatMul, y)",
                r.firstErrorLine());
    }
}
