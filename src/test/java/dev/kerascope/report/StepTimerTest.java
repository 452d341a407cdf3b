package dev.kerascope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Keras's {@code Progbar._estimate_step_duration}: after step 1 the time of that step is marked, and from step 2 on the
 * time per step is measured from the mark over {@code current - 1} steps; at step 1 it is all the time so far.
 */
class StepTimerTest {
    @Test
    void theFirstStepIsLeftOutWhateverTheClockReadsAtIt() {
        // System.nanoTime's origin is arbitrary, so its readings may be 0 or negative (its Javadoc says so).
        for (long atFirstStep : new long[] {-1, 0, -5_000_000_000L}) {
            long[] now = {atFirstStep - 30_000_000L};
            StepTimer t = new StepTimer(() -> now[0]);
            now[0] = atFirstStep;
            assertEquals(0.030, t.secondsPerStep(1), 1e-12, "step 1 took 30 ms (warm-up)");
            now[0] = atFirstStep + 10_000_000L;
            assertEquals(0.010, t.secondsPerStep(2), 1e-12, "step 2 alone, 10 ms, clock at step 1: " + atFirstStep);
            now[0] = atFirstStep + 30_000_000L;
            assertEquals(0.015, t.secondsPerStep(3), 1e-12, "(30 ms) / 2 steps after the first");
        }
    }

    @Test
    void aOneStepEpochIsTimedFromTheStartEvenWhenAskedAgain() {
        // ProgbarLogger asks once after the batch and again at the epoch's end; with one step both are step 1.
        long[] now = {0};
        StepTimer t = new StepTimer(() -> now[0]);
        now[0] = 10_000_000L;
        assertEquals(0.010, t.secondsPerStep(1), 1e-12);
        now[0] = 15_000_000L;
        assertEquals(0.015, t.secondsPerStep(1), 1e-12, "validation included: 15 ms for the one step");
    }
}
