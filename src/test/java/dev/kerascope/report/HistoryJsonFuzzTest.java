package dev.kerascope.report;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.file;
import static dev.kerascope.testing.FuzzSupport.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;

/** Keras's History.history as history.json. */
class HistoryJsonFuzzTest {
    @BeforeAll
    static void seeds() {
        seed(
                HistoryJsonFuzzTest.class,
                "fuzz",
                "history.json",
                ("{\"accuracy\": [0.9, 0.95], \"loss\": [0.3, 0.1],"
                                + " \"val_accuracy\": [0.91, 0.96], \"val_loss\": [0.2, 0.12]}")
                        .getBytes(StandardCharsets.UTF_8));
        seed(HistoryJsonFuzzTest.class, "fuzz", "empty.json", "{}".getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "30s", maxExecutions = 90_000)
    void fuzz(byte[] data) throws Exception {
        expectValueOrBadInput(() -> HistoryJson.read(file("history.json", data)));
    }
}
