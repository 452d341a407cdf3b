package dev.kerascope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProgbarLoggerTest {
    final long[] now = {0};
    final ByteArrayOutputStream console = new ByteArrayOutputStream();
    final List<String> log = new ArrayList<>();

    ProgbarLogger logger(boolean terminal, int verbose) {
        return new ProgbarLogger(
                new PrintStream(console, true, StandardCharsets.UTF_8), terminal, verbose, log::add, () -> now[0]);
    }

    void runEpoch(ProgbarLogger p, int steps) {
        p.onEpochBegin(0);
        Map<String, Double> logs = new TreeMap<>(Map.of("accuracy", 0.5, "loss", 1.0));
        for (int s = 1; s <= steps; s++) {
            now[0] += 10_000_000L;
            p.onBatchEnd(s, logs);
        }
        p.onEpochEnd(0, logs);
    }

    @Test
    void offATerminalPrintsOnlyTheEpochHeaderAndTheFinalLine() {
        ProgbarLogger p = logger(false, 1);
        p.onTrainBegin(2, 100);
        runEpoch(p, 100);
        String out = console.toString(StandardCharsets.UTF_8);
        assertEquals("Epoch 1/2\n100/100 ━━━━━━━━━━━━━━━━━━━━ 1s 10ms/step - accuracy: 0.5000 - loss: 1.0000\n", out);
        assertEquals(
                List.of("Epoch 1/2", "100/100 ━━━━━━━━━━━━━━━━━━━━ 1s 10ms/step - accuracy: 0.5000 - loss: 1.0000"),
                log);
    }

    @Test
    void aSingleEpochRunHasNoEpochHeaderAsInKeras() {
        ProgbarLogger p = logger(false, 2);
        p.onTrainBegin(1, 10);
        runEpoch(p, 10);
        assertEquals(
                "10/10 - 0s - 10ms/step - accuracy: 0.5000 - loss: 1.0000\n", console.toString(StandardCharsets.UTF_8));
    }

    @Test
    void onATerminalRedrawsAtMostEvery50msAndLogsOnlyTheFinalLine() {
        ProgbarLogger p = logger(true, 1);
        p.onTrainBegin(2, 100);
        runEpoch(p, 100);
        String out = console.toString(StandardCharsets.UTF_8);
        long redraws = out.chars().filter(c -> c == '\r').count();
        // 100 steps of 10 ms = 1 s: one redraw per 50 ms, plus the final line.
        assertTrue(redraws >= 19 && redraws <= 22, "redraws: " + redraws);
        assertTrue(out.endsWith("\n"));
        assertEquals(2, log.size());
        assertTrue(log.get(1).startsWith("100/100 ━━━━"), log.get(1));
    }

    @Test
    void verboseZeroPrintsNothing() {
        ProgbarLogger p = logger(true, 0);
        p.onTrainBegin(2, 10);
        runEpoch(p, 10);
        assertEquals("", console.toString(StandardCharsets.UTF_8));
        assertTrue(log.isEmpty());
    }

    @Test
    void aShorterLineOnATerminalIsPaddedToEraseTheLongerOneItOverwrites() {
        // Keras's Progbar pads with spaces up to the previous line's width, so no tail of it stays on screen.
        ProgbarLogger p = logger(true, 1);
        p.onTrainBegin(1, 3);
        p.onEpochBegin(0);
        now[0] = 60_000_000L;
        p.onBatchEnd(1, new TreeMap<>(Map.of("accuracy", 0.5, "loss", 1.0, "top_5_accuracy", 0.75)));
        p.onEpochEnd(0, Map.of("loss", 1.0));
        String[] draws = console.toString(StandardCharsets.UTF_8).split("\r");
        assertEquals(3, draws.length, "nothing, the live line, the final line");
        String live = Progbar.plain(draws[1]);
        String last = Progbar.plain(draws[2]);
        assertEquals(live.length(), last.length() - 1, "padded to the live line's width, then the newline");
        assertTrue(last.strip().length() < live.length(), "the final line itself is shorter");
    }

    @Test
    void everyLineReachesTheConsoleAtOnceEvenThroughABufferedStream() {
        // Keras flushes stdout after each write, so a line shows while the next step runs, not when a buffer fills.
        ByteArrayOutputStream screen = new ByteArrayOutputStream();
        PrintStream buffered =
                new PrintStream(new BufferedOutputStream(screen, 1 << 16), false, StandardCharsets.UTF_8);
        ProgbarLogger offTerminal = new ProgbarLogger(buffered, false, 1, log::add, () -> now[0]);
        offTerminal.onTrainBegin(2, 10);
        offTerminal.onEpochBegin(0);
        assertEquals("Epoch 1/2\n", screen.toString(StandardCharsets.UTF_8), "the header line");
        screen.reset();
        ProgbarLogger onTerminal = new ProgbarLogger(buffered, true, 1, log::add, () -> now[0]);
        onTerminal.onTrainBegin(1, 10);
        onTerminal.onEpochBegin(0);
        now[0] += 60_000_000L;
        onTerminal.onBatchEnd(1, Map.of());
        String live = Progbar.plain(screen.toString(StandardCharsets.UTF_8));
        assertTrue(live.startsWith("\r 1/10 "), "the live bar: " + live);
    }
}
