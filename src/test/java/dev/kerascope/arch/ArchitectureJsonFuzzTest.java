package dev.kerascope.arch;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kerascope.testing.JsonTreeMutator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;

/**
 * Architecture files: the built-in ones as written, plus Keras-style layer lists. An input starting with 'M' instead
 * drives {@link JsonTreeMutator} on a built-in (picked by the second byte), so most inputs are valid JSON with one
 * wrong value.
 */
class ArchitectureJsonFuzzTest {
    private static final List<String> BUILT_IN = new ArrayList<>();

    @BeforeAll
    static void seeds() {
        for (String name : Architectures.BUILT_IN) {
            String json = ArchitectureJson.write(Architectures.builtIn(name));
            BUILT_IN.add(json);
            seed(ArchitectureJsonFuzzTest.class, "fuzz", name + ".json", json.getBytes(StandardCharsets.UTF_8));
            seed(ArchitectureJsonFuzzTest.class, "fuzz", name + ".mutate", new byte[] {
                'M', (byte) BUILT_IN.size(), 9, 13, 0
            });
        }
        seed(
                ArchitectureJsonFuzzTest.class,
                "fuzz",
                "keras3.json",
                ("{\"layers\": [{\"class_name\": \"InputLayer\","
                                + " \"config\": {\"batch_shape\": [null, 8, 8, 1], \"dtype\": \"float32\", \"sparse\":"
                                + " false, \"name\": \"in\"}},"
                                + " {\"class_name\": \"Conv2D\", \"config\": {\"filters\": 2, \"kernel_size\": [3, 3],"
                                + " \"padding\": [1, 1]}},"
                                + " {\"class_name\": \"MaxPooling2D\", \"config\": {}}, {\"class_name\": \"Flatten\"},"
                                + " {\"class_name\": \"Dense\", \"config\": {\"units\": 3, \"activation\": "
                                + "\"softmax\"}}]}")
                        .getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "30s", maxExecutions = 110_000)
    void fuzz(byte[] data) throws Exception {
        String json = data.length > 1 && data[0] == 'M'
                ? JsonTreeMutator.mutate(BUILT_IN.get((data[1] & 0xff) % BUILT_IN.size()), data, 2)
                : new String(data, StandardCharsets.UTF_8);
        expectValueOrBadInput(() -> ArchitectureJson.parse(json, "fuzz.json"));
    }
}
