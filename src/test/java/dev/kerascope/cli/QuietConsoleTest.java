package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/kerascope and {@code java -jar} (both through {@link Launcher}) keep TensorFlow's native start-up lines off the
 * console and kerascope's own lines on it; killing the launcher kills the whole command.
 */
class QuietConsoleTest {
    @TempDir
    Path dir;

    private record Ran(int exit, String out, String err) {}

    private Ran run(boolean debug, String... args) throws IOException, InterruptedException {
        return run(new ArrayList<>(List.of("bin/kerascope")), debug, args);
    }

    /** What {@code java -jar target/kerascope.jar} runs, before the jar exists: the manifest's main class. */
    private static List<String> javaJar() {
        return new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Launcher.class.getName()));
    }

    private Ran run(List<String> command, boolean debug, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.command().addAll(List.of(args));
        pb.environment().put("KERASCOPE_CLASSPATH", System.getProperty("java.class.path"));
        pb.environment().remove("KERASCOPE_DEBUG");
        if (debug) {
            pb.environment().put("KERASCOPE_DEBUG", "1");
        }
        pb.redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        int exit = pb.start().waitFor();
        return new Ran(
                exit,
                Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void tensorflowsStartUpLinesAreFilteredAndKeptWithDebug() throws Exception {
        String[] args = {"activations", "--input", "examples/digits/digit-7.png", "--layers", "conv1"};
        Ran debug = run(true, args);
        assertEquals(0, debug.exit(), debug.err());
        assertTrue(
                debug.err().contains("absl::InitializeLog") || debug.err().matches("(?s).*[IWE]0000 .*"),
                "without the filter TensorFlow's native lines reach stderr: " + debug.err());
        Ran quiet = run(false, args);
        assertEquals(0, quiet.exit(), quiet.err());
        assertEquals("", quiet.err(), "nothing on stderr in normal use");
        assertTrue(quiet.out().contains("conv1"), quiet.out());
        Ran bad =
                run(false, "activations", dir.resolve("missing").toString(), "--input", "examples/digits/digit-7.png");
        assertEquals(2, bad.exit(), "the exit code passes through the filter");
        assertTrue(bad.err().startsWith("kerascope: " + dir.resolve("missing")), bad.err());
        assertFalse(bad.err().contains("I0000"));
    }

    @Test
    void javaJarIsAsQuietAsTheScriptAndPassesTheExitCode() throws Exception {
        Ran quiet = run(javaJar(), false, "activations", "--input", "examples/digits/digit-7.png", "--layers", "conv1");
        assertEquals(0, quiet.exit(), quiet.err());
        assertEquals("", quiet.err(), "nothing on stderr in normal use");
        assertTrue(quiet.out().contains("conv1"), quiet.out());
        Ran bad = run(javaJar(), false, "summary", dir.resolve("missing.json").toString());
        assertEquals(2, bad.exit());
        assertTrue(bad.err().startsWith("kerascope: " + dir.resolve("missing.json")), bad.err());
    }

    @Test
    void theChildGetsTensorFlowsEnvironmentAndTheUsersValuesWin() {
        ProcessBuilder child = Launcher.childProcess(new String[] {"summary"});
        for (var entry : Launcher.ENVIRONMENT_DEFAULTS.entrySet()) {
            String users = System.getenv(entry.getKey());
            assertEquals(
                    users == null ? entry.getValue() : users,
                    child.environment().get(entry.getKey()),
                    entry.getKey() + ": the default, or the value already set");
        }
        assertEquals("Softmax", child.environment().get("TF_AUTO_MIXED_PRECISION_GRAPH_REWRITE_DENYLIST_ADD"));
        assertEquals(
                Long.toString(ProcessHandle.current().pid()),
                child.environment().get(Launcher.LAUNCHED_BY));
        assertEquals(
                List.of("summary"),
                child.command()
                        .subList(child.command().size() - 1, child.command().size()));
    }

    @Test
    void killingTheLauncherStopsTheCommand() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(javaJar());
        pb.command().addAll(List.of("bench", "activations"));
        pb.redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        Process launcher = pb.start();
        ProcessHandle child = null;
        for (long end = System.nanoTime() + 20_000_000_000L; child == null && System.nanoTime() < end; ) {
            child = launcher.toHandle().children().findFirst().orElse(null);
            Thread.sleep(50);
        }
        assertTrue(child != null && child.isAlive(), "the launcher started a child JVM");
        Thread.sleep(1500); // let it load TensorFlow and start working
        launcher.destroyForcibly().waitFor();
        long end = System.nanoTime() + 10_000_000_000L;
        while (child.isAlive() && System.nanoTime() < end) {
            Thread.sleep(50);
        }
        boolean orphaned = child.isAlive();
        child.destroyForcibly();
        assertFalse(orphaned, "the child JVM stops within seconds of its launcher's SIGKILL");
    }

    @Test
    void exportGetsABoundedHeapUnlessOneIsGiven() {
        String[] export = {"export", "--count", "10000"};
        assertEquals(java.util.Optional.of("-Xmx1g"), Launcher.heapDefault(List.of(), null, null, export));
        assertEquals(java.util.Optional.empty(), Launcher.heapDefault(List.of("-Xmx8g"), null, null, export));
        assertEquals(
                java.util.Optional.empty(), Launcher.heapDefault(List.of(), "-XX:MaxRAMPercentage=50", null, export));
        assertEquals(java.util.Optional.empty(), Launcher.heapDefault(List.of(), null, "-XX:MaxHeapSize=2g", export));
        assertEquals(
                java.util.Optional.empty(),
                Launcher.heapDefault(List.of(), null, null, new String[] {"report"}),
                "other commands keep the JVM's default");
        assertEquals(java.util.Optional.empty(), Launcher.heapDefault(List.of(), null, null, new String[0]));
        assertEquals(
                java.util.Optional.of("-Xmx1g"),
                Launcher.heapDefault(List.of(), null, null, new String[] {"bench", "export"}),
                "the benchmark measures what export does");
    }
}
