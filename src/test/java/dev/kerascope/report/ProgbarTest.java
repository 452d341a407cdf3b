package dev.kerascope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ProgbarTest {
    static final Map<String, Double> LOGS =
            new TreeMap<>(Map.of("accuracy", 0.95614, "loss", 0.14201, "val_accuracy", 0.9857, "val_loss", 0.04339));

    @Test
    void finalLineIsKeras3sEpochLine() {
        assertEquals(
                "1875/1875 ━━━━━━━━━━━━━━━━━━━━ 31s 16ms/step - accuracy: 0.9561 - loss: 0.1420 - val_accuracy: "
                        + "0.9857 - val_loss: 0.0434",
                Progbar.finalLine(1875, 31.2, 0.0162, LOGS, false));
    }

    @Test
    void verbose2IsKerasOneLineForm() {
        assertEquals(
                "1875/1875 - 31s - 16ms/step - accuracy: 0.9561 - loss: 0.1420 - val_accuracy: 0.9857 - val_loss: "
                        + "0.0434",
                Progbar.verbose2Line(1875, 31.4, 0.016, LOGS));
    }

    @Test
    void liveLineRightAlignsTheCountAndShowsEta() {
        Map<String, Double> logs = new TreeMap<>(Map.of("accuracy", 0.5, "loss", 1.25));
        // 93 of 1875: 0.992 bar segments filled -> 0 green; ETA 1782 steps * 0.02 s = 35.64 s.
        assertEquals(
                "  93/1875 ━━━━━━━━━━━━━━━━━━━━ 35s 20ms/step - accuracy: 0.5000 - loss: 1.2500",
                Progbar.liveLine(93, 1875, 0.02, logs, false));
        assertEquals(
                "938/1875 ━━━━━━━━━━━━━━━━━━━━ 1:14 79ms/step - loss: 0.5000",
                Progbar.liveLine(938, 1875, 0.079, Map.of("loss", 0.5), false).replaceFirst("^ ", ""));
    }

    @Test
    void ansiBarColoursDoneAndRemainingParts() {
        String bar = Progbar.bar(5, 10, true);
        assertEquals(
                "\u001b[1m 5/10\u001b[0m \u001b[32m" + "━".repeat(10) + "\u001b[0m\u001b[37m" + "━".repeat(10)
                        + "\u001b[0m",
                bar);
        assertEquals(" 5/10 " + "━".repeat(20), Progbar.plain(bar));
    }

    @Test
    void timesAndEtasUseKerasUnits() {
        assertEquals(" 2s/step", Progbar.formatTime(2.4, "step"));
        assertEquals(" 16ms/step", Progbar.formatTime(0.016, "step"));
        assertEquals(" 840us/step", Progbar.formatTime(0.00084, "step"));
        assertEquals(" 0s/step", Progbar.formatTime(0, "step"));
        assertEquals("42s", Progbar.formatEta(42.9));
        assertEquals("2:05", Progbar.formatEta(125.0));
        assertEquals("1:02:03", Progbar.formatEta(3723.0));
    }

    @Test
    void tinyMetricValuesUseScientificNotation() {
        assertEquals(" - loss: 1.2340e-04", Progbar.metrics(Map.of("loss", 1.234e-4)));
        assertEquals(" - loss: 0.0020", Progbar.metrics(Map.of("loss", 0.002)));
    }

    @Test
    void stepTimerLeavesOutTheFirstStep() {
        long[] now = {0};
        StepTimer t = new StepTimer(() -> now[0]);
        now[0] = 500_000_000L; // first step: 0.5 s of warm-up
        assertEquals(0.5, t.secondsPerStep(1), 1e-9);
        now[0] += 3 * 20_000_000L; // three more steps of 20 ms
        assertEquals(0.020, t.secondsPerStep(4), 1e-9);
        assertEquals(0.56, t.elapsedSeconds(), 1e-9);
    }
}
