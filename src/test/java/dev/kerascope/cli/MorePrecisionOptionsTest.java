package dev.kerascope.cli;

import static dev.kerascope.cli.AnalysisPrecisionTest.ANALYSIS;
import static dev.kerascope.cli.AnalysisPrecisionTest.DIGIT;
import static dev.kerascope.cli.AnalysisPrecisionTest.precisionLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.data.NpyNumbers;
import dev.kerascope.precision.Precision;
import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --precision} on explain and top-inputs (float32 by default: their numbers are analysis) and on export (auto by
 * default: its product is figures): each says its choice, records it in what it writes, and really runs in it.
 */
class MorePrecisionOptionsTest {
    @TempDir
    Path dir;

    final Cli cli = new Cli();
    static final ObjectMapper JSON = new ObjectMapper();

    Cli.Run explain(String out, String... more) {
        String[] args = {
            "explain",
            "--input",
            DIGIT,
            "--method",
            "saliency",
            "--out",
            dir.resolve(out).toString()
        };
        String[] all = Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        Cli.Run run = cli.run(all);
        assertEquals(0, run.exit(), run.err());
        return run;
    }

    @Test
    void explainDefaultsToFloat32AndMixedBfloat16ReallyChangesTheGradients() throws Exception {
        Cli.Run run = explain("f32");
        assertEquals(ANALYSIS, precisionLine(run.out()));
        JsonNode f32 = JSON.readTree(dir.resolve("f32/saliency.json").toFile());
        assertEquals("float32", f32.get("precision").asText());
        run = explain("bf16", "--precision", "mixed_bfloat16");
        assertEquals("precision " + Precision.choose("mixed_bfloat16").describe(), precisionLine(run.out()));
        assertEquals(
                "mixed_bfloat16",
                JSON.readTree(dir.resolve("bf16/saliency.json").toFile())
                        .get("precision")
                        .asText());
        if (Precision.choose("auto").precision() == Precision.MIXED_BFLOAT16) {
            // Where the CPU has bf16 instructions the rewrite runs: gradients through bfloat16 convolutions cannot
            // equal float32's to the bit, so equal files would mean the option never reached the session.
            float[] a = NpyNumbers.read(dir.resolve("f32/saliency.npy")).floats();
            float[] b = NpyNumbers.read(dir.resolve("bf16/saliency.npy")).floats();
            assertFalse(Arrays.equals(a, b), "mixed_bfloat16 saliency equals float32's bit for bit");
        } else {
            System.out.println("SKIPPED (part): the bf16 gradient comparison needs amx_bf16 or avx512_bf16");
        }
    }

    @Test
    void topInputsDefaultToFloat32AndRecordThePrecision() throws Exception {
        String mnist = SharedData.require(SharedData.mnist()).toString();
        Path out = dir.resolve("top");
        Cli.Run run = cli.run(
                "top-inputs",
                "--data",
                mnist,
                "--layer",
                "conv1",
                "--channels",
                "0",
                "--limit",
                "64",
                "--count",
                "2",
                "--out",
                out.toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals(ANALYSIS, precisionLine(run.out()));
        assertEquals("float32", topInputsJson(out).get("precision").asText());
        run = cli.run(
                "top-inputs",
                "--data",
                mnist,
                "--layer",
                "conv1",
                "--channels",
                "0",
                "--limit",
                "64",
                "--count",
                "2",
                "--precision",
                "auto",
                "--out",
                dir.resolve("top-auto").toString());
        assertEquals(0, run.exit(), run.err());
        Precision.Choice auto = Precision.choose("auto");
        assertEquals("precision " + auto.describe(), precisionLine(run.out()));
        assertEquals(
                auto.precision().cliName(),
                topInputsJson(dir.resolve("top-auto")).get("precision").asText());
    }

    static JsonNode topInputsJson(Path out) throws Exception {
        return JSON.readTree(out.resolve("top_inputs.json").toFile());
    }

    @Test
    void exportDefaultsToAutoAndItsManifestSaysWhich() throws Exception {
        String mnist = SharedData.require(SharedData.mnist()).toString();
        Path out = dir.resolve("export");
        Cli.Run run = cli.run("export", "--data", mnist, "--count", "3", "--layers", "conv1", "--out", out.toString());
        assertEquals(0, run.exit(), run.err());
        Precision.Choice auto = Precision.choose("auto");
        assertEquals("precision " + auto.describe(), precisionLine(run.out()));
        JsonNode manifest = JSON.readTree(out.resolve("manifest.json").toFile());
        assertEquals(auto.precision().cliName(), manifest.findValue("precision").asText());
        run = cli.run(
                "export",
                "--data",
                mnist,
                "--count",
                "3",
                "--layers",
                "conv1",
                "--precision",
                "float32",
                "--out",
                dir.resolve("export32").toString());
        assertEquals(0, run.exit(), run.err());
        assertEquals("precision float32 (asked for)", precisionLine(run.out()));
        assertEquals(
                "float32",
                JSON.readTree(dir.resolve("export32/manifest.json").toFile())
                        .findValue("precision")
                        .asText());
    }

    @Test
    void aResumeWithoutPrecisionContinuesInTheOneTheExportWasMadeIn() throws Exception {
        String mnist = SharedData.require(SharedData.mnist()).toString();
        Path out = dir.resolve("export32");
        String[] args = {"export", "--data", mnist, "--count", "3", "--layers", "conv1", "--out", out.toString()};
        String[] first = Arrays.copyOf(args, args.length + 2);
        first[args.length] = "--precision";
        first[args.length + 1] = "float32";
        Cli.Run run = cli.run(first);
        assertEquals(0, run.exit(), run.err());
        String[] resume = Arrays.copyOf(args, args.length + 1);
        resume[args.length] = "--resume";
        run = cli.run(resume);
        // Without the rule, auto's choice (mixed_bfloat16 on a bf16 CPU) would be refused as a changed setting, and
        // elsewhere the line would say "auto".
        assertEquals(0, run.exit(), run.err());
        assertEquals(
                "precision float32 (the precision the export being resumed was made in)", precisionLine(run.out()));
    }
}
