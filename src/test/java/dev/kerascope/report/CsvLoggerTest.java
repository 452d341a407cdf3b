package dev.kerascope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLoggerTest {
    @TempDir
    Path dir;

    static Map<String, Double> logs(double acc, double loss) {
        return new TreeMap<>(Map.of("loss", loss, "accuracy", acc, "val_loss", loss * 2, "val_accuracy", acc / 2));
    }

    @Test
    void writesKerasColumnsWithZeroBasedEpochs() throws Exception {
        CsvLogger csv = new CsvLogger(dir.resolve("training.csv"));
        csv.onEpochEnd(0, logs(0.5, 1.5));
        csv.onEpochEnd(1, logs(0.75, 0.25));
        assertEquals(
                List.of("epoch,accuracy,loss,val_accuracy,val_loss", "0,0.5,1.5,0.25,3.0", "1,0.75,0.25,0.375,0.5"),
                Files.readAllLines(dir.resolve("training.csv")));
    }

    @Test
    void onResumeKeepsOnlyTheCheckpointedRows() throws Exception {
        Path f = dir.resolve("training.csv");
        Files.writeString(f, "epoch,accuracy,loss,val_accuracy,val_loss\n0,0.5,1.5,0.25,3.0\n1,0.6,1.0,0.3,2.0\n");
        CsvLogger csv = new CsvLogger(f).keepRows(1);
        csv.onEpochEnd(1, logs(0.75, 0.25));
        assertEquals(
                List.of("epoch,accuracy,loss,val_accuracy,val_loss", "0,0.5,1.5,0.25,3.0", "1,0.75,0.25,0.375,0.5"),
                Files.readAllLines(f));
    }
}
