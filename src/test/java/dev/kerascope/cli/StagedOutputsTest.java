package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.StagedFiles;
import dev.kerascope.testing.Cli;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * featuremaps, filters, curves and activations --npy fail half-way (all their files drawn into the staging folder,
 * nothing moved yet): the previous output stays byte-identical, next to a file of another command, and no staging
 * folder is left beside --out. The same second run without the failure does change the files.
 */
class StagedOutputsTest {
    @TempDir
    Path dir;

    final Cli cli = new Cli();

    @AfterEach
    void noHook() {
        StagedFiles.beforeCommitForTests(null);
    }

    @Test
    void filters() throws Exception {
        check(
                new String[] {"filters", "--layer", "conv1"},
                new String[] {"filters", "--layer", "conv1", "--palette", "gray"});
    }

    @Test
    void featureMaps() throws Exception {
        String a = digit("a.png", 8).toString();
        // the same input drawn again (per-map scale): the same file names, new contents (another input has its own
        // names)
        check(
                new String[] {"featuremaps", "--input", a},
                new String[] {"featuremaps", "--input", a, "--map-scale", "per-map"});
    }

    @Test
    void aRunThatFailsBeforeDrawingLeavesNoNewFolder() {
        String[][] failing = {
            {"featuremaps", dir.resolve("no-model").toString(), "--input", "examples/digits/digit-7.png"},
            {"featuremaps", "--input", "examples/digits/digit-7.png", "--layers", "conv1,nope"},
            {"filters", dir.resolve("no-model").toString(), "--layer", "conv1"},
            {"filters", "--layer", "dense"},
        };
        for (String[] args : failing) {
            Path out = dir.resolve("new-" + args[0]);
            String[] withOut = Arrays.copyOf(args, args.length + 2);
            withOut[args.length] = "--out";
            withOut[args.length + 1] = out.toString();
            Cli run = new Cli();
            assertEquals(2, run.run(withOut).exit(), String.join(" ", args) + ": " + run.err());
            assertFalse(Files.exists(out), String.join(" ", args) + " made " + out);
        }
    }

    @Test
    void curves() throws Exception {
        Path other = dir.resolve("history.json");
        Files.writeString(
                other,
                "{\"accuracy\": [0.5, 0.7, 0.8], \"loss\": [1.5, 0.9, 0.6], \"val_accuracy\": [0.6, 0.7, 0.75],"
                        + " \"val_loss\": [1.2, 0.95, 0.9]}");
        check(new String[] {"curves"}, new String[] {"curves", other.toString()});
    }

    @Test
    void activationsNpy() throws Exception {
        String a = digit("a.png", 8).toString();
        String b = digit("b.png", 20).toString();
        check(new String[] {"activations", "--input", a, "--npy"}, new String[] {"activations", "--input", b, "--npy"});
    }

    /** {@code first} succeeds; {@code second} fails just before its files are moved in, then succeeds. */
    void check(String[] first, String[] second) throws Exception {
        Path out = dir.resolve("out");
        assertEquals(0, cli.run(with(first, out)).exit(), cli.err());
        Files.writeString(out.resolve("notes.txt"), "another command's file");
        Map<String, byte[]> before = snapshot(out);
        assertTrue(before.size() >= 3, before.keySet().toString());

        List<String> staged = new ArrayList<>();
        StagedFiles.beforeCommitForTests(staging -> {
            staged.addAll(snapshot(staging).keySet());
            // an internal failure (exit 1): the handler maps the runtime exceptions bad input provokes to exit 2
            throw new RuntimeException("injected failure half-way");
        });
        assertEquals(1, cli.run(with(second, out)).exit());
        assertTrue(cli.firstErrorLine().startsWith("kerascope: error: an internal failure"), cli.err());
        assertFalse(staged.isEmpty(), "the failure came after the files were drawn");
        assertTrue(before.keySet().containsAll(staged), "the failed run would have replaced " + staged);
        assertSame(before, snapshot(out));
        assertNoStaging();

        StagedFiles.beforeCommitForTests(null);
        assertEquals(0, cli.run(with(second, out)).exit(), cli.err());
        Map<String, byte[]> after = snapshot(out);
        assertTrue(
                staged.stream().anyMatch(f -> !Arrays.equals(before.get(f), after.get(f))),
                "the second run changes the output");
        assertArrayEquals(before.get("notes.txt"), after.get("notes.txt"));
        assertNoStaging();
    }

    static String[] with(String[] args, Path out) {
        String[] all = Arrays.copyOf(args, args.length + (args[args.length - 1].equals("--npy") ? 1 : 2));
        if (args[args.length - 1].equals("--npy")) {
            all[args.length] = out.toString();
        } else {
            all[args.length] = "--out";
            all[args.length + 1] = out.toString();
        }
        return all;
    }

    void assertNoStaging() throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            List<String> hidden = s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith("."))
                    .toList();
            assertEquals(List.of(), hidden, "staging leftovers beside --out");
        }
    }

    static void assertSame(Map<String, byte[]> expected, Map<String, byte[]> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((k, v) -> assertArrayEquals(v, actual.get(k), k + " changed"));
    }

    static Map<String, byte[]> snapshot(Path root) {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** A white stroke on black, {@code x} pixels from the left: two values give different activations. */
    Path digit(String name, int x) throws Exception {
        BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(x, 4, 4, 20);
        g.dispose();
        Path png = dir.resolve(name);
        ImageIO.write(img, "png", png.toFile());
        return png;
    }
}
