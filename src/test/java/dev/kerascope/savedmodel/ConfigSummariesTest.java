package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.io.BadInputException;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.ReceptiveFields;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Summaries of Keras 2 model configs ({@code model.to_json()}'s layout) with per-layer weight counts as a .keras/.h5
 * file gives them; shapes and counts worked out by hand.
 */
class ConfigSummariesTest {
    private static final Path FILE = Path.of("model.keras");

    private static JsonNode json(String s) throws Exception {
        return new ObjectMapper().readTree(s.replace('`', '"'));
    }

    private static List<String> rows(ModelSummary m) {
        return m.rows().stream()
                .map(r -> r.name() + " " + r.className() + " " + r.outputShape() + " " + r.params() + " "
                        + r.trainable() + " " + r.inbound())
                .toList();
    }

    @Test
    void aSequentialModelSkipsItsInputLayerAndTotalsTrainableAndFrozenWeights() throws Exception {
        JsonNode model = json("{`class_name`: `Sequential`, `config`: {`name`: `seq`, `layers`: ["
                + "{`class_name`: `InputLayer`, `config`: {`batch_input_shape`: [null, 28, 28, 1], `name`: `input_1`}},"
                + "{`class_name`: `Conv2D`, `config`: {`name`: `conv2d`, `filters`: 8, `kernel_size`: [3, 3], "
                + "`strides`: [1, "
                + "1],"
                + " `padding`: `valid`, `data_format`: `channels_last`, `dilation_rate`: [1, 1]}},"
                + "{`class_name`: `BatchNormalization`, `config`: {`name`: `bn`, `axis`: -1}},"
                + "{`class_name`: `Flatten`, `config`: {`name`: `flatten`}},"
                + "{`class_name`: `Dense`, `config`: {`name`: `dense`, `units`: 10}}]}}");
        // 3·3·1·8 + 8 = 80; BN on 8 channels: 16 trainable (gamma, beta) + 16 moving statistics; 26·26·8 = 5408 →
        // 54090.
        Map<String, long[]> params =
                Map.of("conv2d", new long[] {80, 0}, "bn", new long[] {16, 16}, "dense", new long[] {54090, 0});
        ModelSummary m = ConfigSummaries.of(model, params, 4, "2.14.0", FILE);
        assertEquals(
                List.of(
                        "conv2d Conv2D [null, 26, 26, 8] 80 true []",
                        "bn BatchNormalization [null, 26, 26, 8] 32 false []",
                        "flatten Flatten [null, 5408] 0 true []",
                        "dense Dense [null, 10] 54090 true []"),
                rows(m));
        assertEquals("seq", m.modelName());
        assertEquals(80 + 16 + 54090, m.trainableParams());
        assertEquals(4L * (80 + 16 + 54090), m.trainableBytes());
        assertEquals(16, m.nonTrainableParams());
        assertEquals(64, m.nonTrainableBytes());
        assertTrue(m.sequentialLike());
        assertEquals("2.14.0", m.kerasVersion());
        ReceptiveFields.Chain chain = m.spatialChain();
        assertEquals(28, chain.inputSize());
        assertEquals("conv2d", chain.windows().get(0).layer());
    }

    @Test
    void aBranchingFunctionalModelKeepsItsInputRowAndConnections() throws Exception {
        JsonNode model = json("{`class_name`: `Functional`, `config`: {`layers`: ["
                + "{`class_name`: `InputLayer`, `name`: `in`, `config`: {`batch_input_shape`: [null, 4], `name`: `in`},"
                + " `inbound_nodes`: []},"
                + "{`class_name`: `Dense`, `name`: `a`, `config`: {`name`: `a`, `units`: 3}, `inbound_nodes`: [[[`in`,"
                + " 0, 0, "
                + "{}]]]},"
                + "{`class_name`: `Dense`, `name`: `b`, `config`: {`name`: `b`, `units`: 2}, `inbound_nodes`: [[[`in`,"
                + " 0, 0, "
                + "{}]]]},"
                + "{`class_name`: `Concatenate`, `name`: `cat`, `config`: {`name`: `cat`, `axis`: -1},"
                + " `inbound_nodes`: [[[`a`, 0, 0, {}], [`b`, 0, 0, {}]]]}],"
                + " `input_layers`: [[`in`, 0, 0]], `output_layers`: [[`cat`, 0, 0]]}}");
        ModelSummary m =
                ConfigSummaries.of(model, Map.of("a", new long[] {15, 0}, "b", new long[] {10, 0}), 2, null, FILE);
        assertEquals(
                List.of(
                        "in InputLayer [null, 4] 0 true []",
                        "a Dense [null, 3] 15 true [in[0][0]]",
                        "b Dense [null, 2] 10 true [in[0][0]]",
                        "cat Concatenate [null, 5] 0 true [a[0][0], b[0][0]]"),
                rows(m));
        assertEquals("model", m.modelName(), "a config without a name");
        assertEquals(25, m.trainableParams());
        assertEquals(50, m.trainableBytes());
        assertFalse(m.sequentialLike());
        assertNull(m.spatialChain());
    }

    @Test
    void layersThatAreNoListAreBadInputNamingTheFile() throws Exception {
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> ConfigSummaries.of(
                        json("{`class_name`: `Sequential`, `config`: {`layers`: {}}}"), Map.of(), 4, null, FILE));
        assertTrue(
                e.getMessage().contains("model.keras") && e.getMessage().contains("the model's layers are not a list"),
                e.getMessage());
    }
}
