package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.ReceptiveFields;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parameter totals of model configs with nested and frozen models and several dtypes: a frozen layer's weights are all
 * non-trainable (Keras's {@code trainable=False}), and bytes follow each layer's dtype (float64 8, float16/bfloat16 2,
 * else 4). Counts worked out by hand.
 */
class KerasConfigTotalsTest {
    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s.replace('`', '"'));
    }

    private static ModelSummary summarize(String s) throws Exception {
        return KerasConfigSummarizer.summarize(json(s), Path.of("model.json"));
    }

    private static List<String> rows(ModelSummary m) {
        return m.rows().stream()
                .map(r -> r.name() + " " + r.outputShape() + " " + r.params() + " " + r.trainable())
                .toList();
    }

    @Test
    void nestedAndFrozenModelsCountTheirLayersWeightsAtTheirDtypesSize() throws Exception {
        ModelSummary m = summarize("{`class_name`: `Sequential`, `keras_version`: `2.14.0`, `config`: {`name`: `s`, "
                + "`layers`: ["
                + "{`class_name`: `Dense`, `config`: {`name`: `d1`, `units`: 3, `batch_input_shape`: [null, 4], "
                + "`dtype`: "
                + "`float64`}},"
                + "{`class_name`: `Sequential`, `config`: {`name`: `frozen`, `trainable`: false, `layers`: ["
                + "  {`class_name`: `Dense`, `config`: {`name`: `d2`, `units`: 2}}]}},"
                + "{`class_name`: `Functional`, `config`: {`name`: `fn`, `layers`: ["
                + "  {`class_name`: `InputLayer`, `name`: `fi`, `config`: {`name`: `fi`, `batch_input_shape`: [null, "
                + "2]}, "
                + "`inbound_nodes`: []},"
                + "  {`class_name`: `Dense`, `name`: `d3`, `config`: {`name`: `d3`, `units`: 1}, `inbound_nodes`: "
                + "[[[`fi`, 0, "
                + "0, {}]]]}],"
                + "  `input_layers`: [[`fi`, 0, 0]], `output_layers`: [[`d3`, 0, 0]]}},"
                + "{`class_name`: `Dense`, `config`: {`name`: `d4`, `units`: 2, `trainable`: false,"
                + "  `dtype`: {`class_name`: `DTypePolicy`, `config`: {`name`: `float16`}}}}]}}");
        // d1 4·3 + 3 = 15 (float64), frozen's d2 3·2 + 2 = 8, fn's d3 2·1 + 1 = 3, d4 1·2 + 2 = 4 frozen (float16).
        assertEquals(
                List.of(
                        "d1 [null, 3] 15 true",
                        "frozen [null, 2] 8 false",
                        "fn [null, 1] 3 true",
                        "d4 [null, 2] 4 false"),
                rows(m));
        assertEquals(15 + 3, m.trainableParams());
        assertEquals(15 * 8 + 3 * 4, m.trainableBytes());
        assertEquals(8 + 4, m.nonTrainableParams());
        assertEquals(8 * 4 + 4 * 2, m.nonTrainableBytes());
        assertEquals("2.14.0", m.kerasVersion());
    }

    @Test
    void aFrozenModelsLayersAreAllNonTrainable() throws Exception {
        ModelSummary m =
                summarize("{`class_name`: `Sequential`, `config`: {`name`: `k3`, `trainable`: false, `layers`: ["
                        + "{`class_name`: `Dense`, `config`: {`name`: `d`, `units`: 5, `dtype`: `bfloat16`}}]},"
                        + " `build_config`: {`input_shape`: [null, 7]}}");
        assertEquals(List.of("d [null, 5] 40 false"), rows(m), "Keras 3's build_config gives the input: 7·5 + 5");
        assertEquals(0, m.trainableParams());
        assertEquals(40, m.nonTrainableParams());
        assertEquals(80, m.nonTrainableBytes());
        assertNull(m.kerasVersion());
    }

    @Test
    void aSequentialWithoutInputTakesItsBuildShapeOrCountsNothing() throws Exception {
        ModelSummary k2 = summarize("{`class_name`: `Sequential`, `config`: {`name`: `k2`, `layers`: ["
                + "{`class_name`: `Dense`, `config`: {`name`: `d`, `units`: 5}}], `build_input_shape`: [null, 7]}}");
        assertEquals(List.of("d [null, 5] 40 true"), rows(k2));
        ModelSummary none = summarize("{`class_name`: `Sequential`, `config`: {`layers`: ["
                + "{`class_name`: `Dense`, `config`: {`name`: `d`, `units`: 5}}], `build_input_shape`: null}, "
                + "`build_config`: "
                + "null}");
        assertEquals(List.of("d null 0 true"), rows(none), "no input dimension: nothing to count from");
        assertEquals("model", none.modelName());
    }

    @Test
    void onlyAModelClassWithAConfigObjectIsAKerasConfig() throws Exception {
        assertTrue(KerasConfigSummarizer.isKerasModelConfig(json("{`class_name`: `Sequential`, `config`: {}}")));
        assertTrue(KerasConfigSummarizer.isKerasModelConfig(json("{`class_name`: `Functional`, `config`: {}}")));
        assertFalse(KerasConfigSummarizer.isKerasModelConfig(json("{`class_name`: `Sequential`, `config`: []}")));
        assertFalse(KerasConfigSummarizer.isKerasModelConfig(json("{`class_name`: `Dense`, `config`: {}}")));
        assertFalse(KerasConfigSummarizer.isKerasModelConfig(json("[{`class_name`: `Sequential`, `config`: {}}]")));
        assertFalse(KerasConfigSummarizer.isKerasModelConfig(json("{`layers`: []}")));
    }

    @Test
    void aFrozenLayerInsideATrainableNestedModelIsNonTrainable() throws Exception {
        ModelSummary m = summarize("{`class_name`: `Sequential`, `config`: {`name`: `s`, `layers`: ["
                + "{`class_name`: `Dense`, `config`: {`name`: `d1`, `units`: 3, `batch_input_shape`: [null, 4]}},"
                + "{`class_name`: `Sequential`, `config`: {`name`: `inner`, `layers`: ["
                + "  {`class_name`: `Dense`, `config`: {`name`: `d2`, `units`: 2, `trainable`: false}},"
                + "  {`class_name`: `Dense`, `config`: {`name`: `d3`, `units`: 1}}]}},"
                + "{`class_name`: `Functional`, `config`: {`name`: `fn`, `layers`: ["
                + "  {`class_name`: `InputLayer`, `name`: `fi`, `config`: {`batch_input_shape`: [null, 1]},"
                + "   `inbound_nodes`: []},"
                + "  {`class_name`: `Dense`, `name`: `d4`, `config`: {`units`: 2, `trainable`: false},"
                + "   `inbound_nodes`: [[[`fi`, 0, 0, {}]]]}],"
                + "  `input_layers`: [[`fi`, 0, 0]], `output_layers`: [[`d4`, 0, 0]]}}]}}");
        // d1 4·3 + 3 = 15; inner: d2 3·2 + 2 = 8 frozen, d3 2·1 + 1 = 3; fn: d4 1·2 + 2 = 4 frozen. A row shows
        // the layer's own trainable flag (layer.trainable, as Keras's show_trainable does), the totals the weights'.
        assertEquals(List.of("d1 [null, 3] 15 true", "inner [null, 1] 11 true", "fn [null, 2] 4 true"), rows(m));
        assertEquals(15 + 3, m.trainableParams());
        assertEquals(8 + 4, m.nonTrainableParams());
    }

    @Test
    void aNestedSequentialWithItsOwnInputCountsFromIt() throws Exception {
        ModelSummary m = summarize("{`class_name`: `Sequential`, `config`: {`name`: `s`, `layers`: ["
                + "{`class_name`: `Sequential`, `config`: {`name`: `inner`, `layers`: ["
                + "  {`class_name`: `InputLayer`, `config`: {`name`: `in`, `batch_input_shape`: [null, 4]}},"
                + "  {`class_name`: `Dense`, `config`: {`name`: `d`, `units`: 2}}]}}]}}");
        assertEquals(4 * 2 + 2, m.trainableParams());
    }

    @Test
    void aSequentialConfigOfWindowsHasASpatialChainWithKerasDefaultStrides() throws Exception {
        ModelSummary m = summarize("{`class_name`: `Sequential`, `config`: {`name`: `s`, `layers`: ["
                + "{`class_name`: `InputLayer`, `config`: {`name`: `img`, `batch_input_shape`: [null, 28, 28, 1]}},"
                + "{`class_name`: `Conv2D`, `config`: {`name`: `c`, `filters`: 2, `kernel_size`: 3}},"
                + "{`class_name`: `MaxPooling2D`, `config`: {`name`: `p`, `pool_size`: 2}}]}}");
        assertEquals(
                new ReceptiveFields.Chain(
                        "img",
                        28,
                        List.of(
                                new ReceptiveFields.Window("c", "Conv2D", 3, 1, "valid", 0),
                                new ReceptiveFields.Window("p", "MaxPooling2D", 2, 2, "valid", 0))),
                m.spatialChain());
    }
}
