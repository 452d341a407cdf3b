package dev.kerascope.train;

import java.nio.file.Path;

/** Where one training run keeps its files. */
public record RunDirectory(Path root) {
    public Path history() {
        return root.resolve("history.json");
    }

    public Path csv() {
        return root.resolve("training.csv");
    }

    public Path log() {
        return root.resolve("train.log");
    }

    public Path runConfig() {
        return root.resolve("run.json");
    }

    public Path architecture() {
        return root.resolve("architecture.json");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path savedModel() {
        return root.resolve("saved_model");
    }
}
