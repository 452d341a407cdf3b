package dev.kerascope.train;

/** Loss summed over the samples of a batch (or several), the correct predictions, and the count. */
record StepMetrics(double lossSum, long correct, long samples) {
    public static final StepMetrics ZERO = new StepMetrics(0, 0, 0);

    public StepMetrics plus(StepMetrics o) {
        return new StepMetrics(lossSum + o.lossSum, correct + o.correct, samples + o.samples);
    }

    /** Mean loss per sample, as Keras's loss tracker reports it (float32, like Keras). */
    public float meanLoss() {
        return samples == 0 ? Float.NaN : (float) (lossSum / samples);
    }

    public float accuracy() {
        return samples == 0 ? Float.NaN : (float) ((double) correct / samples);
    }
}
