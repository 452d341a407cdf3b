package dev.kerascope.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The shared corpora beside the repository ({@code ../shared}): present on the project's machines, absent elsewhere.
 * Tests that need them call {@link #require}, which prints why the test is skipped when they are missing, so a skip is
 * never silent.
 */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        return Path.of("..", "shared").toAbsolutePath().normalize();
    }

    public static Path mnist() {
        return root().resolve("datasets/mnist");
    }

    public static Path require(Path path) {
        boolean present = Files.exists(path);
        if (!present) {
            System.out.println("SKIPPED: " + path
                    + " is not present (the shared corpus lives beside the repository on the project's machines)");
        }
        Assumptions.assumeTrue(present, path + " is not present");
        return path;
    }
}
