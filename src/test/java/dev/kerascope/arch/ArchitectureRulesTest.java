package dev.kerascope.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The architecture file's rules at their edges: what is accepted exactly at a limit and refused just past it. */
class ArchitectureRulesTest {
    @TempDir
    Path dir;

    /** One layer (a JSON object) between the input and a Flatten + Dense head. */
    static String withLayer(String layer) {
        return "{\"input_shape\": [8, 8, 1], \"layers\": [" + layer
                + ", {\"class_name\": \"Flatten\"}, {\"class_name\": \"Dense\", \"config\": {\"units\": 2}}]}";
    }

    static String conv(String extra) {
        return "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 1, \"kernel_size\": 3" + extra
                + "}}";
    }

    static String refusal(String json) {
        return assertThrows(BadInputException.class, () -> ArchitectureJson.parse(json, "a.json"))
                .getMessage();
    }

    @Test
    void unsupportedSettingsAreRefusedAndTheirKerasDefaultsAccepted() {
        assertTrue(refusal(withLayer(conv(", \"data_format\": \"channels_first\"")))
                .contains("c.data_format"));
        assertTrue(refusal(withLayer(conv(", \"dilation_rate\": 2"))).contains("c.dilation_rate = 2 is not supported"));
        assertTrue(refusal(withLayer(conv(", \"dilation_rate\": [1, 2]"))).contains("c.dilation_rate"));
        assertTrue(refusal(withLayer(conv(", \"dilation_rate\": [2, 1]"))).contains("c.dilation_rate"));
        assertTrue(
                refusal(withLayer(conv(", \"dilation_rate\": \"1\""))).contains("c.dilation_rate"),
                "neither an int nor a list");
        assertTrue(refusal(withLayer(conv(", \"groups\": 2"))).contains("c.groups"));
        assertTrue(refusal(withLayer(conv(", \"kernel_initializer\": {\"class_name\": \"HeNormal\"}")))
                .contains("c.kernel_initializer"));
        assertTrue(refusal(withLayer(conv(", \"bias_initializer\": \"ones\""))).contains("c.bias_initializer"));
        for (String ok : List.of(
                ", \"data_format\": \"channels_last\"",
                ", \"dilation_rate\": [1, 1]",
                ", \"dilation_rate\": 1",
                ", \"groups\": 1",
                ", \"kernel_initializer\": {\"class_name\": \"GlorotUniform\"}",
                ", \"kernel_initializer\": \"glorot_uniform\"",
                ", \"bias_initializer\": {\"class_name\": \"Zeros\"}",
                ", \"dilation_rate\": null")) {
            ArchitectureJson.parse(withLayer(conv(ok)), "a.json");
        }
    }

    @Test
    void layerNamesMayHoldSpacesButNotControlCharacters() {
        assertEquals(
                "a b",
                ArchitectureJson.parse(withLayer(conv("").replace("\"c\"", "\"a b\"")), "a")
                        .layers()
                        .get(1)
                        .name());
        assertTrue(
                refusal(withLayer(conv("").replace("\"c\"", "\"a\\u001fb\""))).contains("control characters"));
        assertTrue(
                refusal(withLayer(conv("").replace("\"c\"", "\"a\\u007fb\""))).contains("control characters"));
        assertTrue(refusal(withLayer(conv("").replace("\"c\"", "\" \""))).contains("empty name"));
    }

    @Test
    void dropoutRatesAreAcceptedFromZeroUpToButNotIncludingOne() {
        String drop = "{\"class_name\": \"Dropout\", \"config\": {\"name\": \"d\", \"rate\": %s}}";
        assertEquals(
                0.0,
                ((Layer.Dropout) ArchitectureJson.parse(withLayer(String.format(drop, "0")), "a")
                                .layers()
                                .get(1))
                        .rate());
        assertEquals(
                0.999,
                ((Layer.Dropout) ArchitectureJson.parse(withLayer(String.format(drop, "0.999")), "a")
                                .layers()
                                .get(1))
                        .rate());
        assertTrue(refusal(withLayer(String.format(drop, "1"))).contains("d.rate must be in [0, 1)"));
        assertTrue(refusal(withLayer(String.format(drop, "-0.1"))).contains("d.rate"));
        assertTrue(refusal(withLayer("{\"class_name\": \"Dropout\", \"config\": {\"name\": \"d\"}}"))
                .contains("d.rate"));
        assertEquals("Dropout", new Layer.Dropout("d", 0.5).className());
    }

    @Test
    void explicitPaddingOfZeroIsAcceptedAndNegativeRefusedOnEitherAxis() {
        Layer.Conv2D c = (Layer.Conv2D) ArchitectureJson.parse(withLayer(conv(", \"padding\": [0, 1]")), "a")
                .layers()
                .get(1);
        assertEquals(Padding.explicit(0, 1), c.padding());
        c = (Layer.Conv2D) ArchitectureJson.parse(withLayer(conv(", \"padding\": [1, 0]")), "a")
                .layers()
                .get(1);
        assertEquals(Padding.explicit(1, 0), c.padding());
        assertTrue(refusal(withLayer(conv(", \"padding\": [-1, 0]"))).contains("must not be negative"));
        assertTrue(refusal(withLayer(conv(", \"padding\": [0, -1]"))).contains("must not be negative"));
    }

    @Test
    void inputDimensionsRunFromOneTo65536() {
        String head =
                ", \"layers\": [{\"class_name\": \"Flatten\"}, {\"class_name\": \"Dense\", \"config\": {\"units\": "
                        + "2}}]}";
        assertArrayEquals(
                new int[] {65536, 1, 1},
                ArchitectureJson.parse("{\"input_shape\": [65536, 1, 1]" + head, "a")
                        .inputShape());
        assertArrayEquals(
                new int[] {1, 1, 1},
                ArchitectureJson.parse("{\"input_shape\": [1, 1, 1]" + head, "a")
                        .inputShape());
        assertTrue(refusal("{\"input_shape\": [65537, 1, 1]" + head).contains("impossible dimension"));
        assertTrue(refusal("{\"input_shape\": [1, 0, 1]" + head).contains("impossible dimension"));
    }

    @Test
    void aLayerOutputOfExactly2To28ElementsIsAcceptedAndOneMoreRefused() {
        String head =
                ", \"layers\": [{\"class_name\": \"Flatten\"}, {\"class_name\": \"Dense\", \"config\": {\"units\": "
                        + "2}}]}";
        // 16384 × 16384 × 1 = 2^28 elements per image: the limit itself.
        assertEquals(
                3,
                ArchitectureJson.parse("{\"input_shape\": [16384, 16384, 1]" + head, "a")
                        .layers()
                        .size());
        assertTrue(refusal("{\"input_shape\": [16384, 16385, 1]" + head)
                .contains("output (None, 16384, 16385, 1) is too large"));
    }

    @Test
    void convolutionsAndPoolsAfterFlattenOrOnTooSmallMapsAreRefusedWithTheShape() {
        String afterFlatten =
                "{\"input_shape\": [8, 8, 1], \"layers\": [{\"class_name\": \"Flatten\", \"config\": {\"name\": "
                        + "\"f\"}}, %s,"
                        + " {\"class_name\": \"Dense\", \"config\": {\"units\": 2}}]}";
        assertEquals(
                "a.json: layer 'c' (Conv2D): Conv2D needs a (rows, cols, channels) input but gets (None, 64) (it "
                        + "comes after Flatten)",
                refusal(String.format(afterFlatten, conv(""))));
        assertTrue(refusal(String.format(
                        afterFlatten, "{\"class_name\": \"MaxPooling2D\", \"config\": {\"name\": \"p\"}}"))
                .contains("layer 'p' (MaxPooling2D): MaxPooling2D needs a (rows, cols, channels) input but gets "
                        + "(None, 64)"));
        assertEquals(
                "a.json: layer 'p' (MaxPooling2D): a 9x9 pooling does not fit its 8x8 input",
                refusal(withLayer(
                        "{\"class_name\": \"MaxPooling2D\", \"config\": {\"name\": \"p\", \"pool_size\": 9}}")));
        assertEquals(
                "a.json: layer 'dense' (Dense): Dense needs a flat input but gets (None, 6, 6, 1); put a Flatten "
                        + "layer before it",
                refusal("{\"input_shape\": [8, 8, 1], \"layers\": [" + conv("")
                        + ", {\"class_name\": \"Dense\", \"config\": {\"units\": 2}}]}"));
    }

    @Test
    void withoutATrainingBlockKerasDefaultsApplyAndPartialBlocksAreFilledIn() {
        assertSame(
                TrainingDefaults.KERAS,
                ArchitectureJson.parse(withLayer(conv("")), "a").training());
        String partial = withLayer(conv(""))
                .replaceFirst("\\}$", ", \"training\": {\"epochs\": 7, \"preprocessing\": {\"std\": 0.5}}}");
        TrainingDefaults t = ArchitectureJson.parse(partial, "a").training();
        assertEquals(new TrainingDefaults("mnist", 7, 32, 1e-3, 1.0 / 255, 0.0, 0.5), t);
    }

    @Test
    void theAutomaticInputLayerAvoidsATakenName() {
        Architecture a = ArchitectureJson.parse(withLayer(conv("").replace("\"c\"", "\"input_layer\"")), "a");
        assertEquals(
                List.of("input_layer_1", "input_layer", "flatten", "dense"),
                a.layers().stream().map(Layer::name).toList());
        Architecture b = ArchitectureJson.parse(
                "{\"input_shape\": [8, 8, 1], \"layers\": [" + conv("").replace("\"c\"", "\"input_layer\"") + ", "
                        + conv("").replace("\"c\"", "\"input_layer_1\"")
                        + ", {\"class_name\": \"Flatten\"}, {\"class_name\": \"Dense\", \"config\": {\"units\": 2}}]}",
                "b");
        assertEquals("input_layer_2", b.layers().get(0).name());
        assertTrue(refusal(withLayer(conv("").replace("\"filters\": 1", "\"filters\": \"many\"")))
                .contains("c.filters must be a positive integer, got \"many\""));
        assertTrue(refusal(withLayer(conv("").replace("\"filters\": 1, ", "")))
                .contains("c.filters must be a positive integer, got nothing"));
    }

    @Test
    void writingAndReadingBackGivesTheSameLayers() {
        for (Architecture a : List.of(
                OddSizes.architecture(), Architectures.builtIn("padded-mnist"), Architectures.builtIn("keras-mnist"))) {
            Architecture back = ArchitectureJson.parse(ArchitectureJson.write(a), "back");
            assertEquals(a.layers(), back.layers(), a.name());
            assertEquals(a.training(), back.training(), a.name());
            assertEquals(a.description(), back.description());
            assertEquals(a.modelName(), back.modelName());
            assertArrayEquals(a.inputShape(), back.inputShape());
        }
        Architecture noDescription = ArchitectureJson.parse(withLayer(conv("")), "a");
        assertTrue(!ArchitectureJson.write(noDescription).contains("description"), "an empty description is left out");
        assertTrue(ArchitectureJson.write(OddSizes.architecture()).contains("\"padding\" : \"same\""));
    }

    @Test
    void architecturesResolveByNameOrFileAndRefuseMissingAndHugeFiles() throws Exception {
        Path file = Files.writeString(dir.resolve("arch.json"), withLayer(conv("")));
        assertEquals(file.toString(), Architectures.resolve(file.toString()).source());
        assertEquals("built-in:tiny-mnist", Architectures.resolve("tiny-mnist").source());
        assertTrue(!Architectures.isBuiltIn("arch.json") && Architectures.isBuiltIn("keras-mnist"));
        assertTrue(assertThrows(BadInputException.class, () -> Architectures.fromFile(dir.resolve("none.json")))
                .getMessage()
                .contains("no such architecture file"));
        assertTrue(assertThrows(BadInputException.class, () -> Architectures.builtIn("resnet"))
                .getMessage()
                .contains("unknown architecture 'resnet'"));
        // Exactly 1 MiB is still read; one byte more is refused before reading.
        String json = withLayer(conv(""));
        Path limit = Files.writeString(dir.resolve("limit.json"), json + " ".repeat((1 << 20) - json.length()));
        assertEquals(4, Architectures.fromFile(limit).layers().size());
        Path big = Files.writeString(dir.resolve("big.json"), json + " ".repeat((1 << 20) - json.length() + 1));
        assertTrue(assertThrows(BadInputException.class, () -> Architectures.fromFile(big))
                .getMessage()
                .contains("1048577 bytes, too large"));
    }

    @Test
    void layersAreFoundByNameAndShapesCountTheirElements() {
        Architecture a = OddSizes.architecture();
        assertEquals("pool1", a.layer("pool1").name());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> a.layer("nope"))
                .getMessage()
                .contains("layers: input_layer, conv1"));
        assertEquals("dense", a.lastLayer().name());
        TrainingDefaults t = new TrainingDefaults("fashion-mnist", 1, 8, 0.01, 1, 0, 1);
        assertSame(t, a.withTraining(t).training());
        LayerShape s = ShapeInference.infer(a).get(1);
        assertEquals(16L * 14 * 8, s.outputElements());
        assertEquals("conv1 [16, 14, 8] 224", s.toString());
    }

    @Test
    void activationsParseAsKerasNamesThem() {
        assertEquals(Activation.LINEAR, Activation.parse(null));
        assertEquals(Activation.LINEAR, Activation.parse("None"));
        assertEquals(Activation.LINEAR, Activation.parse(""));
        assertEquals(Activation.RELU, Activation.parse("ReLU"));
        assertEquals(Activation.TANH, Activation.parse("tanh"));
        assertEquals(Activation.SIGMOID, Activation.parse("sigmoid"));
        assertEquals("softmax", Activation.parse("softmax").kerasName());
        assertTrue(refusal(withLayer(conv(", \"activation\": \"gelu\""))).contains("c: unknown activation 'gelu'"));
    }
}
