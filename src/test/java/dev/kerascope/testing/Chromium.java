package dev.kerascope.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for the page tests: {@link #measure} loads a copy of a page with selftest.js injected (images
 * loaded, elements past the edge, smallest text, pickers, zoom) and returns what it measured; {@link #screenshot} saves
 * what a reader sees. Skips, saying so, where Chromium is not installed.
 */
public final class Chromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private Chromium() {}

    public static void require() {
        if (!Files.isExecutable(BINARY)) {
            System.out.println("SKIPPED: no /usr/bin/chromium (apt-get install chromium; .ci/run installs it)");
        }
        Assumptions.assumeTrue(Files.isExecutable(BINARY), "chromium is not installed");
    }

    /** The page at {@code width} CSS px, measured by selftest.js (written beside a copy of the page). */
    public static JsonNode measure(Path page, int width) throws IOException, InterruptedException {
        Path dir = page.getParent();
        try (InputStream in = Chromium.class.getResourceAsStream("selftest.js")) {
            Files.write(dir.resolve("selftest.js"), in.readAllBytes());
        }
        Path copy = dir.resolve("selftest-" + page.getFileName());
        Files.writeString(
                copy, Files.readString(page).replace("</body>", "<script src=\"selftest.js\"></script>\n</body>"));
        List<String> args = flags(width, 1200);
        args.addAll(List.of("--dump-dom", copy.toUri().toString()));
        Process p = new ProcessBuilder(args)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String dom = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        Matcher m = Pattern.compile("data-selftest=\"([^\"]*)\"").matcher(dom);
        if (!m.find()) {
            throw new AssertionError(
                    "the page's self-test did not run: " + dom.substring(0, Math.min(400, dom.length())));
        }
        String json = m.group(1)
                .replace("&quot;", "\"")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&");
        return new ObjectMapper().readTree(json);
    }

    /** A screenshot of the page's top {@code height} px at {@code width} px, saved at {@code png}. */
    public static Path screenshot(Path page, int width, int height, Path png) throws IOException, InterruptedException {
        Files.createDirectories(png.toAbsolutePath().getParent());
        List<String> args = flags(width, height);
        args.addAll(List.of(
                "--hide-scrollbars",
                "--screenshot=" + png.toAbsolutePath(),
                page.toUri().toString()));
        Process s = new ProcessBuilder(args)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!s.waitFor(120, TimeUnit.SECONDS)) {
            s.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        return png;
    }

    private static List<String> flags(int width, int height) throws IOException {
        return new ArrayList<>(List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--virtual-time-budget=10000",
                "--user-data-dir=" + Files.createTempDirectory("chromium"),
                "--window-size=" + width + "," + height));
    }
}
