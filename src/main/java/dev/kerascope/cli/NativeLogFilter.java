package dev.kerascope.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * Tells TensorFlow's native log lines from kerascope's own, and copies a stream without the former.
 *
 * <p>TensorFlow logs through two native loggers: its own ({@code 2026-11-23 10:00:00.123: I tensorflow/...}), which
 * honours {@code TF_CPP_MIN_LOG_LEVEL}, and absl ({@code I0000 00:00:... mlir_graph_optimization_pass.cc:401]}), which
 * ignores it and has no switch reachable from Java. Neither kind of line carries anything a user can act on: kerascope
 * reports every failure itself, in one line.
 */
final class NativeLogFilter {
    private static final Pattern NATIVE_LINE =
            Pattern.compile("^(WARNING: All log messages before absl::InitializeLog\\(\\) is called"
                    + "|[IWEF]\\d{4} [0-9:.]+ +\\d+ [A-Za-z0-9_]+\\.(cc|h):\\d+\\]"
                    + "|\\d{4}-\\d{2}-\\d{2} [0-9:.]+: [IWEF] (tensorflow|external|xla|tsl)/"
                    + "|To enable the following instructions: .*rebuild TensorFlow with the appropriate compiler "
                    + "flags\\.)");

    private NativeLogFilter() {}

    /** True for a line TensorFlow's native code wrote (without its line end). */
    static boolean isNativeLine(String line) {
        return NATIVE_LINE.matcher(line).find();
    }

    /**
     * Copies {@code in} to {@code out} line by line, leaving out native log lines; bytes pass unchanged (lines are
     * matched as ISO-8859-1, which maps every byte, so UTF-8 text is never re-encoded). Returns at the end of
     * {@code in}.
     */
    static void copyWithoutNativeLines(InputStream in, OutputStream out) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[8192];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            for (int i = 0; i < n; i++) {
                line.write(buffer[i]);
                if (buffer[i] == '\n') {
                    emit(line, out);
                }
            }
        }
        emit(line, out);
    }

    private static void emit(ByteArrayOutputStream line, OutputStream out) throws IOException {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        if (!isNativeLine(text.stripTrailing())) {
            line.writeTo(out);
            out.flush();
        }
        line.reset();
    }
}
