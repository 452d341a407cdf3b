package dev.kerascope.kerasfile;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.kerascope.testing.FuzzSupport;
import dev.kerascope.testing.KerasFileFixtures;
import dev.kerascope.testing.KerasFileFixtures.Weight;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;

/**
 * Keras model files: the same bytes read as a Keras 3 {@code .keras} zip and as a Keras 2 {@code .h5} (HDF5 through
 * jHDF), seeded with small valid files of both kinds.
 */
class KerasFilesFuzzTest {
    @BeforeAll
    static void seeds() throws Exception {
        Path dir = Files.createTempDirectory("keras-fuzz-seeds");
        Map<String, Weight> keras3 = new LinkedHashMap<>();
        keras3.put("layers/dense/vars/0", new Weight(KerasFileFixtures.values(12, 1), 4, 3));
        keras3.put("layers/dense/vars/1", new Weight(KerasFileFixtures.values(3, 2), 3));
        seed(
                KerasFilesFuzzTest.class,
                "fuzz",
                "dense.keras",
                Files.readAllBytes(KerasFileFixtures.keras3(dir, "dense", MalformedKerasFilesTest.DENSE3, keras3)));
        Map<String, Map<String, Weight>> keras2 = new LinkedHashMap<>();
        Map<String, Weight> d = new LinkedHashMap<>();
        d.put("kernel:0", new Weight(KerasFileFixtures.values(12, 3), 4, 3));
        d.put("bias:0", new Weight(KerasFileFixtures.values(3, 4), 3));
        keras2.put("d", d);
        seed(
                KerasFilesFuzzTest.class,
                "fuzz",
                "dense.h5",
                Files.readAllBytes(KerasFileFixtures.keras2(dir, "dense", MalformedKerasFilesTest.DENSE3, keras2)));
    }

    @FuzzTest(maxDuration = "30s", maxExecutions = 13_000)
    void fuzz(byte[] data) throws Exception {
        Path zip = FuzzSupport.file("fuzz.keras", data);
        expectValueOrBadInput(() -> KerasFiles.read(zip));
        Path h5 = FuzzSupport.file("fuzz.h5", data);
        expectValueOrBadInput(() -> KerasFiles.read(h5));
    }
}
