package dev.kerascope.savedmodel;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kerascope.testing.JsonTreeMutator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;

/**
 * Keras model configs (KerasConfigRefs, Functional, KerasModelSummarizer, KerasShapes): the fuzzed bytes are the root
 * object's JSON of a Keras 2 SavedModel, in keras_metadata.pb or (TF 2.0–2.4) in saved_model.pb's object graph; the
 * first byte picks the model. When the second byte is 'M' the rest drives {@link JsonTreeMutator} on the model's own
 * JSON instead, so that most inputs are valid JSON with a wrong value somewhere.
 */
class KerasConfigFuzzTest {
    private static List<KerasFuzzModels.Base> bases;
    private static final List<String> JSON = new ArrayList<>();

    @BeforeAll
    static void seeds() throws IOException {
        bases = KerasFuzzModels.bases();
        for (int i = 0; i < bases.size(); i++) {
            JSON.add(KerasFuzzModels.rootJson(bases.get(i)));
            byte[] json = KerasFuzzModels.utf8(JSON.get(i));
            byte[] seed = new byte[json.length + 1];
            seed[0] = (byte) i;
            System.arraycopy(json, 0, seed, 1, json.length);
            seed(KerasConfigFuzzTest.class, "fuzz", "model-" + i, seed);
            seed(KerasConfigFuzzTest.class, "fuzz", "mutate-" + i, new byte[] {(byte) i, 'M', (byte) (17 * i + 3), 4, 1
            });
        }
    }

    @FuzzTest(maxDuration = "30s", maxExecutions = 4_000)
    void fuzz(byte[] data) throws Exception {
        if (data.length == 0) {
            return;
        }
        int model = (data[0] & 0xff) % bases.size();
        KerasFuzzModels.Base base = bases.get(model);
        byte[] json = data.length > 1 && data[1] == 'M'
                ? KerasFuzzModels.utf8(JsonTreeMutator.mutate(JSON.get(model), data, 2))
                : Arrays.copyOfRange(data, 1, data.length);
        KerasFuzzModels.writeRootJson(base, json);
        expectValueOrBadInput(() -> SavedModelSummaries.summarize(base.dir(), Set.of("serve")));
    }
}
