package dev.kerascope.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerascope.io.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint's state.json edited by hand or cut short: one line naming it, never the JDK's exception text. */
class DamagedCheckpointStateTest {
    @TempDir
    Path dir;

    private String refusal(String stateJson) throws Exception {
        Path state = dir.resolve("epoch-0002").resolve("state.json");
        Files.createDirectories(state.getParent());
        Files.writeString(state, stateJson);
        return assertThrows(BadInputException.class, () -> new CheckpointStore(dir).latest())
                .getMessage();
    }

    @Test
    void aMissingEpochCountNamesTheFile() throws Exception {
        assertEquals(
                dir.resolve("epoch-0002/state.json")
                        + ": unreadable checkpoint state: a field kerascope wrote is missing or of the wrong kind",
                refusal("{\"history\": {}}"));
    }

    @Test
    void aTruncatedFileSaysWhereTheJsonBreaks() throws Exception {
        // Line 1, column 21: the end of input, just past the 20 characters of `{"epochs": 2, "histo`.
        assertEquals(
                dir.resolve("epoch-0002/state.json")
                        + ": unreadable checkpoint state: not valid JSON at line 1, column 21",
                refusal("{\"epochs\": 2, \"histo"));
    }
}
