package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.Kerascope;
import dev.kerascope.testing.Cli;
import java.awt.image.BufferedImage;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The options the README documents for activations and inspect, one run per assertion with fresh streams. Printed
 * statistics are checked against the library fed an input preprocessed here by hand.
 */
class ActivationsOptionsTest {
    static final Path MODEL = Path.of("saved-models/keras-mnist/saved_model");
    static final Path DIGIT = Path.of("examples/digits/digit-7.png");

    @TempDir
    Path dir;

    static Cli.Run run(String... args) {
        return new Cli().run(args);
    }

    static String line(Cli.Run r, String layer) {
        return r.out()
                .lines()
                .filter(l -> l.startsWith(layer + " "))
                .findFirst()
                .orElseThrow(() -> new AssertionError(layer + " not in\n" + r.out()));
    }

    /**
     * The line activations would print for conv1 on the digit preprocessed as (pixel × scale − mean) / std, computed
     * here.
     */
    static String expectedConv1(double scale, double mean, double std) throws Exception {
        BufferedImage img = ImageIO.read(DIGIT.toFile());
        float[] x = new float[28 * 28];
        for (int y = 0; y < 28; y++) {
            for (int c = 0; c < 28; c++) {
                x[y * 28 + c] = (float) ((img.getRaster().getSample(c, y, 0) * scale - mean) / std);
            }
        }
        try (Kerascope.Model m = Kerascope.open(MODEL)) {
            float[] v = m.activations(x, 1, "conv1").get("conv1").values();
            double min = Double.MAX_VALUE, max = -Double.MAX_VALUE, sum = 0;
            for (float f : v) {
                min = Math.min(min, f);
                max = Math.max(max, f);
                sum += f;
            }
            return String.format(Locale.ROOT, "min %9.4f  max %9.4f  mean %9.4f", min, max, sum / v.length);
        }
    }

    @Test
    void scaleWrittenAsAFractionIsOneOver255() throws Exception {
        Cli.Run r = run("activations", "--input", DIGIT.toString(), "--layers", "conv1", "--scale", "1/255");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("input x * 0.00392157, given on the command line"), r.out());
        assertTrue(line(r, "conv1").contains(expectedConv1(1 / 255.0, 0, 1)), line(r, "conv1"));
    }

    @Test
    void normalizeSubtractsTheMeanAndDividesByTheStd() throws Exception {
        Cli.Run r = run("activations", "--input", DIGIT.toString(), "--layers", "conv1", "--normalize", "0.5,0.25");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("input (x * 0.00392157 - 0.5) / 0.25"), r.out());
        assertTrue(line(r, "conv1").contains(expectedConv1(1 / 255.0, 0.5, 0.25)), line(r, "conv1"));
    }

    @Test
    void rawIsTheLayerBeforeItsReluSoItHasNegativeValues() {
        Cli.Run r = run("activations", "--input", DIGIT.toString(), "--layers", "conv1", "--raw");
        assertEquals(0, r.exit(), r.err());
        assertTrue(line(r, "conv1").contains("min    0.0000"), line(r, "conv1"));
        String raw = line(r, "conv1:raw");
        double min = Double.parseDouble(raw.replaceAll(".*min +(-?[0-9.]+).*", "$1"));
        assertTrue(min < 0, raw);
    }

    @Test
    void aTensorByNameIsFetchedAndAnUnknownOneNamed() {
        Cli.Run r = run("activations", "--input", DIGIT.toString(), "--layers", "conv1", "--tensor", "conv1/Relu:0");
        assertEquals(0, r.exit(), r.err());
        assertEquals(
                line(r, "conv1").substring(29),
                line(r, "tensor:conv1/Relu:0").substring(29),
                "the ReLU's tensor is the layer");
        Cli.Run bad = run("activations", "--input", DIGIT.toString(), "--tensor", "nope:0");
        assertEquals(2, bad.exit());
        assertEquals("kerascope: " + MODEL + ": has no tensor nope:0", bad.firstErrorLine());
    }

    @Test
    void aTensorIsFetchedBesideEveryLayerAndItsRawValueNotInsteadOfThem() {
        Cli.Run layers = run("activations", "--input", DIGIT.toString(), "--raw");
        assertEquals(0, layers.exit(), layers.err());
        Cli.Run both = run("activations", "--input", DIGIT.toString(), "--raw", "--tensor", "conv1/Relu:0");
        assertEquals(0, both.exit(), both.err());
        List<String> rows = statRows(layers);
        assertTrue(rows.contains("conv1") && rows.contains("conv1:raw"), rows.toString());
        List<String> expected = new ArrayList<>(rows);
        expected.add("tensor:conv1/Relu:0");
        assertEquals(expected, statRows(both), "--tensor adds to the layers and --raw, as its help says");
    }

    @Test
    void commaListsTakeSpacesAfterTheCommasAndCountsAreSingularForOne() {
        Cli.Run spaced = run("activations", "--input", DIGIT.toString(), "--layers", "conv1, conv2 ,pool1");
        assertEquals(0, spaced.exit(), spaced.err());
        assertEquals(List.of("conv1", "conv2", "pool1"), statRows(spaced));
        Cli.Run one = run(
                "activations",
                "--input",
                DIGIT.toString(),
                "--layers",
                "conv1",
                "--tags",
                " serve ",
                "--npy",
                dir.resolve("npy").toString());
        assertEquals(0, one.exit(), one.err());
        assertTrue(one.out().contains("wrote 1 layer .npy file, the input and index.json to "), one.out());
    }

    /** The first word of each statistics row (every line after the input and precision lines). */
    static List<String> statRows(Cli.Run r) {
        return r.out()
                .lines()
                .skip(2)
                .filter(l -> !l.startsWith("note:"))
                .map(l -> l.split(" ")[0])
                .toList();
    }

    @Test
    void anUnknownSignatureIsRefusedListingTheOthers() {
        Cli.Run r = run("activations", "--input", DIGIT.toString(), "--signature", "nope");
        assertEquals(2, r.exit());
        assertEquals(
                "kerascope: " + MODEL + ": has no signature 'nope' (signatures: serving_default)", r.firstErrorLine());
    }

    @Test
    void aScaleOfZeroIsRefusedNamingTheFlag() {
        Cli.Run r = run("activations", "--input", DIGIT.toString(), "--scale", "0");
        assertEquals(2, r.exit());
        assertEquals(
                "kerascope: Invalid value for option '--scale': '0' is not above 0 (see kerascope activations --help)",
                r.firstErrorLine());
    }

    @Test
    void jpegGifAndBmpAreReadLikeThePng() throws Exception {
        BufferedImage img = ImageIO.read(DIGIT.toFile());
        BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        grey.getGraphics().drawImage(img, 0, 0, null);
        String png = line(run("activations", "--input", DIGIT.toString(), "--layers", "conv1"), "conv1");
        for (String format : new String[] {"gif", "bmp", "jpeg"}) {
            Path f = dir.resolve("digit." + format);
            assertTrue(ImageIO.write(grey, format, f.toFile()), format);
            Cli.Run r = run("activations", "--input", f.toString(), "--layers", "conv1");
            assertEquals(0, r.exit(), format + ": " + r.err());
            assertTrue(r.out().startsWith("input: " + f + " (28x28"), r.out());
            if (!format.equals("jpeg")) { // lossless: the same pixels, the same numbers
                assertEquals(png, line(r, "conv1"), format);
            }
        }
    }

    @Test
    void imagesOver64MegabytesAreRefusedBeforeDecoding() throws Exception {
        Path big = dir.resolve("big.png");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L * 1024 * 1024 + 1); // sparse: nothing is written
        }
        Cli.Run r = run("activations", "--input", big.toString());
        assertEquals(2, r.exit());
        assertEquals("kerascope: " + big + ": is 67108865 bytes; images over 64 MB are refused", r.firstErrorLine());
    }

    @Test
    void inspectJsonDescribesTheSignatureAndEveryVariable() throws Exception {
        Cli.Run r = run("inspect", MODEL.toString(), "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode in = j.get("signatures").get(0).get("inputs").get(0);
        assertEquals("input_layer", in.get("key").asText());
        assertEquals("[-1,28,28,1]", in.get("shape").toString());
        assertEquals(
                "dense_1/output:0",
                j.get("signatures")
                        .get(0)
                        .get("outputs")
                        .get(0)
                        .get("tensorName")
                        .asText());
        // keras-mnist: 7 layers with a kernel and a bias; conv1's kernel 3·3·1·32 float32 = 1152 bytes.
        assertEquals(14, j.get("variables").size());
        assertEquals(1152, j.get("variables").get(0).get("bytes").asInt());
        long params = 0;
        for (JsonNode v : j.get("variables")) {
            params += v.get("bytes").asLong() / 4;
        }
        assertEquals(156_650, params, "the summary's total, from the variables");
    }

    @Test
    void anAssumedPreprocessingNamesTheOptionsThatOverrideIt() {
        Path cifar = dev.kerascope.testing.SharedData.require(
                dev.kerascope.testing.SharedData.root().resolve("savedmodels/keras2_tf214_cifar10_cnn_c32_d32"));
        Cli.Run assumed = run("activations", cifar.toString(), "--input", DIGIT.toString(), "--layers", "conv2d");
        assertEquals(0, assumed.exit(), assumed.err());
        String first = assumed.out().lines().findFirst().orElse("");
        assertTrue(first.contains("assumed:") && first.endsWith("(override with --scale/--normalize)"), first);
        Cli.Run recorded = run("activations", "--input", DIGIT.toString(), "--layers", "conv1");
        String line = recorded.out().lines().findFirst().orElse("");
        assertTrue(
                line.contains("recorded in") && !line.contains("override"),
                "the shipped model records its own: " + line);
    }
}
