package dev.kerascope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's library example, compiled and run as a user would: it must build and print what its comments say. */
class ReadmeLibraryExampleTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeExampleCompilesAndReadsTheDigit() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("### Use as a library");
        int start = readme.indexOf("```java\n", section) + 8;
        String source = readme.substring(start, readme.indexOf("```", start));
        Path file = Files.writeString(dir.resolve("Example.java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int rc = javac.run(
                null, null, null, "-d", dir.toString(), "-cp", System.getProperty("java.class.path"), file.toString());
        assertEquals(0, rc, "the README example compiles");
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            loader.loadClass("Example").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(saved);
        }
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertTrue(lines.get(0).startsWith("x * 0.00392157, recorded in"), lines.toString());
        assertEquals(List.of("[1, 26, 26, 32]", "prediction: 7", "[3, 3, 1, 32]", "conv1:raw"), lines.subList(1, 5));
    }
}
