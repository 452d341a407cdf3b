package dev.kerascope.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.arch.Architectures;
import dev.kerascope.io.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KerascopeRecordTest {
    @TempDir
    Path dir;

    private Path write(String json) throws Exception {
        Files.createDirectories(dir.resolve("assets.extra"));
        Files.writeString(dir.resolve(KerascopeRecord.FILE), json);
        return dir;
    }

    @Test
    void whatIsWrittenReadsBackWithEveryLayerOutputAndThePreprocessing() throws Exception {
        var arch = Architectures.builtIn("tiny-mnist");
        write(KerascopeRecord.of(arch, 1 / 255.0, 0.1307, 0.3081, "mnist").toJson());
        KerascopeRecord r = KerascopeRecord.read(dir).orElseThrow();
        assertEquals(arch.layers().size(), r.layerOutputs().size());
        assertEquals("conv1/output:0", r.layerOutputs().get("conv1"));
        assertEquals(0.1307, r.mean());
        assertEquals(0.3081, r.std());
        assertEquals("mnist", r.dataset());
        assertEquals(
                arch.layers().get(2).name(), r.architecture().layers().get(2).name());
    }

    @Test
    void aBrokenRecordIsRefusedNamingItsFile() throws Exception {
        for (String json : new String[] {
            "not json",
            "[]",
            "{\"architecture\": 3}",
            KerascopeRecord.of(Architectures.builtIn("tiny-mnist"), 1, 0, 1, "m")
                    .toJson()
                    .replace("\"std\" : 1.0", "\"std\" : 0.0")
        }) {
            write(json);
            BadInputException e = assertThrows(BadInputException.class, () -> KerascopeRecord.read(dir), json);
            assertTrue(
                    e.getMessage().startsWith(dir.resolve(KerascopeRecord.FILE).toString()), e.getMessage());
        }
    }

    @Test
    void aFolderWithoutARecordHasNone() {
        assertTrue(KerascopeRecord.read(dir).isEmpty());
    }
}
