package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A report replaces its folder as a whole: only ever a previous report, never the user's files (nor the model). */
class ReportOutputFolderTest {
    private static final Path MODEL = Path.of("saved-models/keras-mnist");

    @TempDir
    Path dir;

    @Test
    void aReportIntoTheModelsOwnFolderIsRefusedAndTheModelStays() throws Exception {
        Path model = dir.resolve("my model");
        try (Stream<Path> files = Files.walk(MODEL)) {
            for (Path f : files.toList()) {
                Path to = model.resolve(MODEL.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        long before = count(model);
        BadInputException e =
                assertThrows(BadInputException.class, () -> ReportJob.run(model, Path.of("examples/digits"), 1, model));
        assertTrue(e.getMessage().startsWith(model + ": holds files that are not a kerascope report"), e.getMessage());
        assertEquals(before, count(model), "every file of the model is still there");
    }

    @Test
    void aSecondReportReplacesTheFirst() throws Exception {
        Path out = dir.resolve("report");
        ReportJob.run(MODEL, Path.of("examples/digits"), 1, out);
        AtomicFiles.writeString(out.resolve("stale.txt"), "from the first run");
        ReportJob.run(MODEL, Path.of("examples/digits"), 1, out);
        assertTrue(Files.isRegularFile(out.resolve("index.html")));
        assertTrue(Files.notExists(out.resolve("stale.txt")), "replaced as a whole");
    }

    private static long count(Path folder) throws Exception {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.count();
        }
    }
}
