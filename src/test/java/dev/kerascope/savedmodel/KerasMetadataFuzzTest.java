package dev.kerascope.savedmodel;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;

/**
 * keras_metadata.pb as bytes (the hand-written wire-format reader, then the summary built from it) beside a fixed
 * saved_model.pb; the first byte picks the model.
 */
class KerasMetadataFuzzTest {
    private static final List<KerasFuzzModels.Base> BASES = new ArrayList<>();

    @BeforeAll
    static void seeds() throws IOException {
        for (KerasFuzzModels.Base b : KerasFuzzModels.bases()) {
            if (b.objectGraphForm() == null) {
                byte[] file = Files.readAllBytes(b.dir().resolve("keras_metadata.pb"));
                byte[] seed = new byte[file.length + 1];
                seed[0] = (byte) BASES.size();
                System.arraycopy(file, 0, seed, 1, file.length);
                seed(KerasMetadataFuzzTest.class, "fuzz", "model-" + BASES.size(), seed);
                BASES.add(b);
            }
        }
    }

    @FuzzTest(maxDuration = "30s", maxExecutions = 18_000)
    void fuzz(byte[] data) throws Exception {
        if (data.length == 0) {
            return;
        }
        KerasFuzzModels.Base base = BASES.get((data[0] & 0xff) % BASES.size());
        Files.write(base.dir().resolve("keras_metadata.pb"), Arrays.copyOfRange(data, 1, data.length));
        expectValueOrBadInput(() -> SavedModelSummaries.summarize(base.dir(), Set.of("serve")));
    }
}
