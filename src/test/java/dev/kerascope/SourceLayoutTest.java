package dev.kerascope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Issue 14's layout rules on every Java source: no line over 120 columns, no file over 400 lines. */
class SourceLayoutTest {
    private static final int MAX_COLUMNS = 120;
    private static final int MAX_LINES = 400;
    private static final List<Path> ROOTS = List.of(Path.of("src/main/java"), Path.of("src/test/java"));

    @Test
    void noLineIsOver120Columns() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : javaFiles()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                // Columns are characters as an editor shows them, not UTF-16 units nor UTF-8 bytes.
                int columns = lines.get(i).codePointCount(0, lines.get(i).length());
                if (columns > MAX_COLUMNS) {
                    offenders.add(file + ":" + (i + 1) + " has " + columns + " columns");
                }
            }
        }
        assertEquals(List.of(), offenders, "lines over " + MAX_COLUMNS + " columns");
    }

    @Test
    void noFileIsOver400Lines() throws IOException {
        List<String> offenders = new ArrayList<>();
        for (Path file : javaFiles()) {
            int lines = Files.readAllLines(file, StandardCharsets.UTF_8).size();
            if (lines > MAX_LINES) {
                offenders.add(file + ":" + (MAX_LINES + 1) + " is past line " + MAX_LINES + " (" + lines + " lines)");
            }
        }
        assertEquals(List.of(), offenders, "files over " + MAX_LINES + " lines");
    }

    private static List<Path> javaFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path root : ROOTS) {
            assertTrue(Files.isDirectory(root), root + " is not a folder: run the test from the project root");
            try (Stream<Path> walk = Files.walk(root)) {
                walk.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
            }
        }
        assertTrue(files.size() > 100, "only " + files.size() + " Java files found under " + ROOTS);
        return files;
    }
}
