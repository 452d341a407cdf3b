package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetId;
import dev.kerascope.input.ImageSource;
import dev.kerascope.record.KerascopeRecord;
import dev.kerascope.testing.SyntheticDigits;
import dev.kerascope.viz.Palette;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose layers are named ".." and "..\..\etc\x" (a Windows-style escape; '/' itself is refused as Keras refuses
 * it): every file the figure, export and .npy commands write stays inside --out.
 */
class HostileLayerNamesTest {
    @TempDir
    Path dir;

    static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    @Test
    void everyFileStaysInsideTheOutputFolder() throws Exception {
        Path model = dir.resolve("model");
        copy(Path.of("saved-models/keras-mnist/saved_model"), model);
        Path sidecar = model.resolve(KerascopeRecord.FILE);
        ObjectMapper mapper = new ObjectMapper();
        String text = Files.readString(sidecar)
                .replace("\"conv1\"", "\"..\"")
                .replace("\"pool1\"", "\"..\\\\..\\\\etc\\\\x\"");
        ObjectNode root = (ObjectNode) mapper.readTree(text);
        Files.writeString(sidecar, mapper.writeValueAsString(root));
        Path out = dir.resolve("jail/out");
        Files.createDirectories(out);
        ImageSource digit =
                ImageSource.grey(28, 28, toInts(SyntheticDigits.make(1, 4).pixels()), "synthetic digit");
        List<Path> maps = FiguresJob.featureMaps(
                        model,
                        Set.of("serve"),
                        "serving_default",
                        digit,
                        null,
                        null,
                        List.of(),
                        dev.kerascope.viz.FeatureMapGrid.Scale.LAYER,
                        Palette.VIRIDIS,
                        out.resolve("maps"))
                .written();
        // keras-mnist has 5 Conv2D and 3 MaxPooling2D layers (README, built-in architectures): a PNG and an SVG for
        // each
        // one's maps, and for the overview; every name a plain file name in the maps folder, whatever the layer is
        // called
        assertEquals(2 * (5 + 3 + 1), maps.size(), maps.toString());
        for (Path m : maps) {
            assertEquals(
                    out.resolve("maps").toAbsolutePath().normalize(),
                    m.toAbsolutePath().normalize().getParent(),
                    m.toString());
            String name = m.getFileName().toString();
            assertTrue(
                    name.startsWith("featuremaps_synthetic-digit_") || name.startsWith("overview_synthetic-digit"),
                    name);
            assertTrue(!name.contains("/") && !name.contains("\\"), name);
        }
        ActivationsJob.run(new ActivationsJob.Request(
                model,
                Set.of("serve"),
                "serving_default",
                digit,
                List.of(),
                null,
                null,
                List.of(),
                false,
                List.of(),
                out.resolve("npy")));
        Dataset data =
                new Dataset(DatasetId.MNIST, SyntheticDigits.make(4, 1), SyntheticDigits.make(8, 2), "synthetic");
        ExportJob.run(
                new ExportJob.Options(model, data, 8, List.of(), out.resolve("export"), false, 4, 2), (d, t, s) -> {});
        try (Stream<Path> s = Files.walk(dir.resolve("jail"))) {
            for (Path p : s.toList()) {
                assertTrue(
                        p.toAbsolutePath()
                                        .normalize()
                                        .startsWith(out.toAbsolutePath().normalize())
                                || p.equals(dir.resolve("jail")),
                        p.toString());
            }
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(
                    List.of("jail", "model"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(),
                    "nothing written beside --out");
        }
        try (Stream<Path> s = Files.list(out.resolve("npy"))) {
            assertTrue(s.map(p -> p.getFileName().toString()).anyMatch(n -> n.equals("_.npy")), "'..' becomes '_.npy'");
        }
    }

    static int[] toInts(byte[] b) {
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }
}
