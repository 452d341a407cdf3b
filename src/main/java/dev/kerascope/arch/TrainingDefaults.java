package dev.kerascope.arch;

/**
 * How an architecture is trained unless the user overrides it: data set, epochs, batch size, Adam's learning rate, and
 * the input preprocessing {@code (pixel * scale - mean) / std}.
 */
public record TrainingDefaults(
        String dataset, int epochs, int batchSize, double learningRate, double scale, double mean, double std) {
    public static final TrainingDefaults KERAS = new TrainingDefaults("mnist", 2, 32, 1e-3, 1.0 / 255, 0.0, 1.0);

    public TrainingDefaults {
        if (epochs < 1 || batchSize < 1 || !(learningRate > 0) || !(std > 0) || !(scale > 0)) {
            throw new IllegalArgumentException(
                    "training: epochs, batch_size, learning_rate, scale and std must be positive");
        }
    }
}
