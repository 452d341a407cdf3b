package dev.kerascope.data;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.file;
import static dev.kerascope.testing.FuzzSupport.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;

/** Keras's mnist.npz cache: a zip of four .npy members. */
class NpzFuzzTest {
    @BeforeAll
    static void seeds() throws IOException {
        seed(NpzFuzzTest.class, "fuzz", "stored", NpyFiles.npz(2, 3, 3, false));
        seed(NpzFuzzTest.class, "fuzz", "deflated", NpyFiles.npz(3, 4, 2, true));
    }

    @FuzzTest(maxDuration = "30s", maxExecutions = 46_000)
    void fuzz(byte[] data) throws Exception {
        expectValueOrBadInput(() -> NpzReader.readKerasSplits(file("mnist.npz", data)));
    }
}
