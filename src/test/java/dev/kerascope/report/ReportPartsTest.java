package dev.kerascope.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.train.History;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's small pure parts against Python's, NumPy's and Keras's documented outputs. */
class ReportPartsTest {
    @TempDir
    Path dir;

    @Test
    void pythonReprAtEveryBranch() {
        // What Python 3 prints for repr(x).
        assertEquals("nan", PythonFloats.repr(Double.NaN));
        assertEquals("inf", PythonFloats.repr(Double.POSITIVE_INFINITY));
        assertEquals("-inf", PythonFloats.repr(Double.NEGATIVE_INFINITY));
        assertEquals("0.0", PythonFloats.repr(0.0));
        assertEquals("-0.0", PythonFloats.repr(-0.0));
        assertEquals("0.0001", PythonFloats.repr(1e-4), "exponent −4 is still plain");
        assertEquals("1e-05", PythonFloats.repr(1e-5));
        assertEquals("-2.5e-07", PythonFloats.repr(-2.5e-7));
        assertEquals("1e+16", PythonFloats.repr(1e16), "exponent 16 is scientific");
        assertEquals("1000000000000000.0", PythonFloats.repr(1e15));
        assertEquals("123.0", PythonFloats.repr(123));
        assertEquals("0.1", PythonFloats.repr(0.1));
        assertEquals("1.5e+20", PythonFloats.repr(1.5e20));
    }

    @Test
    void npyHeadersArePaddedTo64BytesAndValuesAreLittleEndian() {
        for (long[] shape : new long[][] {{5}, {2, 3}, {1, 26, 26, 32}, {}}) {
            int n = 1;
            for (long d : shape) {
                n *= (int) d;
            }
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = i - 1.5f;
            }
            byte[] b = NpyWriter.float32(shape, v);
            assertEquals(0x93, b[0] & 0xff);
            assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
            assertEquals(1, b[6]);
            assertEquals(0, b[7]);
            int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
            assertEquals(0, (10 + headerLen) % 64, "NumPy aligns the data to 64 bytes");
            String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
            assertTrue(header.endsWith("\n"), header);
            String dims = shape.length == 0
                    ? "()"
                    : shape.length == 1
                            ? "(" + shape[0] + ",)"
                            : java.util.Arrays.toString(shape).replace('[', '(').replace(']', ')');
            assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': " + dims + ", }"), header);
            assertEquals(10 + headerLen + 4 * n, b.length);
            ByteBuffer body = ByteBuffer.wrap(b, 10 + headerLen, 4 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                assertEquals(i - 1.5f, body.getFloat());
            }
        }
    }

    @Test
    void htmlTextIsEscapedEverywhere() {
        String page = new HtmlPage("a<b & \"c\"")
                .heading(2, "x>y", "id\"1")
                .heading(3, "plain", null)
                .paragraph("1 < 2")
                .pre("<pre>")
                .link("a?b=1&c=2", "go <there>")
                .figure("f.png", "alt \"q\"", "cap & more")
                .raw("<hr>")
                .render();
        assertTrue(page.contains("<title>a&lt;b &amp; &quot;c&quot;</title>"), page);
        assertTrue(page.contains("<h2 id=\"id&quot;1\">x&gt;y</h2>\n"), page);
        assertTrue(page.contains("<h3>plain</h3>\n"), page);
        assertTrue(page.contains("<p>1 &lt; 2</p>\n<pre>&lt;pre&gt;</pre>\n"), page);
        assertTrue(page.contains("<p><a href=\"a?b=1&amp;c=2\">go &lt;there&gt;</a></p>\n"), page);
        assertTrue(
                page.contains("<figure><img src=\"f.png\" alt=\"alt &quot;q&quot;\"><figcaption>cap &amp; "
                        + "more</figcaption></figure>\n<hr>\n"),
                page);
        assertTrue(page.startsWith("<!doctype html>\n<html lang=\"en\">"), page);
        assertTrue(page.endsWith("</body>\n</html>\n"));
    }

    @Test
    void historyJsonRoundTripsAndABadFileNamesItself() throws Exception {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        m.put("accuracy", List.of(0.5, 0.75));
        m.put("loss", List.of(1.25, 0.5));
        Path f = dir.resolve("history.json");
        HistoryJson.write(History.of(m), f);
        assertEquals(m, HistoryJson.read(f).asMap());
        assertTrue(Files.readString(f).contains("\"accuracy\" : [ 0.5, 0.75 ]"), Files.readString(f));
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"loss\": \"x\"}");
        assertTrue(assertThrows(BadInputException.class, () -> HistoryJson.read(bad))
                .getMessage()
                .startsWith(bad + ": not a Keras history JSON"));
    }

    @Test
    void stepTimeLeavesOutTheFirstStepAsKerasDoes() {
        long[] now = {0};
        StepTimer t = new StepTimer(() -> now[0]);
        assertEquals(0.0, t.secondsPerStep(0));
        now[0] = 2_000_000_000L;
        assertEquals(2.0, t.secondsPerStep(1), 1e-12, "one step: all the time so far");
        now[0] = 2_500_000_000L;
        assertEquals(0.5, t.secondsPerStep(2), 1e-12, "(2.5 − 2) / 1: the first step left out");
        now[0] = 3_500_000_000L;
        assertEquals(0.75, t.secondsPerStep(3), 1e-12, "(3.5 − 2) / 2");
        assertEquals(3.5, t.elapsedSeconds(), 1e-12);
        long[] later = {1_000_000_000L};
        StepTimer u = new StepTimer(() -> later[0]);
        later[0] = 4_000_000_000L;
        assertEquals(1.5, u.secondsPerStep(2), 1e-12, "without a first-step mark: (4 − 1) / 2");
        assertEquals(3.0, u.elapsedSeconds(), 1e-12, "from a clock that did not start at zero");
    }

    @Test
    void kerasTimeEtaAndValueFormatsAtTheirBoundaries() {
        assertEquals(" 1s/step", Progbar.formatTime(1.0, "step"));
        assertEquals(" 0s/step", Progbar.formatTime(0, "step"));
        assertEquals(" 1ms/step", Progbar.formatTime(1e-3, "step"));
        assertEquals(" 900us/step", Progbar.formatTime(9e-4, "step"));
        assertEquals("60s", Progbar.formatEta(60));
        assertEquals("1:01", Progbar.formatEta(61));
        assertEquals("60:00", Progbar.formatEta(3600));
        assertEquals("1:00:01", Progbar.formatEta(3601));
        assertEquals("1.0000e-03", Progbar.formatValue(1e-3), "Keras: abs(v) > 1e-3 prints plain");
        assertEquals("0.0011", Progbar.formatValue(0.0011));
        assertEquals("-0.5000", Progbar.formatValue(-0.5));
        assertEquals(
                "\u001b[1m0/9\u001b[0m \u001b[37m" + "━".repeat(20) + "\u001b[0m",
                Progbar.bar(0, 9, true),
                "nothing done: no green part");
        assertEquals(
                "\u001b[1m9/9\u001b[0m \u001b[32m" + "━".repeat(20) + "\u001b[0m\u001b[37m\u001b[0m",
                Progbar.bar(9, 9, true));
    }
}
