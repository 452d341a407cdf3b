package dev.kerascope.savedmodel;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.seed;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;

/**
 * Keras model configs (KerasConfigRefs, Functional, KerasModelSummarizer, KerasShapes): the
 * fuzzed bytes are the root object's JSON of a Keras 2 SavedModel, in keras_metadata.pb or (TF
 * 2.0–2.4) in saved_model.pb's object graph; the first byte picks the model.
 */
class KerasConfigFuzzTest {
  private static List<KerasFuzzModels.Base> bases;

  @BeforeAll
  static void seeds() throws IOException {
    bases = KerasFuzzModels.bases();
    for (int i = 0; i < bases.size(); i++) {
      byte[] json = KerasFuzzModels.utf8(KerasFuzzModels.rootJson(bases.get(i)));
      byte[] seed = new byte[json.length + 1];
      seed[0] = (byte) i;
      System.arraycopy(json, 0, seed, 1, json.length);
      seed(KerasConfigFuzzTest.class, "fuzz", "model-" + i, seed);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void fuzz(byte[] data) throws Exception {
    if (data.length == 0) {
      return;
    }
    KerasFuzzModels.Base base = bases.get((data[0] & 0xff) % bases.size());
    KerasFuzzModels.writeRootJson(base, Arrays.copyOfRange(data, 1, data.length));
    expectValueOrBadInput(() -> SavedModelSummaries.summarize(base.dir(), Set.of("serve")));
  }
}
