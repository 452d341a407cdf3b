package dev.kerascope.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** What an export folder must look like: complete when it has a manifest, never torn under a final name. */
public final class ExportChecks {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExportChecks() {}

    /**
     * The manifest lists images 0..count-1 once each, in order, every figure exists and decodes; no hidden leftovers.
     */
    public static void assertComplete(Path out, int count, int figuresPerImage) throws IOException {
        JsonNode manifest = MAPPER.readTree(out.resolve("manifest.json").toFile());
        assertEquals(count, manifest.get("count").asInt());
        JsonNode images = manifest.get("images");
        assertEquals(count, images.size());
        for (int i = 0; i < count; i++) {
            JsonNode e = images.get(i);
            assertEquals(i, e.get("index").asInt(), "manifest position " + i);
            assertEquals(figuresPerImage, e.get("figures").size(), "figures of image " + i);
            for (JsonNode f : e.get("figures")) {
                Path png = out.resolve(f.asText());
                assertTrue(Files.isRegularFile(png), png + " is listed but missing");
                assertTrue(png.getFileName().toString().startsWith(String.format("%05d_", i)), png.toString());
                assertNotNull(ImageIO.read(png.toFile()), png + " does not decode");
            }
        }
        assertEquals(List.of(), hidden(out), "leftovers of an unfinished run");
        assertNothingTorn(out);
    }

    /**
     * Every file under a final (not hidden) name is whole: PNGs decode, JSON parses, and a batch folder that has a part
     * holds exactly the figures its part lists.
     */
    public static void assertNothingTorn(Path out) throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (out.relativize(p).toString().matches("(.*/)?\\..*")) {
                    continue;
                }
                String name = p.getFileName().toString();
                if (name.endsWith(".png")) {
                    assertNotNull(ImageIO.read(p.toFile()), p + " is under its final name but does not decode");
                } else if (name.endsWith(".json")) {
                    MAPPER.readTree(p.toFile());
                }
            }
        }
        Path parts = out.resolve("parts");
        if (!Files.isDirectory(parts)) {
            return;
        }
        try (Stream<Path> s = Files.list(parts)) {
            for (Path part : s.filter(p -> p.getFileName().toString().matches("batch-\\d{5}\\.json"))
                    .toList()) {
                Set<String> listed = new HashSet<>();
                for (JsonNode e : MAPPER.readTree(part.toFile()).get("images")) {
                    e.get("figures").forEach(f -> listed.add(f.asText()));
                }
                String folder = listed.iterator().next().replaceAll("/[^/]*$", "");
                Set<String> present = new HashSet<>();
                try (Stream<Path> figs = Files.list(out.resolve(folder))) {
                    figs.forEach(f -> present.add(folder + "/" + f.getFileName()));
                }
                assertEquals(listed, present, part + " and its folder disagree");
            }
        }
    }

    /** Relative paths of hidden files and folders anywhere under {@code out}. */
    public static List<String> hidden(Path out) throws IOException {
        try (Stream<Path> s = Files.walk(out)) {
            return s.filter(p -> p.getFileName().toString().startsWith("."))
                    .map(p -> out.relativize(p).toString())
                    .sorted()
                    .toList();
        }
    }

    /** Every file's SHA-256 by relative path, to compare folders. */
    public static Map<String, String> files(Path out) throws Exception {
        Map<String, String> files = new TreeMap<>();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(out)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                files.put(out.relativize(p).toString(), HexFormat.of().formatHex(sha.digest(Files.readAllBytes(p))));
            }
        }
        return files;
    }
}
