package dev.kerascope.report;

import dev.kerascope.io.AtomicFiles;
import dev.kerascope.train.TrainingListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Keras's CSVLogger: a header {@code epoch,accuracy,loss,val_accuracy,val_loss} (keys sorted) and one row per epoch,
 * epoch numbered from 0, values as Python writes floats. The file is rewritten atomically after each epoch, so it
 * always holds complete rows only; on resume the rows already there are kept.
 */
public final class CsvLogger implements TrainingListener {
    private final Path file;
    private final StringBuilder content = new StringBuilder();

    public CsvLogger(Path file) {
        this.file = file;
    }

    /** Keeps the complete rows of an earlier run's file (resume), up to {@code epochs} rows. */
    public CsvLogger keepRows(int epochs) throws IOException {
        if (Files.isRegularFile(file)) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < Math.min(lines.size(), epochs + 1); i++) {
                content.append(lines.get(i)).append('\n');
            }
        }
        return this;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (content.length() == 0) {
            content.append("epoch");
            logs.keySet().forEach(k -> content.append(',').append(k));
            content.append('\n');
        }
        content.append(epoch);
        logs.values().forEach(v -> content.append(',').append(PythonFloats.repr(v)));
        content.append('\n');
        AtomicFiles.writeString(file, content.toString());
    }
}
