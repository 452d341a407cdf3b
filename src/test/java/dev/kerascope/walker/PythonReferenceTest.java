package dev.kerascope.walker;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Compares the walker with Python's own activations, when a dump made by python-reference/tutorial_model.py is
 * available (KERASCOPE_REFERENCE_DUMP).
 */
class PythonReferenceTest {
    record Npy(long[] shape, float[] values) {}

    static Npy readFloat32(Path file) throws Exception {
        byte[] b = Files.readAllBytes(file);
        int len = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        String header = new String(b, 10, len, StandardCharsets.US_ASCII);
        assertTrue(header.contains("'<f4'") && header.contains("'fortran_order': False"), file + ": " + header);
        Matcher m = Pattern.compile("'shape': \\(([^)]*)\\)").matcher(header);
        assertTrue(m.find(), header);
        long[] shape = java.util.Arrays.stream(m.group(1).split(","))
                .map(String::trim)
                .filter(x -> !x.isEmpty())
                .mapToLong(Long::parseLong)
                .toArray();
        ByteBuffer buf = ByteBuffer.wrap(b, 10 + len, b.length - 10 - len).order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[buf.remaining() / 4];
        buf.asFloatBuffer().get(v);
        return new Npy(shape, v);
    }

    @Test
    void everyFlavourMatchesPythonsActivations() throws Exception {
        String env = System.getenv("KERASCOPE_REFERENCE_DUMP");
        Path dump = env == null ? Path.of("python-reference", "dump") : Path.of(env);
        boolean present = Files.isRegularFile(dump.resolve("index.json"));
        if (!present) {
            System.out.println("SKIPPED: no Python reference dump at " + dump
                    + " (make one with python-reference/tutorial_model.py; needs TensorFlow for Python)");
        }
        Assumptions.assumeTrue(present, "no reference dump");
        JsonNode index = new ObjectMapper().readTree(dump.resolve("index.json").toFile());
        Npy input = readFloat32(dump.resolve("input.npy"));
        int n = (int) input.shape()[0];
        for (JsonNode flavour : index.get("flavours")) {
            try (SavedModelWalker w =
                    SavedModelWalker.open(dump.resolve(flavour.asText()), Set.of("serve"), "serving_default")) {
                var it = index.get("layers").fields();
                while (it.hasNext()) {
                    var e = it.next();
                    Npy expected = readFloat32(dump.resolve(e.getValue().asText()));
                    LayerTensor got =
                            w.fetch(input.values(), n, List.of(e.getKey())).get(e.getKey());
                    assertArrayEquals(expected.shape(), got.shape(), flavour + " " + e.getKey());
                    double d = 0;
                    for (int i = 0; i < got.values().length; i++) {
                        d = Math.max(d, Math.abs(expected.values()[i] - got.values()[i]));
                    }
                    assertTrue(d <= 1e-4, flavour + " " + e.getKey() + ": max abs difference " + d);
                }
            }
        }
    }
}
