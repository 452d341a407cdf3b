package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The filter drops the lines TensorFlow 2.18's native loggers write (copied from real runs) and nothing else. */
class NativeLogFilterTest {
    private static final String[] NATIVE = {
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR",
        "I0000 00:00:1795472332.689310    8545 mlir_graph_optimization_pass.cc:401] MLIR V1 optimization pass is not "
                + "enabled",
        "E0000 00:00:1795472332.689310      17 remapper.cc:123] remapper failed: INVALID_ARGUMENT: Mutation::Apply "
                + "error",
        "2026-11-23 22:18:52.445593: I tensorflow/core/util/port.cc:153] oneDNN custom operations are on.",
        "2026-11-23 22:18:52.678801: I tensorflow/cc/saved_model/reader.cc:83] Reading SavedModel from: /m",
        "2026-11-23 22:18:52.679473: I tensorflow/core/platform/cpu_feature_guard.cc:210] This TensorFlow binary is",
        "To enable the following instructions: AVX2 AVX512F FMA, in other operations, rebuild TensorFlow with the"
                + " appropriate compiler flags.",
        "2026-11-23 22:18:52.720916: W external/local_xla/xla/tsl/lib/monitoring/collection_registry.cc:81] x",
    };

    private static final String[] KERASCOPE = {
        "kerascope: /m/saved_model.pb: not a SavedModel (truncated protobuf)",
        "conv1                        [1, 26, 26, 32]      min    0.0000  max    0.5718",
        "Epoch 1/2",
        "I0000 is not a layer name kerascope would confuse: it lacks the source file",
        "input: examples/digits/digit-7.png (28x28 grey); input x * 0.00392157",
        "",
    };

    @Test
    void nativeLinesAreRecognised() {
        for (String line : NATIVE) {
            assertTrue(NativeLogFilter.isNativeLine(line), line);
        }
    }

    @Test
    void kerascopesOwnLinesPass() {
        for (String line : KERASCOPE) {
            assertFalse(NativeLogFilter.isNativeLine(line), line);
        }
    }

    @Test
    void copyKeepsEveryOtherByteIncludingUtf8AndAnUnterminatedLastLine() throws Exception {
        String line1 = "kerascope: café/ß.png: not an image\r\n";
        // a native-looking text after the start of a kept line is part of that line: the filter judges whole lines
        String line2 = "Époque ━━━━ 12/12 " + NATIVE[3] + "\n";
        String mixed = NATIVE[0] + "\n" + line1 + line2 + NATIVE[1] + "\nlast line without end";
        String expected = line1 + line2 + "last line without end";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NativeLogFilter.copyWithoutNativeLines(new ByteArrayInputStream(mixed.getBytes(StandardCharsets.UTF_8)), out);
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), out.toByteArray());
    }
}
