package dev.kerascope.arch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import org.junit.jupiter.api.Test;

/**
 * Architecture files as Keras writes layer configs: input shapes in every spelling, and every config key honoured or
 * refused.
 */
class ArchitectureKerasConfigTest {
    private static final String TAIL =
            ", {\"class_name\": \"Flatten\"}, {\"class_name\": \"Dense\", \"config\": {\"units\": 2}}]}";

    private static Architecture parse(String json) {
        return ArchitectureJson.parse(json, "arch.json");
    }

    private static String refused(String json) {
        return assertThrows(BadInputException.class, () -> parse(json)).getMessage();
    }

    @Test
    void deepNestingIsRefusedWithTheDepthNotANullPointer() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        String m = refused("{\"layers\": " + deep + "}");
        assertEquals("arch.json: JSON nesting depth over 64 (an architecture file nests four levels)", m);
        assertTrue(refused("[".repeat(65)).contains("depth over 64"));
    }

    @Test
    void keras3BatchShapeOfTheInputLayerIsTheInput() {
        String in = "{\"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 2, 2, 1], "
                + "\"name\": \"in\"}}, ";
        String m = refused(
                in + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 1, \"kernel_size\": 3}}"
                        + TAIL);
        assertTrue(m.contains("3x3") && m.contains("2x2"), m);
        Architecture a =
                parse(in + "{\"class_name\": \"Conv2D\", \"config\": {\"filters\": 1, \"kernel_size\": 1}}" + TAIL);
        assertArrayEquals(new int[] {2, 2, 1}, a.inputShape());
    }

    @Test
    void keras2BatchInputShapeOnTheInputLayerOrTheFirstLayerIsTheInput() {
        Architecture a = parse("{\"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\":"
                + " {\"class_name\": \"__tuple__\", \"items\": [null, 5, 6, 3]}, \"dtype\": \"float32\", \"sparse\": "
                + "false, \"ragged\": false}}"
                + ", {\"class_name\": \"Conv2D\", \"config\": {\"filters\": 1, \"kernel_size\": 1}}" + TAIL);
        assertArrayEquals(new int[] {5, 6, 3}, a.inputShape());
        Architecture b =
                parse("{\"layers\": [{\"class_name\": \"Conv2D\", \"config\": {\"batch_input_shape\": [null, 2, 2, 1],"
                        + " \"filters\": 1, \"kernel_size\": 2}}" + TAIL);
        assertArrayEquals(new int[] {2, 2, 1}, b.inputShape());
        String m = refused(
                "{\"layers\": [{\"class_name\": \"Conv2D\", \"config\": {\"batch_input_shape\": [null, 2, 2, 1],"
                        + " \"filters\": 1, \"kernel_size\": 3}}" + TAIL);
        assertTrue(m.contains("3x3") && m.contains("2x2"), m);
    }

    @Test
    void inputShapesThatDisagreeOrCannotBeUsedAreRefusedWithTheReason() {
        String conv = ", {\"class_name\": \"Conv2D\", \"config\": {\"filters\": 1, \"kernel_size\": 1}}" + TAIL;
        assertTrue(refused("{\"input_shape\": [28, 28, 1], \"layers\": [{\"class_name\": \"InputLayer\", \"config\": "
                        + "{\"batch_shape\": [null, 2, 2, 1]}}"
                        + conv)
                .contains("disagrees"));
        assertTrue(
                refused("{\"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [32, 2, 2, 1]}}"
                                + conv)
                        .contains("batch dimension free"));
        assertTrue(
                refused("{\"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, null, 2, "
                                + "1]}}"
                                + conv)
                        .contains("fixed rows, cols and channels"));
        assertTrue(
                refused("{\"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"shape\": [1099511627776, 2, 1]}}"
                                + conv)
                        .contains("impossible dimension 1099511627776"));
        assertTrue(refused("{\"layers\": [{\"class_name\": \"InputLayer\"}, {\"class_name\": \"Conv2D\", \"config\": "
                        + "{\"filters\": 1,"
                        + " \"kernel_size\": 1, \"input_shape\": [2, 2, 1]}}" + TAIL)
                .contains("only the first layer"));
    }

    @Test
    void aFullKeras3ConfigWithItsDefaultsIsRead() {
        Architecture a = parse(
                """
        {"layers": [
          {"module": "keras.layers", "class_name": "InputLayer", "registered_name": null, "config":
            {"batch_shape": [null, 8, 8, 1], "dtype": "float32", "sparse": false, "name": "input_layer"}},
          {"module": "keras.layers", "class_name": "Conv2D", "registered_name": null,
            "build_config": {"input_shape": [null, 8, 8, 1]},
           "config": {"name": "conv2d", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy",
            "config": {"name": "float32"}, "registered_name": null}, "filters": 2, "kernel_size": [3, 3],
              "strides": [1, 1],
            "padding": "valid", "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1,
              "activation": "relu",
            "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name": "GlorotUniform",
            "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module": "keras.initializers",
            "class_name": "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null,
              "bias_regularizer": null,
            "activity_regularizer": null, "kernel_constraint": null, "bias_constraint": null}},
          {"class_name": "MaxPooling2D", "config": {"name": "p", "trainable": true, "dtype": "float32",
            "pool_size": [2, 2],
            "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}},
          {"class_name": "Flatten", "config": {"name": "f", "trainable": true, "dtype": "float32",
            "data_format": "channels_last"}},
          {"class_name": "Dropout", "config": {"name": "d", "trainable": true, "dtype": "float32", "rate": 0.5,
            "seed": null, "noise_shape": null}},
          {"class_name": "Dense", "config": {"name": "out", "trainable": true, "dtype": "float32", "units": 3,
            "activation": "softmax",
            "use_bias": true, "kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null,
              "bias_constraint": null}}
        ]}""");
        assertArrayEquals(new int[] {8, 8, 1}, a.inputShape());
        assertEquals(6, a.layers().size());
    }

    @Test
    void keysKerasDoesNotDefineAndSettingsKerascopeWouldIgnoreAreRefused() {
        String pre =
                "{\"input_shape\": [4, 4, 1], \"layers\": [{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", "
                        + "\"filters\": 1, \"kernel_size\": 1, ";
        assertTrue(refused(pre + "\"kernal_size\": 3}}" + TAIL)
                .contains("'kernal_size' is not a config key of Keras's Conv2D"));
        assertTrue(refused(pre + "\"units\": 3}}" + TAIL).contains("'units' is not a config key"));
        assertTrue(refused(pre + "\"trainable\": false}}" + TAIL).contains("kerascope trains every layer"));
        assertTrue(refused(pre + "\"kernel_regularizer\": {\"class_name\": \"L2\"}}}" + TAIL)
                .contains("regularizers are not implemented"));
        assertTrue(refused(pre + "\"dtype\": \"float16\"}}" + TAIL).contains("float32"));
        assertTrue(
                refused(pre + "\"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\": {\"seed\": 3}}}}"
                                + TAIL)
                        .contains("seeds initialisers from the run's seed"));
        assertTrue(
                refused("{\"layers\": [{\"class_name\": \"Dropout\", \"config\": {\"rate\": 0.2, \"seed\": 7}}" + TAIL)
                        .contains("from the run's seed"));
        assertTrue(refused("{\"layers\": [{\"class_name\": \"Flatten\", \"config\": {}, \"inbound_nodes\": []}, "
                        + "{\"class_name\": \"Dense\", \"config\": {\"units\": 2}}]}")
                .contains("Functional graph is not read"));
    }
}
