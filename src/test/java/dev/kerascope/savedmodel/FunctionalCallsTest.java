package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.summary.ModelSummary;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A functional config whose layers are called more than once, with nested models: node indices as tf-keras writes them
 * (a nested Functional's calls count from 1, its construction being node 0; a Sequential without an InputLayer counts
 * from 0), and the labels tf-keras's summary prints for a layer whose calls differ ("multiple") or that returns several
 * tensors.
 */
class FunctionalCallsTest {
    private static String layer(String cls, String name, String config, String inbound) {
        return "{`class_name`: `" + cls + "`, `name`: `" + name + "`, `config`: {`name`: `" + name + "`" + config + "},"
                + " `inbound_nodes`: [" + inbound + "]}";
    }

    private static String input(String name, String shape) {
        return layer("InputLayer", name, ", `batch_input_shape`: " + shape, "");
    }

    private static String call(String... refs) {
        return "[" + String.join(", ", refs) + "]";
    }

    private static String ref(String layer, int node, int tensor) {
        return "[`" + layer + "`, " + node + ", " + tensor + ", {}]";
    }

    private static ModelSummary summarize(String layers, String inputs, String outputs) throws Exception {
        String json = "{`class_name`: `Functional`, `config`: {`name`: `outer`, `layers`: [" + layers
                + "], `input_layers`: ["
                + inputs + "], `output_layers`: [" + outputs + "]}}";
        return ConfigSummaries.of(
                new ObjectMapper().readTree(json.replace('`', '"')), Map.of(), 4, null, Path.of("m.json"));
    }

    /** A nested Functional x → (h: Dense 3, k: Dense 2), two outputs. */
    private static String inner(String inbound) {
        return layer(
                "Functional",
                "inner",
                ", `layers`: [" + input("x", "[null, 9]") + ", "
                        + layer("Dense", "h", ", `units`: 3", call(ref("x", 0, 0))) + ", "
                        + layer("Dense", "k", ", `units`: 2", call(ref("x", 0, 0)))
                        + "], `input_layers`: [[`x`, 0, 0]], `output_layers`: [[`h`, 0, 0], [`k`, 0, 0]]",
                inbound);
    }

    @Test
    void layersCalledTwiceAreMultipleAndEachCallIsFoundByItsNodeIndex() throws Exception {
        String layers = String.join(
                ", ",
                input("in_a", "[7, 4, 2]"),
                input("in_b", "[7, 3, 3]"),
                input("in_c", "[null, 9]"),
                layer("Flatten", "flat", "", call(ref("in_a", 0, 0)) + ", " + call(ref("in_b", 0, 0))),
                inner(call(ref("flat", 1, 0)) + ", " + call(ref("in_c", 0, 0))),
                layer("Concatenate", "head", ", `axis`: -1", call(ref("inner", 2, 0), ref("inner", 2, 1))),
                layer(
                        "Sequential",
                        "seq",
                        ", `layers`: [{`class_name`: `Flatten`, `config`: {`name`: `f2`}}]",
                        call(ref("head", 0, 0)) + ", " + call(ref("in_a", 0, 0))),
                layer("Concatenate", "tail", ", `axis`: -1", call(ref("seq", 1, 0), ref("seq", 0, 0))));
        ModelSummary m = summarize(layers, "[`in_a`, 0, 0], [`in_b`, 0, 0], [`in_c`, 0, 0]", "[`tail`, 0, 0]");
        // flat: 4·2 = 8 then 3·3 = 9. inner's first call (node 1) takes flat's second output (7, 9) → (7, 3), (7, 2);
        // its second call (node 2) takes in_c → (None, 3), (None, 2), which head concatenates to (None, 5).
        // seq flattens head (None, 5), then in_a (7, 8); tail joins seq's node 1 and node 0: (7, 8 + 5).
        assertEquals(
                List.of(
                        "in_a [7, 4, 2] null []",
                        "in_b [7, 3, 3] null []",
                        "in_c [null, 9] null []",
                        "flat null multiple [in_a[0][0], in_b[0][0]]",
                        "inner null multiple [flat[1][0], in_c[0][0]]",
                        "head [null, 5] null [inner[2][0], inner[2][1]]",
                        "seq null multiple [head[0][0], in_a[0][0]]",
                        "tail [7, 13] null [seq[1][0], seq[0][0]]"),
                m.rows().stream()
                        .map(r -> r.name() + " " + r.outputShape() + " " + r.shapeLabel() + " " + r.inbound())
                        .toList());
        assertFalse(m.sequentialLike());
    }

    @Test
    void aNestedModelCalledOnceWithTwoOutputsPrintsBothShapes() throws Exception {
        String layers = String.join(
                ", ",
                input("in", "[5, 9]"),
                inner(call(ref("in", 0, 0))),
                layer("Concatenate", "cat", ", `axis`: -1", call(ref("inner", 1, 1), ref("inner", 1, 0))));
        ModelSummary m = summarize(layers, "[`in`, 0, 0]", "[`cat`, 0, 0]");
        // The nested model's input is the outer one, batch 5 included.
        assertEquals(
                List.of("in [5, 9] null", "inner null [(5, 3), (5, 2)]", "cat [5, 5] null"),
                m.rows().stream()
                        .map(r -> r.name() + " " + r.outputShape() + " " + r.shapeLabel())
                        .toList());
    }

    @Test
    void twoInputsMakeAModelNoLongerSequentialLike() throws Exception {
        String layers = String.join(
                ", ",
                input("a", "[null, 2]"),
                input("b", "[null, 2]"),
                layer("Dense", "d", ", `units`: 1", call(ref("a", 0, 0))));
        ModelSummary m = summarize(layers, "[`a`, 0, 0], [`b`, 0, 0]", "[`d`, 0, 0]");
        assertFalse(m.sequentialLike(), "every call has one input, but the model has two");
        assertEquals(java.util.Arrays.asList(null, 1), m.rows().get(2).outputShape());
    }
}
