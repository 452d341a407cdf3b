package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.report.HistoryJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.SavedModel;

/** JSON nested 100000 deep is refused by the parser; JSON just under the limit is read without a stack overflow. */
class DeepKerasJsonTest {
    @TempDir
    Path dir;

    /** The synthetic model with its root config's first layer replaced by {@code layer}. */
    private Path modelWithLayer(String layer, boolean metadataFile) throws IOException {
        Path model = SavedModelFuzzSeeds.write(dir.resolve(metadataFile ? "file" : "graph"), metadataFile);
        KerasFuzzModels.Base base = new KerasFuzzModels.Base(
                model, metadataFile ? null : SavedModel.parseFrom(Files.readAllBytes(model.resolve("saved_model.pb"))));
        String root = SavedModelFuzzSeeds.ROOT.replaceFirst(
                "\\{\"class_name\": \"InputLayer\"", layer + ", {\"class_name\": \"InputLayer\"");
        KerasFuzzModels.writeRootJson(base, root.getBytes(StandardCharsets.UTF_8));
        return model;
    }

    @Test
    void metadataNested100000DeepIsRefusedInBothForms() throws IOException {
        String deep = "{\"class_name\": \"Lambda\", \"config\": {\"name\": \"x\"}, \"inbound_nodes\": "
                + "[".repeat(100_000) + "]".repeat(100_000) + "}";
        for (boolean file : new boolean[] {true, false}) {
            Path model = modelWithLayer(deep, file);
            String m = assertThrows(
                            BadInputException.class, () -> SavedModelSummaries.summarize(model, Set.of("serve")))
                    .getMessage();
            assertTrue(m.endsWith("holds Keras metadata JSON nested over 256 levels deep"), m);
        }
    }

    @Test
    void metadataJustUnderTheLimitIsReadOrRefusedWithoutAStackOverflow() throws IOException {
        String nested = "[".repeat(240) + "\"input_1\", 0, 0" + "]".repeat(240);
        Path model = modelWithLayer(
                "{\"class_name\": \"Dense\", \"config\": {\"name\": \"d0\", \"units\": 2}, \"inbound_nodes\": " + nested
                        + "}",
                true);
        try {
            SavedModelSummaries.summarize(model, Set.of("serve"));
        } catch (BadInputException e) {
            assertTrue(e.getMessage().startsWith(model.toString()), e.getMessage());
        }
    }

    @Test
    void historyNested100000DeepIsRefused() throws IOException {
        Path f = Files.writeString(
                dir.resolve("history.json"), "{\"loss\": " + "[".repeat(100_000) + "]".repeat(100_000) + "}");
        String m =
                assertThrows(BadInputException.class, () -> HistoryJson.read(f)).getMessage();
        assertTrue(m.startsWith(f + ": not a Keras history JSON"), m);
        assertEquals(1, m.lines().count());
    }
}
