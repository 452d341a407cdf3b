package dev.kerascope.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchitectureJsonTest {
    /** Conv2D parameters: kernel rows * cols * input channels * filters, plus one bias per filter. */
    static long conv(int k, int in, int out) {
        return (long) k * k * in * out + out;
    }

    @Test
    void kerasMnistHasTheTutorialsShapesAndParameterCounts() {
        List<LayerShape> shapes = ShapeInference.infer(Architectures.builtIn("keras-mnist"));
        List<String> names = shapes.stream().map(s -> s.layer().name()).toList();
        assertEquals(
                List.of(
                        "input_layer",
                        "conv1",
                        "conv2",
                        "pool1",
                        "conv3",
                        "conv4",
                        "pool2",
                        "conv5",
                        "pool3",
                        "flatten",
                        "dense",
                        "dense_1"),
                names);
        int[][] out = {
            {28, 28, 1},
            {26, 26, 32},
            {24, 24, 32},
            {12, 12, 32},
            {10, 10, 64},
            {8, 8, 64},
            {4, 4, 64},
            {2, 2, 128},
            {1, 1, 128},
            {128},
            {128},
            {10}
        };
        long[] params = {
            0,
            conv(3, 1, 32),
            conv(3, 32, 32),
            0,
            conv(3, 32, 64),
            conv(3, 64, 64),
            0,
            conv(3, 64, 128),
            0,
            0,
            128 * 128 + 128,
            128 * 10 + 10
        };
        for (int i = 0; i < shapes.size(); i++) {
            assertArrayEquals(out[i], shapes.get(i).outputShape(), names.get(i));
            assertEquals(params[i], shapes.get(i).params(), names.get(i));
        }
        assertEquals(36_928, shapes.get(5).params(), "conv4: the tutorial's 96,928 is a typo");
        assertEquals(156_650, ShapeInference.totalParams(shapes));
    }

    @Test
    void everyBuiltInParsesAndTheTutorialsFlattenSizesHold() {
        for (String name : Architectures.BUILT_IN) {
            Architecture a = Architectures.builtIn(name);
            assertEquals(name, a.name());
        }
        List<LayerShape> padded = ShapeInference.infer(Architectures.builtIn("padded-mnist"));
        assertArrayEquals(new int[] {3136}, padded.get(5).outputShape(), "004: 64 x 7 x 7 = 3136");
        assertArrayEquals(new int[] {28, 28, 32}, padded.get(1).outputShape(), "padding 1 keeps 28x28");
    }

    @Test
    void writeThenParseGivesTheSameArchitecture() {
        for (String name : Architectures.BUILT_IN) {
            Architecture a = Architectures.builtIn(name);
            Architecture b = ArchitectureJson.parse(ArchitectureJson.write(a), "round-trip");
            assertEquals(a.layers(), b.layers());
            assertArrayEquals(a.inputShape(), b.inputShape());
            assertEquals(a.training(), b.training());
        }
    }

    @Test
    void namesUnnamedLayersAsKerasDoes() {
        Architecture a = ArchitectureJson.parse(
                """
        {"layers": [
          {"class_name": "Conv2D", "config": {"filters": 4, "kernel_size": 3}},
          {"class_name": "Conv2D", "config": {"filters": 4, "kernel_size": 3}},
          {"class_name": "MaxPooling2D", "config": {}},
          {"class_name": "Flatten"},
          {"class_name": "Dense", "config": {"units": 10, "activation": "softmax"}}
        ]}""",
                "t");
        assertEquals(
                List.of("input_layer", "conv2d", "conv2d_1", "max_pooling2d", "flatten", "dense"),
                a.layers().stream().map(Layer::name).toList());
    }

    private static String oneConv(String conv) {
        return "{\"input_shape\": [2, 2, 1], \"layers\": [" + conv
                + ", {\"class_name\": \"Flatten\"}, {\"class_name\": \"Dense\", \"config\": {\"units\": 2}}]}";
    }

    @Test
    void refusesAConvolutionLargerThanItsInput() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ArchitectureJson.parse(
                        oneConv("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 1, "
                                + "\"kernel_size\": 3}}"),
                        "arch.json"));
        assertTrue(
                e.getMessage().startsWith("arch.json: layer 'c'")
                        && e.getMessage().contains("3x3")
                        && e.getMessage().contains("2x2"),
                e.getMessage());
    }

    @Test
    void refusesUnknownLayerKindsAndSettingsItCannotHonour() {
        BadInputException kind = assertThrows(
                BadInputException.class,
                () -> ArchitectureJson.parse(
                        oneConv("{\"class_name\": \"LSTM\", \"config\": {\"units\": 3}}"), "a.json"));
        assertTrue(kind.getMessage().contains("LSTM") && kind.getMessage().contains("Conv2D"), kind.getMessage());
        BadInputException fmt = assertThrows(
                BadInputException.class,
                () -> ArchitectureJson.parse(
                        oneConv("{\"class_name\": \"Conv2D\", \"config\": {\"filters\": 1, \"kernel_size\": 1, "
                                + "\"data_format\": \"channels_first\"}}"),
                        "a.json"));
        assertTrue(fmt.getMessage().contains("data_format"), fmt.getMessage());
        BadInputException json =
                assertThrows(BadInputException.class, () -> ArchitectureJson.parse("{\"layers\": [", "a.json"));
        assertTrue(json.getMessage().startsWith("a.json: not valid JSON"), json.getMessage());
    }

    @Test
    void refusesDenseOnAnUnflattenedMap() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ArchitectureJson.parse(
                        """
        {"layers": [{"class_name": "Conv2D", "config": {"filters": 2, "kernel_size": 3}},
                    {"class_name": "Dense", "config": {"units": 10}}]}""",
                        "a.json"));
        assertTrue(e.getMessage().contains("Flatten"), e.getMessage());
    }

    @Test
    void stridesAndSamePaddingFollowTensorFlowsArithmetic() {
        Architecture a = ArchitectureJson.parse(
                """
        {"input_shape": [28, 28, 1], "layers": [
          {"class_name": "Conv2D", "config": {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}},
          {"class_name": "Conv2D", "config": {"filters": 2, "kernel_size": 3, "strides": 2}},
          {"class_name": "AveragePooling2D", "config": {"pool_size": 3, "strides": 1, "padding": "same"}},
          {"class_name": "Flatten"}, {"class_name": "Dense", "config": {"units": 2}}]}""",
                "a");
        List<LayerShape> s = ShapeInference.infer(a);
        assertArrayEquals(new int[] {14, 14, 2}, s.get(1).outputShape(), "same: ceil(28 / 2)");
        assertArrayEquals(new int[] {6, 6, 2}, s.get(2).outputShape(), "valid: floor((14 - 3) / 2) + 1");
        assertArrayEquals(new int[] {6, 6, 2}, s.get(3).outputShape());
    }

    @Test
    void refusesLayerNamesThatCouldEscapeAFolder() {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ArchitectureJson.parse(
                        oneConv("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"../../etc/x\", \"filters\": 1, "
                                + "\"kernel_size\": 1}}"),
                        "a.json"));
        assertTrue(e.getMessage().contains("'/'"), e.getMessage());
    }
}
