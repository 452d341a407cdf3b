package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import dev.kerascope.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * summary, convert and activations on Keras files: malformed ones exit 2 in one clean line; good ones convert and read
 * back.
 */
class KerasFileCommandsTest {
    private static final Pattern JAVA_TEXT =
            Pattern.compile("Exception|Error:|Cannot invoke|out of bounds|\\bnull\\b|java\\.|at dev\\.");
    private static final String DENSE = "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
            + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 4], \"name\": \"in\"}},"
            + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\", \"units\": 3}}]}}";

    @TempDir
    Path dir;

    private List<Path> malformed() throws IOException {
        List<Path> out = new ArrayList<>();
        Map<String, Weight> ok = Map.of(
                "layers/dense/vars/0",
                new Weight(new float[12], 4, 3),
                "layers/dense/vars/1",
                new Weight(new float[3], 3));
        Path good = KerasFileFixtures.keras3(dir, "good", DENSE, ok);
        byte[] all = Files.readAllBytes(good);
        out.add(Files.write(dir.resolve("truncated.keras"), Arrays.copyOf(all, all.length / 2)));
        Path bomb = dir.resolve("bomb.keras");
        KerasFileFixtures.zip(bomb, Map.of("config.json", new byte[20 << 20]));
        out.add(bomb);
        Path noConfig = dir.resolve("noconfig.keras");
        KerasFileFixtures.zip(noConfig, Map.of("metadata.json", "{}".getBytes(StandardCharsets.UTF_8)));
        out.add(noConfig);
        byte[] junk = new byte[2048];
        System.arraycopy(new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 42}, 0, junk, 0, 9);
        out.add(Files.write(dir.resolve("superblock.h5"), junk));
        out.add(KerasFileFixtures.keras3(
                dir,
                "shape",
                DENSE,
                Map.of(
                        "layers/dense/vars/0",
                        new Weight(new float[15], 5, 3),
                        "layers/dense/vars/1",
                        new Weight(new float[3], 3))));
        out.add(KerasFileFixtures.keras3(dir, "unknown", DENSE.replace("\"Dense\"", "\"GRU\""), ok));
        out.add(KerasFileFixtures.keras3(dir, "wrongtypes", DENSE.replace("[null, 4]", "\"four\""), ok));
        return out;
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
    void malformedKerasFilesExit2InOneCleanLine() throws IOException {
        Path png = Path.of("examples/digits/digit-7.png");
        for (Path m : malformed()) {
            String name = m.getFileName().toString();
            assertClean(name + " summary", "summary", m.toString());
            assertClean(
                    name + " convert",
                    "convert",
                    m.toString(),
                    "--out",
                    dir.resolve("out").toString());
            assertClean(name + " activations", "activations", m.toString(), "--input", png.toString());
            assertFalse(Files.exists(dir.resolve("out")), name + ": no output for a file that cannot be read");
        }
    }

    @Test
    void convertWritesASavedModelWhoseSummaryIsTheFiles() {
        Path h5 = SharedData.require(
                SharedData.root().resolve("keras-files/keras2_k240_cifar10_resnet8_add_bn_avgpool.h5"));
        Path out = dir.resolve("resnet");
        Cli convert = new Cli();
        assertEquals(
                0,
                convert.run("convert", h5.toString(), "--out", out.toString()).exit(),
                convert.err());
        Cli a = new Cli();
        Cli b = new Cli();
        String fromFile = a.run("summary", h5.toString()).out();
        String fromSaved = b.run("summary", out.toString()).out();
        assertTrue(
                fromFile.contains("Total params: 78,666\n"), fromFile); // Keras 2.4.0 saved it: the TF 2.0-2.6 layout
        assertEquals(fromFile, fromSaved);
    }

    @Test
    void convertNeverReplacesAFolderOfOtherFilesNorAFile() throws IOException {
        Map<String, Weight> weights = Map.of(
                "layers/dense/vars/0",
                new Weight(new float[12], 4, 3),
                "layers/dense/vars/1",
                new Weight(new float[3], 3));
        Path src = Files.createDirectories(dir.resolve("src"));
        Path model = KerasFileFixtures.keras3(src, "m", DENSE, weights);
        Files.writeString(src.resolve("notes.txt"), "mine");
        Cli intoSource = new Cli();
        assertEquals(
                2,
                intoSource
                        .run("convert", model.toString(), "--out", src.toString())
                        .exit());
        assertTrue(
                intoSource
                        .firstErrorLine()
                        .contains(src + ": holds files that are not a kerascope converted SavedModel"),
                intoSource.err());
        assertTrue(intoSource.firstErrorLine().endsWith("; choose another --out"), intoSource.err());
        assertTrue(Files.isRegularFile(model), "the model being read is still there");
        assertEquals("mine", Files.readString(src.resolve("notes.txt")));
        Path text = Files.writeString(dir.resolve("text.txt"), "t");
        Cli intoFile = new Cli();
        assertEquals(
                2,
                intoFile.run("convert", model.toString(), "--out", text.toString())
                        .exit());
        assertEquals("kerascope: " + text + ": is a file, not a folder", intoFile.firstErrorLine());
        Path out = dir.resolve("converted");
        for (int run = 0; run < 2; run++) { // the second run replaces the first one's folder: kerascope's own
            Cli convert = new Cli();
            assertEquals(
                    0,
                    convert.run("convert", model.toString(), "--out", out.toString())
                            .exit(),
                    convert.err());
        }
        assertTrue(Files.isRegularFile(out.resolve("saved_model.pb")));
    }

    @Test
    void aKerasFileChangedAfterItWasWrittenExits2NamingTheMember() throws IOException {
        Map<String, Weight> ok = Map.of(
                "layers/dense/vars/0",
                new Weight(KerasFileFixtures.values(12, 1), 4, 3),
                "layers/dense/vars/1",
                new Weight(KerasFileFixtures.values(3, 2), 3));
        byte[] zip = Files.readAllBytes(KerasFileFixtures.keras3(dir, "stored", DENSE, ok, ZipEntry.STORED));
        byte[] hdf5 = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
        int h5 = indexOf(zip, hdf5);
        for (int k = 0; k < 16; k++) {
            zip[h5 + 600 + k] ^= (byte) 0xff; // inside the member (jHDF writes over 1 KB for two small datasets)
        }
        Path changed = Files.write(dir.resolve("changed.keras"), zip);
        String expected = "kerascope: " + changed
                + ": damaged: model.weights.h5 does not match its CRC-32 (the file was changed after it was written)";
        List<List<String>> runs = List.of(
                List.of("summary", changed.toString()),
                List.of(
                        "convert",
                        changed.toString(),
                        "--out",
                        dir.resolve("converted").toString()),
                List.of("activations", changed.toString(), "--input", "examples/digits/digit-7.png"));
        for (List<String> args : runs) {
            Cli cli = new Cli();
            assertEquals(2, cli.run(args.toArray(new String[0])).exit(), args + ": " + cli.err());
            assertEquals(expected, cli.firstErrorLine(), args.get(0));
        }
    }

    @Test
    void errorsAboutASharedKerasFileNameItNotTheConvertedFolder() {
        Path keras = SharedData.require(SharedData.root().resolve("keras-files/keras3_392_mnist_cnn.keras"));
        Path h5 = SharedData.require(SharedData.root().resolve("keras-files/keras2_tf20_mnist_cnn.h5"));
        String png = "examples/digits/digit-7.png";
        List<List<String>> runs = List.of(
                List.of("activations", keras.toString(), "--input", png, "--layers", "nope"),
                List.of("activations", h5.toString(), "--input", png, "--tags", "foo"),
                List.of("activations", h5.toString(), "--input", png, "--signature", "foo"),
                List.of(
                        "report",
                        keras.toString(),
                        "--out",
                        dir.resolve("report").toString(),
                        "--tags",
                        "foo"));
        for (List<String> args : runs) {
            Cli cli = new Cli();
            assertEquals(2, cli.run(args.toArray(new String[0])).exit(), args + ": " + cli.err());
            String first = cli.firstErrorLine();
            assertTrue(first.contains(args.get(1)), args + ": " + first);
            assertFalse(first.contains("kerascope-keras-") || first.contains("saved_model"), args + ": " + first);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
