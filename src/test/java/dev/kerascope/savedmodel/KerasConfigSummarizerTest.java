package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.app.ModelSource;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.ModelSummary.Layout;
import dev.kerascope.summary.SummaryPrinter;
import dev.kerascope.summary.SummaryRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code summary model.json} for what {@code model.to_json()} writes, Keras 2 and Keras 3. */
class KerasConfigSummarizerTest {
    @TempDir
    Path dir;

    private ModelSummary summarize(String json) throws Exception {
        Path f = dir.resolve("model.json");
        Files.writeString(f, json.replace('`', '"'));
        return ModelSource.resolve(f.toString()).summary();
    }

    private static String tensor(String layer) {
        return "{`args`: [{`class_name`: `__keras_tensor__`, `config`: {`shape`: [], `dtype`: `float32`, "
                + "`keras_history`: [`"
                + layer + "`, 0, 0]}}], `kwargs`: {}}";
    }

    @Test
    void keras3FunctionalKeepsItsInputLayerRowAndCountsParametersFromTheFormulas() throws Exception {
        ModelSummary s = summarize(
                "{`module`: `keras.src.models.functional`, `class_name`: `Functional`, `config`: {`name`: `ae`,"
                        + " `trainable`: true, `layers`: ["
                        + "{`class_name`: `InputLayer`, `name`: `input_layer`, `config`: {`batch_shape`: [null, 8, 8, "
                        + "3], `name`: `input_layer`},"
                        + " `inbound_nodes`: []},"
                        + "{`class_name`: `Conv2D`, `name`: `conv2d`, `config`: {`name`: `conv2d`, `filters`: 4, "
                        + "`kernel_size`: [3, 3], `strides`: [1, 1],"
                        + " `padding`: `same`, `data_format`: `channels_last`, `dilation_rate`: [1, 1], `groups`: 1, "
                        + "`use_bias`: true},"
                        + " `inbound_nodes`: [" + tensor("input_layer") + "]},"
                        + "{`class_name`: `BatchNormalization`, `name`: `bn`, `config`: {`name`: `bn`, `axis`: -1, "
                        + "`center`: true, `scale`: true},"
                        + " `inbound_nodes`: [" + tensor("conv2d") + "]},"
                        + "{`class_name`: `Conv2DTranspose`, `name`: `up`, `config`: {`name`: `up`, `filters`: 2, "
                        + "`kernel_size`: [2, 2], `strides`: [2, 2],"
                        + " `padding`: `valid`, `data_format`: `channels_last`, `dilation_rate`: [1, 1], `use_bias`: "
                        + "true, `output_padding`: null},"
                        + " `inbound_nodes`: [" + tensor("bn") + "]}],"
                        + " `input_layers`: [[`input_layer`, 0, 0]], `output_layers`: [[`up`, 0, 0]]}}");
        List<String> names = new ArrayList<>();
        s.rows().forEach(r -> names.add(r.name() + " " + r.outputShape() + " " + r.params()));
        // Conv2D 3*3*3*4 + 4; BatchNormalization 4 gammas + 4 betas (trainable) + 8 moving statistics; Conv2DTranspose
        // 2*2*4*2 + 2.
        assertEquals(
                List.of(
                        "input_layer [null, 8, 8, 3] 0",
                        "conv2d [null, 8, 8, 4] 112",
                        "bn [null, 8, 8, 4] 16",
                        "up [null, 16, 16, 2] 34"),
                names);
        assertEquals(154, s.trainableParams());
        assertEquals(8, s.nonTrainableParams());
        assertEquals(162 * 4, s.totalBytes());
        assertEquals(Layout.KERAS3, s.defaultLayout());
        List<String> out = new ArrayList<>();
        SummaryPrinter.print(s, s.defaultLayout(), null, out::add);
        assertTrue(out.get(4).startsWith("│ input_layer (InputLayer)"), out.get(4));
    }

    @Test
    void keras2SequentialToJsonPrintsItsOwnVersionsLayout() throws Exception {
        ModelSummary s = summarize("{`class_name`: `Sequential`, `config`: {`name`: `sequential`, `layers`: ["
                + "{`class_name`: `InputLayer`, `config`: {`batch_input_shape`: [null, 28, 28, 1], `dtype`: `float32`,"
                + " `name`: `conv2d_input`}},"
                + "{`class_name`: `Conv2D`, `config`: {`name`: `conv2d`, `trainable`: true, `batch_input_shape`: "
                + "[null, 28, 28, 1], `filters`: 32,"
                + " `kernel_size`: [3, 3], `strides`: [1, 1], `padding`: `valid`, `data_format`: `channels_last`, "
                + "`dilation_rate`: [1, 1],"
                + " `groups`: 1, `use_bias`: true}},"
                + "{`class_name`: `MaxPooling2D`, `config`: {`name`: `max_pooling2d_12`, `pool_size`: [2, 2], "
                + "`padding`: `valid`, `strides`: [2, 2],"
                + " `data_format`: `channels_last`}},"
                + "{`class_name`: `Flatten`, `config`: {`name`: `flatten`}},"
                + "{`class_name`: `Dense`, `config`: {`name`: `dense`, `trainable`: false, `units`: 10, `use_bias`: "
                + "true}}]},"
                + " `keras_version`: `2.11.0`, `backend`: `tensorflow`}");
        assertEquals(Layout.TF_KERAS_2_7, s.defaultLayout());
        List<String> out = new ArrayList<>();
        SummaryPrinter.print(s, s.defaultLayout(), null, out::add);
        // 13*13*32 = 5408 inputs to a frozen Dense of 10: 54090 non-trainable weights.
        assertEquals(
                List.of(
                        "Model: \"sequential\"",
                        "_".repeat(65),
                        " Layer (type)                Output Shape              Param #   ",
                        "=".repeat(65),
                        " conv2d (Conv2D)             (None, 26, 26, 32)        320       ",
                        " ".repeat(65),
                        " max_pooling2d_12 (MaxPoolin  (None, 13, 13, 32)       0         ",
                        " g2D)                                                            ",
                        " ".repeat(65),
                        " flatten (Flatten)           (None, 5408)              0         ",
                        " ".repeat(65),
                        " dense (Dense)               (None, 10)                54090     ",
                        " ".repeat(65),
                        "=".repeat(65),
                        "Total params: 54,410",
                        "Trainable params: 320",
                        "Non-trainable params: 54,090",
                        "_".repeat(65)),
                out);
    }

    @Test
    void nestedSequentialCountsItsLayersAndKeepsTheBuildBatch() throws Exception {
        ModelSummary s = summarize("{`class_name`: `Sequential`, `config`: {`name`: `outer`, `layers`: ["
                + "{`class_name`: `InputLayer`, `config`: {`batch_shape`: [32, 16, 16, 3], `name`: `in`}},"
                + "{`class_name`: `Sequential`, `config`: {`name`: `inner`, `layers`: ["
                + "{`class_name`: `Resizing`, `config`: {`name`: `resizing`, `height`: 8, `width`: 8}},"
                + "{`class_name`: `SeparableConv2D`, `config`: {`name`: `sep`, `filters`: 5, `kernel_size`: [3, 3], "
                + "`depth_multiplier`: 2,"
                + " `padding`: `same`, `strides`: [1, 1], `dilation_rate`: [1, 1], `data_format`: `channels_last`}}]}},"
                + "{`class_name`: `GlobalAveragePooling2D`, `config`: {`name`: `gap`, `keepdims`: true}}]}}");
        SummaryRow inner = s.rows().get(0);
        // SeparableConv2D: depthwise 3*3*3*2 + pointwise 3*2*5 + bias 5.
        assertEquals(
                "inner Sequential " + Arrays.asList(32, 8, 8, 5) + " 89",
                inner.name() + " " + inner.className() + " " + inner.outputShape() + " " + inner.params());
        assertEquals(Arrays.asList(32, 1, 1, 5), s.rows().get(1).outputShape());
        assertEquals(2, s.rows().size());
    }
}
