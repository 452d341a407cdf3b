package dev.kerascope.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SharedData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * kerascope's {@code summary} of a model against what Keras itself printed for it in someone's notebook
 * ({@code ../shared/recorded-summaries}): byte for byte, trailing spaces included, with the layout chosen from the
 * model alone (no --format, no --keras-version).
 */
class RecordedSummariesTest {
    private static final Path RECORDED = SharedData.root().resolve("recorded-summaries");

    private static void assertPrintsRecording(String model, String recording) throws Exception {
        Path m = SharedData.require(SharedData.root().resolve(model));
        String expected = Files.readString(SharedData.require(RECORDED.resolve(recording)), StandardCharsets.UTF_8);
        Cli cli = new Cli();
        Cli.Run run = cli.run("summary", m.toString());
        assertEquals(0, run.exit(), cli.err());
        assertEquals(expected.endsWith("\n") ? expected : expected + "\n", run.out());
    }

    @Test
    void tf20SequentialCutsTypeNamesAtTheColumn() throws Exception {
        assertPrintsRecording("savedmodels/keras2_tf20_mnist_cnn", "keras2_tf20_mnist_cnn.summary.txt");
    }

    @Test
    void tf25FunctionalWithBatchNormalizationAndDropout() throws Exception {
        assertPrintsRecording(
                "savedmodels/keras2_tf25_fashion_functional_bn_dropout",
                "keras2_tf25_fashion_functional_bn_dropout.summary.txt");
    }

    @Test
    void keras3SequentialFromItsJsonConfigPrintsNoInputLayerRow() throws Exception {
        assertPrintsRecording("recorded-summaries/keras3_sequential_7.config.json", "keras3_sequential_7.summary.txt");
    }
}
