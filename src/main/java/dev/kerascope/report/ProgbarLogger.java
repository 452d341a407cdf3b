package dev.kerascope.report;

import dev.kerascope.train.TrainingListener;
import java.io.PrintStream;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Keras's ProgbarLogger: prints {@code Epoch k/N} and the progress bar. verbose 1 on a terminal redraws a live bar (at
 * most every 50 ms, so printing never slows training) and leaves Keras's final line; off a terminal it prints the final
 * line only; verbose 2 prints Keras's one-line form; verbose 0 prints nothing. Every line that stays is also handed to
 * {@code logSink}.
 */
public final class ProgbarLogger implements TrainingListener {
    private static final long INTERVAL_NANOS = 50_000_000L;

    private final PrintStream console;
    private final boolean terminal;
    private final boolean ansi;
    private final int verbose;
    private final Consumer<String> logSink;
    private final LongSupplier clock;
    private int epochs;
    private int steps;
    private StepTimer timer;
    private long lastDraw;
    private double secondsPerStep;
    private int previousWidth;

    public ProgbarLogger(
            PrintStream console, boolean terminal, int verbose, Consumer<String> logSink, LongSupplier clock) {
        this(console, terminal, terminal, verbose, logSink, clock);
    }

    /**
     * @param ansi Keras's escape codes in the final epoch lines even off a terminal, as Keras 3 prints them in a
     *     notebook (Rich honours FORCE_COLOR the same way); the log file always gets plain text
     */
    public ProgbarLogger(
            PrintStream console,
            boolean terminal,
            boolean ansi,
            int verbose,
            Consumer<String> logSink,
            LongSupplier clock) {
        this.console = console;
        this.terminal = terminal;
        this.ansi = ansi;
        this.verbose = verbose;
        this.logSink = logSink;
        this.clock = clock;
    }

    @Override
    public void onTrainBegin(int epochs, int stepsPerEpoch) {
        this.epochs = epochs;
        this.steps = stepsPerEpoch;
    }

    @Override
    public void onEpochBegin(int epoch) {
        timer = new StepTimer(clock);
        lastDraw = 0;
        previousWidth = 0;
        if (verbose > 0 && epochs > 1) {
            emit("Epoch " + (epoch + 1) + "/" + epochs);
        }
    }

    @Override
    public void onBatchEnd(int step, Map<String, Double> logs) {
        secondsPerStep = timer.secondsPerStep(step);
        if (verbose == 1 && terminal) {
            long now = clock.getAsLong();
            if (now - lastDraw >= INTERVAL_NANOS) {
                lastDraw = now;
                redraw(Progbar.liveLine(step, steps, secondsPerStep, logs, true), false);
            }
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (verbose == 0) {
            return;
        }
        // Keras finalises after validation: elapsed and time per step include the validation pass.
        double perStep = timer.secondsPerStep(steps);
        double elapsed = timer.elapsedSeconds();
        if (verbose == 2) {
            emit(Progbar.verbose2Line(steps, elapsed, perStep, logs));
            return;
        }
        String line = Progbar.finalLine(steps, elapsed, perStep, logs, ansi);
        if (terminal) {
            redraw(line, true);
            logSink.accept(Progbar.plain(line));
        } else {
            emit(line);
        }
    }

    private void redraw(String line, boolean finish) {
        int width = Progbar.plain(line).length();
        String pad = previousWidth > width ? " ".repeat(previousWidth - width) : "";
        console.print("\r" + line + pad + (finish ? "\n" : ""));
        console.flush();
        previousWidth = finish ? 0 : width;
    }

    private void emit(String line) {
        console.println(line);
        console.flush();
        logSink.accept(Progbar.plain(line));
    }
}
