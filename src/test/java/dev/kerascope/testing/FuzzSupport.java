package dev.kerascope.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.kerascope.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every fuzz test shares: the contract (a parser returns a value or throws a BadInputException with a message;
 * anything else, OutOfMemoryError and StackOverflowError included, escapes to Jazzer as a finding), a scratch folder
 * for the files parsers read by path, and seeds.
 *
 * <p>Seeds go where Jazzer's JUnit integration looks for them, {@code <TestClass>Inputs/<method>/} under the test
 * classes folder, written in {@code @BeforeAll} (which runs before Jazzer collects them). Real files come from
 * {@code ../shared} when it is there; nothing from it is committed.
 */
public final class FuzzSupport {
    /** Seeds above this size would make every fuzz iteration slow; smaller shared files suffice. */
    private static final long MAX_SEED_BYTES = 256 << 10;

    private static Path scratch;

    private FuzzSupport() {}

    /** Runs the parser on one input: a value or a BadInputException with a message is a pass. */
    public static void expectValueOrBadInput(ThrowingRunnable parse) throws IOException {
        try {
            parse.run();
        } catch (BadInputException e) {
            if (e.getMessage() == null || e.getMessage().isBlank()) {
                fail("BadInputException without a message", e);
            }
        }
    }

    /** A file in this JVM's scratch folder holding {@code bytes} (replaced on every call). */
    public static Path file(String name, byte[] bytes) throws IOException {
        Path f = scratch().resolve(name);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
        return f;
    }

    public static synchronized Path scratch() throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory("kerascope-fuzz");
            scratch.toFile().deleteOnExit();
        }
        return scratch;
    }

    /** Adds a seed for {@code test}'s fuzz method {@code method}. */
    public static void seed(Class<?> test, String method, String name, byte[] bytes) {
        try {
            Path dir = seedDir(test, method);
            Files.createDirectories(dir);
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds {@code ../shared/<relative>} as a seed when it exists and is small. */
    public static void seedShared(Class<?> test, String method, String relative) {
        Path f = SharedData.root().resolve(relative);
        try {
            if (Files.isRegularFile(f) && Files.size(f) <= MAX_SEED_BYTES) {
                seed(test, method, relative.replace('/', '_'), Files.readAllBytes(f));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes of a shared file, or null when the shared corpus is not here. */
    public static byte[] shared(String relative) throws IOException {
        Path f = SharedData.root().resolve(relative);
        return Files.isRegularFile(f) ? Files.readAllBytes(f) : null;
    }

    private static Path seedDir(Class<?> test, String method) {
        try {
            Path classes = Path.of(
                    test.getProtectionDomain().getCodeSource().getLocation().toURI());
            return classes.resolve(test.getPackageName().replace('.', '/'))
                    .resolve(test.getSimpleName() + "Inputs")
                    .resolve(method);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A parse step that may do I/O. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws IOException;
    }
}
