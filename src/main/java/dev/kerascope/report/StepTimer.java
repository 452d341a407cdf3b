package dev.kerascope.report;

import java.util.function.LongSupplier;

/**
 * Keras's {@code _estimate_step_duration}: the time per step leaves out the first step (graph warm-up) once more than
 * one step has run.
 */
final class StepTimer {
    private final LongSupplier nanoClock;
    private final long start;
    /** Set at step 1; a flag, not a sentinel reading, since nanoTime's arbitrary origin makes any value possible. */
    private boolean firstStepDone;

    private long afterFirstStep;

    public StepTimer(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** Call after each step with the number of steps done; returns seconds per step. */
    public double secondsPerStep(int current) {
        long now = nanoClock.getAsLong();
        if (current == 0) {
            return 0;
        }
        double perStep = firstStepDone && current > 1
                ? (now - afterFirstStep) / 1e9 / (current - 1)
                : (now - start) / 1e9 / current;
        if (current == 1) {
            afterFirstStep = now;
            firstStepDone = true;
        }
        return perStep;
    }

    public double elapsedSeconds() {
        return (nanoClock.getAsLong() - start) / 1e9;
    }
}
