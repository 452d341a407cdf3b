package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.precision.Precision;
import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SyntheticDigits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train --precision}: the choice and its reason in the log's first line and in run.json, kept by --resume. */
class TrainPrecisionTest {
    @TempDir
    static Path data;

    @TempDir
    Path dir;

    final Cli cli = new Cli();

    @BeforeAll
    static void writeData() throws Exception {
        SyntheticDigits.writeIdx(data, SyntheticDigits.make(96, 31), SyntheticDigits.make(32, 32));
    }

    JsonNode train(Path out, String... precision) throws Exception {
        String[] base = {
            "train",
            "tiny-mnist",
            "--data",
            data.toString(),
            "--out",
            out.toString(),
            "--epochs",
            "1",
            "--seed",
            "5",
            "--verbose",
            "0"
        };
        String[] args = new String[base.length + precision.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(precision, 0, args, base.length, precision.length);
        assertEquals(0, cli.run(args).exit(), cli.err());
        return new ObjectMapper().readTree(out.resolve("run.json").toFile());
    }

    static String firstLogLine(Path out) throws Exception {
        return Files.readAllLines(out.resolve("train.log")).get(0);
    }

    @Test
    void anExplicitPrecisionIsRecordedWithItsReason() throws Exception {
        Path out = dir.resolve("f32");
        JsonNode run = train(out, "--precision", "float32");
        assertEquals("float32", run.get("precision").asText());
        assertEquals("asked for", run.get("precision_reason").asText());
        assertTrue(firstLogLine(out).contains("precision float32 (asked for)"), firstLogLine(out));
    }

    @Test
    void autoIsTheDefaultAndSaysWhyAndResumeKeepsIt() throws Exception {
        Path out = dir.resolve("auto");
        JsonNode run = train(out);
        Precision.Choice expected = Precision.choose("auto");
        assertEquals(expected.precision().cliName(), run.get("precision").asText());
        assertTrue(run.get("precision_reason").asText().startsWith("auto: the CPU has"), run.toString());
        assertTrue(firstLogLine(out).contains("precision " + expected.describe()), firstLogLine(out));
        assertEquals(
                2,
                cli.run("train", "--resume", out.toString(), "--precision", "float32")
                        .exit(),
                "--resume takes the run's precision");
        assertEquals(
                0,
                cli.run("train", "--resume", out.toString(), "--epochs", "2", "--verbose", "0")
                        .exit(),
                cli.err());
        String resumed = Files.readAllLines(out.resolve("train.log")).stream()
                .filter(l -> l.startsWith("# resumed"))
                .findFirst()
                .orElseThrow();
        assertTrue(resumed.contains("precision " + expected.describe()), resumed);
    }

    @Test
    void anUnknownPrecisionIsBadInput() {
        assertEquals(
                2,
                cli.run(
                                "train",
                                "tiny-mnist",
                                "--data",
                                data.toString(),
                                "--out",
                                dir.resolve("x").toString(),
                                "--precision",
                                "fp16")
                        .exit());
        assertTrue(
                cli.firstErrorLine()
                        .startsWith("kerascope: Invalid value for option '--precision': 'fp16' is not one of float32,"
                                + " mixed_bfloat16, auto"),
                cli.err());
        assertTrue(!Files.exists(dir.resolve("x")));
    }
}
