package dev.kerascope.savedmodel;

import static dev.kerascope.testing.FuzzSupport.expectValueOrBadInput;
import static dev.kerascope.testing.FuzzSupport.file;
import static dev.kerascope.testing.FuzzSupport.scratch;
import static dev.kerascope.testing.FuzzSupport.seed;
import static dev.kerascope.testing.FuzzSupport.shared;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.TextFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.tensorflow.proto.SavedModel;

/**
 * saved_model.pb, and saved_model.pbtxt when the first byte is odd, through SavedModelFiles and on into the summary
 * (tag sets, object graph, Keras JSON of TF 2.0–2.4 saves, TF1 graphs).
 */
class SavedModelFilesFuzzTest {
    private static final String[] SHARED = {
        "tf1_tf114_half_plus_two",
        "tf1_tf111_mnist_softmax",
        "tf1_tf121_regression_train_serve_tags",
        "keras3_tf219_export_mnist_cnn",
        "tf2_tf214_module_half_plus_two"
    };

    @BeforeAll
    static void seeds() throws IOException {
        Path dir = SavedModelFuzzSeeds.write(scratch().resolve("seed-objectgraph"), false);
        byte[] pb = Files.readAllBytes(dir.resolve("saved_model.pb"));
        seed(SavedModelFilesFuzzTest.class, "fuzz", "synthetic.pb", prefixed((byte) 0, pb));
        String text = TextFormat.printer().printToString(SavedModel.parseFrom(pb));
        seed(
                SavedModelFilesFuzzTest.class,
                "fuzz",
                "synthetic.pbtxt",
                prefixed((byte) 1, text.getBytes(StandardCharsets.UTF_8)));
        for (String name : SHARED) {
            byte[] shared = shared("savedmodels/" + name + "/saved_model.pb");
            if (shared != null && shared.length < 64 << 10) {
                seed(SavedModelFilesFuzzTest.class, "fuzz", name, prefixed((byte) 0, shared));
            }
        }
    }

    private static byte[] prefixed(byte first, byte[] rest) {
        byte[] out = new byte[rest.length + 1];
        out[0] = first;
        System.arraycopy(rest, 0, out, 1, rest.length);
        return out;
    }

    @FuzzTest(maxDuration = "30s", maxExecutions = 29_000)
    void fuzz(byte[] data) throws Exception {
        if (data.length == 0) {
            return;
        }
        Path dir = scratch().resolve("model");
        Files.createDirectories(dir);
        String name = (data[0] & 1) == 0 ? "saved_model.pb" : "saved_model.pbtxt";
        Files.deleteIfExists(dir.resolve("saved_model.pb"));
        Files.deleteIfExists(dir.resolve("saved_model.pbtxt"));
        byte[] body = new byte[data.length - 1];
        System.arraycopy(data, 1, body, 0, body.length);
        file("model/" + name, body);
        expectValueOrBadInput(() -> SavedModelFiles.read(dir));
        expectValueOrBadInput(() -> SavedModelSummaries.summarize(dir, Set.of("serve")));
        expectValueOrBadInput(() -> SavedModelInspector.inspect(dir, Set.of("serve")));
    }
}
