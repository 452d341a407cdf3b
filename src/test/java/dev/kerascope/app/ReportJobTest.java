package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job on the shipped model and the example digits: what a person opens in a browser. */
class ReportJobTest {
  @TempDir static Path out;
  static ReportJob.Outcome outcome;

  @BeforeAll
  static void writeTheReport() {
    outcome = ReportJob.run(Path.of("saved-models/keras-mnist/saved_model"), Path.of("examples/digits"), 10, out);
  }

  @Test
  void everyImageTheReportNamesExistsHasAltTextAndNothingIsFetchedFromOutside() throws Exception {
    String html = Files.readString(outcome.index());
    Matcher m = Pattern.compile("<img src=\"([^\"]+)\" alt=\"([^\"]*)\"").matcher(html);
    int images = 0;
    while (m.find()) {
      images++;
      assertTrue(Files.isRegularFile(out.resolve(m.group(1))), m.group(1));
      assertFalse(m.group(2).isBlank(), "alt text of " + m.group(1));
    }
    assertEquals(outcome.figures(), images);
    assertEquals(2 + 5 + 10 * 8, images, "2 curves, 5 filter galleries, 8 conv/pool grids for each of 10 digits");
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src=\"//"), "the page must work offline");
    assertTrue(html.contains("Total params: 156,650 (611.91 KB)"));
  }

  @Test
  void theShippedModelReadsTheExampleDigits() throws Exception {
    JsonNode p = new ObjectMapper().readTree(out.resolve("predictions.json").toFile());
    int right = 0;
    for (int d = 0; d < 10; d++) {
      right += p.get("digit-" + d + ".png").get(0).asText().startsWith(d + " ") ? 1 : 0;
    }
    assertEquals(10, right, "the README promises all ten example digits are read correctly: " + p);
    assertTrue(Files.isRegularFile(out.resolve("inputs/digit-7/npy/conv3.npy")));
  }

  @Test
  void aRealBrowserLoadsEveryImageWithoutOverflowAtPhoneWidth() throws Exception {
    Path chromium = Path.of("/usr/bin/chromium");
    if (!Files.isExecutable(chromium)) {
      System.out.println("SKIPPED: no /usr/bin/chromium (apt-get install chromium; .ci/run installs it)");
    }
    Assumptions.assumeTrue(Files.isExecutable(chromium), "chromium is not installed");
    List<String> flags = List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--virtual-time-budget=10000");
    String url = outcome.index().toUri().toString();
    Path profile = Files.createTempDirectory("chromium");
    var dump = new java.util.ArrayList<>(flags);
    dump.addAll(List.of("--user-data-dir=" + profile, "--window-size=390,844", "--dump-dom", url));
    Process p = new ProcessBuilder(dump).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String dom = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(120, TimeUnit.SECONDS));
    Matcher body = Pattern.compile("<body data-images-total=\"(\\d+)\" data-images-loaded=\"(\\d+)\" data-overflow=\"(\\w+)\"").matcher(dom);
    assertTrue(body.find(), "the page's check did not run: " + dom.substring(0, Math.min(300, dom.length())));
    assertEquals(outcome.figures(), Integer.parseInt(body.group(1)));
    assertEquals(body.group(1), body.group(2), "every image loaded");
    assertEquals("no", body.group(3), "nothing overflows a 390 px wide screen");
    var shot = new java.util.ArrayList<>(flags);
    Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
    shot.addAll(List.of("--user-data-dir=" + Files.createTempDirectory("chromium"), "--window-size=390,2400", "--screenshot=" + png, url));
    Process s = new ProcessBuilder(shot).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    assertTrue(s.waitFor(120, TimeUnit.SECONDS));
    assertTrue(Files.size(png) > 10_000, "screenshot saved to " + png);
  }
}
