package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import dev.kerascope.testing.SyntheticDigits;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * explain and top-inputs: files written on success; bad --class, --layer, --method, --channels are one line, exit 2.
 */
class ExplainCommandTest {
    final Cli cli = new Cli();

    @TempDir
    Path dir;

    Path data;

    @BeforeEach
    void data() throws Exception {
        data = dir.resolve("digits");
        SyntheticDigits.writeIdx(data, SyntheticDigits.make(20, 1), SyntheticDigits.make(40, 2));
    }

    private Cli.Run explain(String... extra) {
        String[] base = {
            "explain",
            "--dataset",
            "mnist",
            "--data",
            data.toString(),
            "--index",
            "3",
            "--out",
            dir.resolve("out").toString()
        };
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return cli.run(args);
    }

    @Test
    void explainWritesHeatmapOverlayValuesAndCaption() {
        Cli.Run r = explain("--method", "gradcam++", "--class", "4");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Grad-CAM++ at conv5 for class 4"), r.out());
        assertTrue(r.out().contains("score: logit"), r.out());
        for (String f :
                new String[] {"gradcampp_heatmap.png", "gradcampp_overlay.png", "gradcampp.npy", "gradcampp.json"}) {
            assertTrue(Files.isRegularFile(dir.resolve("out").resolve(f)), f);
        }
        assertEquals(0, explain("--method", "smoothgrad", "--samples", "3").exit(), cli.err());
    }

    @Test
    void badClassLayerOrMethodIsOneLineAndExitTwo() {
        assertOneLine(explain("--class", "10"), "class 10 is out of range");
        assertOneLine(explain("--class", "-2"), "--class must be at least 0");
        assertOneLine(explain("--layer", "conv9"), "no layer 'conv9'");
        assertOneLine(explain("--layer", "dense"), "not a stack of maps");
        assertOneLine(
                explain("--method", "lime"),
                "Invalid value for option '--method': 'lime' is not one of saliency, smoothgrad, gradcam, gradcam++");
        assertOneLine(explain("--method", "saliency", "--layer", "conv1"), "--layer is for gradcam");
        assertOneLine(explain("--method", "smoothgrad", "--samples", "0"), "--samples must be between 1 and 10000");
    }

    @Test
    void topInputsRefusesABadLayerOrChannel() {
        String[] base = {
            "top-inputs",
            "--dataset",
            "mnist",
            "--data",
            data.toString(),
            "--out",
            dir.resolve("top").toString()
        };
        assertOneLine(cli.run(concat(base, "--layer", "conv9")), "no layer 'conv9'");
        assertOneLine(cli.run(concat(base, "--layer", "conv1", "--channels", "32")), "channel 32 does not exist");
        assertOneLine(cli.run(concat(base, "--layer", "conv1", "--count", "0")), "--count must be at least 1");
        Cli.Run ok = cli.run(concat(base, "--layer", "conv1", "--channels", "0,5", "--count", "3"));
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(Files.isRegularFile(dir.resolve("top/top_inputs.json")));
        assertTrue(Files.isRegularFile(dir.resolve("top/conv1_channel_5.png")));
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void assertOneLine(Cli.Run r, String expected) {
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.firstErrorLine().contains(expected), r.firstErrorLine());
    }
}
