package dev.kerascope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Keras 3's final epoch line with its escape codes, off a terminal, as a notebook recorded it. */
class AnsiFitLinesTest {
    private static final String ESC = "\u001b";

    @Test
    void theFinalLineCarriesKerasEscapeCodesOffATerminalWhenAsked() {
        // Keras 3 progbar.py: bold count, the done part green, the rest grey (empty here), bold elapsed time.
        String expected = ESC + "[1m1875/1875" + ESC + "[0m " + ESC + "[32m" + "━".repeat(20) + ESC + "[0m" + ESC
                + "[37m" + ESC + "[0m " + ESC + "[1m6s" + ESC + "[0m 3ms/step - accuracy: 0.7728 - loss: 0.6291";
        Map<String, Double> logs = new TreeMap<>(Map.of("accuracy", 0.7728, "loss", 0.6291));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<String> log = new ArrayList<>();
        long[] now = {0};
        ProgbarLogger p = new ProgbarLogger(
                new PrintStream(out, true, StandardCharsets.UTF_8), false, true, 1, log::add, () -> now[0]);
        p.onTrainBegin(1, 1875);
        p.onEpochBegin(0);
        for (int step = 1; step <= 1875; step++) {
            now[0] = step * 3_200_000L;
            p.onBatchEnd(step, logs);
        }
        p.onEpochEnd(0, logs);
        assertEquals(expected + "\n", out.toString(StandardCharsets.UTF_8));
        assertEquals(List.of(Progbar.plain(expected)), log, "the log file gets plain text");
    }

    @Test
    void theRecordedNotebookLinesAreWhatKerascopeRenders() throws Exception {
        Path file = SharedData.require(SharedData.root().resolve("recorded-summaries/keras3_fit_lines_ansi.txt"));
        List<String> recorded = Files.readAllLines(file, StandardCharsets.UTF_8);
        int checked = 0;
        for (String line : recorded) {
            String plain = Progbar.plain(line);
            // "1875/1875 ━━━━ 6s 3ms/step - accuracy: 0.7728 - loss: 0.6291": rebuild it from its numbers.
            String[] parts = plain.split(" - ");
            String[] head = parts[0].split(" ");
            int target = Integer.parseInt(head[0].split("/")[1]);
            double elapsed = Double.parseDouble(head[2].replace("s", ""));
            String step = head[3].replace("/step", "");
            double perStep = step.endsWith("us")
                    ? Double.parseDouble(step.replace("us", "")) / 1e6
                    : step.endsWith("ms")
                            ? Double.parseDouble(step.replace("ms", "")) / 1e3
                            : Double.parseDouble(step.replace("s", ""));
            Map<String, Double> logs = new LinkedHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] kv = parts[i].split(": ");
                logs.put(kv[0], Double.parseDouble(kv[1]));
            }
            assertEquals(line, Progbar.finalLine(target, elapsed, perStep, logs, true));
            checked++;
        }
        assertTrue(checked >= 5, "the recording has its lines");
    }
}
