package dev.kerascope.data;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.BeforeAll;

/** Both .npy readers (NpyNumbers for feeds, NpyArray for npz members) on the same bytes. */
class NpyFuzzTest {
    @BeforeAll
    static void seeds() {
        seed(NpyFuzzTest.class, "fuzz", "u1", NpyFiles.npy("|u1", "2, 3", new byte[] {0, 1, 2, 3, 4, (byte) 255}));
        seed(NpyFuzzTest.class, "fuzz", "f4", NpyFiles.npy("<f4", "2,", new byte[] {
            0, 0, (byte) 0x80, 0x3f, 0, 0, 0, 0x40
        }));
        seed(NpyFuzzTest.class, "fuzz", "i8", NpyFiles.npy(">i8", "1,", new byte[] {0, 0, 0, 0, 0, 0, 0, 7}));
        seed(NpyFuzzTest.class, "fuzz", "scalar", NpyFiles.npy("|b1", "", new byte[] {1}));
    }

    @FuzzTest(maxDuration = "30s", maxExecutions = 1_200_000)
    void fuzz(byte[] data) throws Exception {
        expectValueOrBadInput(() -> NpyNumbers.read(new ByteArrayInputStream(data), data.length, "fuzz.npy"));
        expectValueOrBadInput(() -> NpyArray.readUint8(new ByteArrayInputStream(data), "fuzz.npy"));
    }
}
