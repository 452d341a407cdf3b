package dev.kerascope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A history.json that cannot be used says which file and, for broken JSON, where. */
class HistoryJsonTest {
    @TempDir
    Path dir;

    private static String refused(Path f) {
        return assertThrows(BadInputException.class, () -> HistoryJson.read(f)).getMessage();
    }

    @Test
    void brokenJsonNamesTheLineOfTheFault() throws Exception {
        // The doubled comma, an empty list element, is on the file's second line.
        Path f = Files.writeString(dir.resolve("history.json"), "{\n  \"loss\": [0.5,, 0.25]\n}\n");
        String message = refused(f);
        assertTrue(message.startsWith(f + ": not a Keras history JSON ("), message);
        assertTrue(message.contains(" at line 2, column "), message);
        assertTrue(message.endsWith(")"), message);
    }

    @Test
    void aMissingFileAndAFolderAreToldApart() throws Exception {
        Path missing = dir.resolve("none.json");
        assertEquals(missing + ": no such file", refused(missing));
        Path folder = Files.createDirectory(dir.resolve("history.json"));
        assertEquals(folder + ": cannot be read", refused(folder));
    }
}
