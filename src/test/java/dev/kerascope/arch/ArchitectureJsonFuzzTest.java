package dev.kerascope.arch;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;

/** Architecture files: the built-in ones as written, plus Keras-style layer lists. */
class ArchitectureJsonFuzzTest {
  @BeforeAll
  static void seeds() {
    for (String name : Architectures.BUILT_IN) {
      seed(ArchitectureJsonFuzzTest.class, "fuzz", name + ".json",
          ArchitectureJson.write(Architectures.builtIn(name)).getBytes(StandardCharsets.UTF_8));
    }
    seed(ArchitectureJsonFuzzTest.class, "fuzz", "keras3.json", ("{\"layers\": [{\"class_name\": \"InputLayer\","
        + " \"config\": {\"batch_shape\": [null, 8, 8, 1], \"dtype\": \"float32\", \"sparse\": false, \"name\": \"in\"}},"
        + " {\"class_name\": \"Conv2D\", \"config\": {\"filters\": 2, \"kernel_size\": [3, 3], \"padding\": [1, 1]}},"
        + " {\"class_name\": \"MaxPooling2D\", \"config\": {}}, {\"class_name\": \"Flatten\"},"
        + " {\"class_name\": \"Dense\", \"config\": {\"units\": 3, \"activation\": \"softmax\"}}]}").getBytes(StandardCharsets.UTF_8));
  }

  @FuzzTest(maxDuration = "20s")
  void fuzz(byte[] data) throws Exception {
    expectValueOrBadInput(() -> ArchitectureJson.parse(new String(data, StandardCharsets.UTF_8), "fuzz.json"));
  }
}
