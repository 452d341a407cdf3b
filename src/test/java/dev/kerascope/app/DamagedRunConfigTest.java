package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerascope.data.DatasetDownloader;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.io.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --resume} on a run folder whose run.json was edited by hand or cut short: one line naming the file and
 * what is wrong, never the JDK's own exception text (which used to reach the user: "(empty String)", "Cannot invoke ...
 * because ... is null").
 */
class DamagedRunConfigTest {
    @TempDir
    Path dir;

    private String refusal(String runJson) throws Exception {
        Files.writeString(dir.resolve("run.json"), runJson);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        TrainJob job = new TrainJob(
                new DatasetLocator(dir.resolve("no-keras"), dir.resolve("no-debian"), new DatasetDownloader(quiet)),
                quiet);
        return assertThrows(
                        BadInputException.class,
                        () -> job.resume(dir, Optional.empty(), Optional.empty(), 1, log -> null))
                .getMessage();
    }

    @Test
    void aNumberThatIsNotOneNamesTheFileAndNotTheJdksText() throws Exception {
        assertEquals(
                dir.resolve("run.json") + ": unreadable run configuration: a field kerascope wrote is missing or"
                        + " holds a value of the wrong kind",
                refusal("{\"from\": \"m.keras\", \"learning_rate\": 0.001, \"scale\": \"/5\"}"));
    }

    @Test
    void aMissingFieldIsTheSameLine() throws Exception {
        assertEquals(
                dir.resolve("run.json") + ": unreadable run configuration: a field kerascope wrote is missing or"
                        + " holds a value of the wrong kind",
                refusal("{\"from\": \"m.keras\"}"));
    }

    @Test
    void brokenJsonSaysWhere() throws Exception {
        // Line 2, column 13: the first character after `"epochs": ` that cannot start a JSON value.
        assertEquals(
                dir.resolve("run.json") + ": unreadable run configuration: not valid JSON at line 2, column 13",
                refusal("{\n  \"epochs\": ?\n}"));
    }
}
