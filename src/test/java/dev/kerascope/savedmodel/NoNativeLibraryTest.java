package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.cli.KerascopeCommand;
import dev.kerascope.testing.SharedData;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * summary and inspect read protobufs only: they run in a JVM whose class path lacks TensorFlow's native library jar,
 * where loading it would fail.
 */
class NoNativeLibraryTest {
    @TempDir
    Path dir;

    int run(String... args) throws Exception {
        String classPath = Arrays.stream(expandedClassPath())
                .filter(p -> !p.contains("linux-x86_64"))
                .collect(Collectors.joining(File.pathSeparator));
        String java = ProcessHandle.current().info().command().orElse("java");
        String[] cmd = new String[args.length + 4];
        cmd[0] = java;
        cmd[1] = "-cp";
        cmd[2] = classPath;
        cmd[3] = KerascopeCommand.class.getName();
        System.arraycopy(args, 0, cmd, 4, args.length);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile())
                .start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        return p.exitValue();
    }

    /** Surefire may put the class path in a manifest-only jar; read it back from there when it does. */
    static String[] expandedClassPath() throws Exception {
        String cp = System.getProperty("java.class.path");
        String[] parts = cp.split(File.pathSeparator);
        if (parts.length == 1 && parts[0].endsWith(".jar")) {
            try (var jar = new java.util.jar.JarFile(parts[0])) {
                String manifestCp = jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifestCp != null) {
                    return Arrays.stream(manifestCp.split(" "))
                            .map(u -> {
                                try {
                                    return Path.of(new java.net.URI(u)).toString();
                                } catch (Exception e) {
                                    return u;
                                }
                            })
                            .toArray(String[]::new);
                }
            }
        }
        return parts;
    }

    @Test
    void summaryAndInspectNeverLoadTheNativeLibrary() throws Exception {
        Path m = SharedData.require(SharedData.root().resolve("savedmodels/keras2_tf29_mnist_cnn_bn"));
        assertEquals(0, run("summary", m.toString()), Files.readString(dir.resolve("out.txt")));
        // A Keras 2.9 save prints tf.keras 2.7-2.12's layout by default: totals with separators and no size.
        assertTrue(
                Files.readString(dir.resolve("out.txt")).contains("Total params: 180,454\n"),
                Files.readString(dir.resolve("out.txt")));
        assertEquals(0, run("inspect", m.toString()), Files.readString(dir.resolve("out.txt")));
        assertEquals(0, run("summary", "keras-mnist", "--rf"), Files.readString(dir.resolve("out.txt")));
    }
}
