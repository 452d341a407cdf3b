package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.precision.Precision;
import dev.kerascope.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --precision} on the analysis commands: activations and featuremaps default to float32 and say why; report
 * defaults to auto and records the choice on its page and in its data.
 */
class AnalysisPrecisionTest {
    static final String DIGIT = "examples/digits/digit-7.png";
    static final String ANALYSIS = "precision float32 (the default for analysis: the numbers equal the model's own)";

    @TempDir
    Path dir;

    final Cli cli = new Cli();

    /** The precision line, printed once the input is read (after the line saying what was fed). */
    static String precisionLine(String out) {
        return out.lines().filter(l -> l.startsWith("precision ")).findFirst().orElse("no precision line in:\n" + out);
    }

    @Test
    void activationsDefaultToFloat32ForAnalysisAndSayWhy() {
        Cli.Run run = cli.run("activations", "--input", DIGIT, "--layers", "conv1");
        assertEquals(0, run.exit(), run.err());
        assertTrue(
                run.out().lines().toList().get(1).startsWith("precision "),
                "second, after what was fed:\n" + run.out());
        assertEquals(ANALYSIS, precisionLine(run.out()));
        run = cli.run("activations", "--input", DIGIT, "--layers", "conv1", "--precision", "float32");
        assertEquals("precision float32 (asked for)", precisionLine(run.out()));
    }

    @Test
    void featuremapsSayTheirPrecisionAndAutoItsReason() {
        Cli.Run run = cli.run(
                "featuremaps",
                "--input",
                DIGIT,
                "--layers",
                "conv1",
                "--out",
                dir.resolve("f").toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(ANALYSIS, precisionLine(run.out()));
        run = cli.run(
                "featuremaps",
                "--input",
                DIGIT,
                "--layers",
                "conv1",
                "--precision",
                "auto",
                "--out",
                dir.resolve("g").toString());
        assertEquals(0, run.exit(), run.err());
        Precision.Choice auto = Precision.choose("auto");
        assertEquals("precision " + auto.describe(), precisionLine(run.out()));
        assertTrue(auto.reason().startsWith("auto: the CPU has"), auto.reason());
    }

    @Test
    void reportDefaultsToAutoAndRecordsTheChoiceOnItsPage() throws Exception {
        Path out = dir.resolve("report");
        Cli.Run run = cli.run("report", "--max-inputs", "1", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        Precision.Choice auto = Precision.choose("auto");
        assertEquals("precision " + auto.describe(), precisionLine(run.out()));
        String page = Files.readString(out.resolve("index.html"));
        assertTrue(page.contains("computed in " + auto.describe()), "the page names the precision and why");
        String js = Files.readString(out.resolve("explorer-data.js")).strip();
        JsonNode data = new ObjectMapper().readTree(js.substring(js.indexOf('{'), js.lastIndexOf('}') + 1));
        assertEquals(auto.precision().cliName(), data.get("precision").asText());
        assertEquals(auto.reason(), data.get("precision_reason").asText());
    }
}
