package dev.kerascope.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.data.LabeledImages;
import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.testing.SyntheticDigits;
import dev.kerascope.viz.Palette;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** top-inputs (streamed in batches of 64, the last one partial) against a brute-force pass of one image per run. */
class TopInputsJobTest {
    static final Path MODEL = Path.of("saved-models/keras-mnist/saved_model");

    @TempDir
    Path dir;

    @Test
    void streamedTopInputsEqualABruteForcePassImageByImage() throws Exception {
        LabeledImages set = SyntheticDigits.make(150, 21);
        int k = 5;
        Path out = dir.resolve("top");
        TopInputsJob.Outcome r = TopInputsJob.run(new TopInputsJob.Options(
                MODEL,
                Set.of("serve"),
                "serving_default",
                set,
                "synthetic",
                0,
                "conv3",
                null,
                k,
                64,
                null,
                null,
                Palette.VIRIDIS,
                out));
        assertEquals(150, r.images());
        JsonNode json = new ObjectMapper().readTree(Files.readString(out.resolve("top_inputs.json")));
        assertEquals(64, json.get("channels").size());
        float[][] max = bruteForceChannelMax(set, "conv3");
        List<Integer> dead = new ArrayList<>();
        for (JsonNode c : json.get("channels")) {
            int channel = c.get("channel").asInt();
            List<Integer> expected = IntStream.range(0, set.count())
                    .boxed()
                    .sorted(Comparator.<Integer>comparingDouble(i -> -max[i][channel])
                            .thenComparing(i -> i))
                    .limit(k)
                    .toList();
            for (int j = 0; j < k; j++) {
                int index = expected.get(j);
                assertEquals(index, c.get("indices").get(j).asInt(), "channel " + channel + " rank " + j);
                assertEquals(
                        max[index][channel],
                        c.get("values").get(j).floatValue(),
                        1e-5 * Math.max(1, Math.abs(max[index][channel])));
            }
            assertTrue(Files.isRegularFile(out.resolve(c.get("file").asText())));
            double best = IntStream.range(0, set.count())
                    .mapToDouble(i -> max[i][channel])
                    .max()
                    .orElseThrow();
            if (best <= 0) {
                dead.add(channel);
            }
        }
        List<Integer> listed = new ArrayList<>();
        json.get("dead_channels").forEach(d -> listed.add(d.asInt()));
        assertEquals(dead, listed);
    }

    /** Each image's maximum per channel, run one image at a time. */
    private static float[][] bruteForceChannelMax(LabeledImages set, String layer) {
        try (SavedModelWalker w = SavedModelWalker.open(MODEL, Set.of("serve"), "serving_default")) {
            ModelInput in = ModelInput.forImages(MODEL, w, null, null);
            float[][] out = new float[set.count()][];
            for (int i = 0; i < set.count(); i++) {
                int[] grey = new int[784];
                for (int p = 0; p < 784; p++) {
                    grey[p] = set.pixels()[i * 784 + p] & 0xff;
                }
                Pixels px = in.fromGrey(28, 28, grey);
                LayerTensor t = w.fetch(in.feed(List.of(px)), List.of(layer)).get(layer);
                int channels = (int) t.shape()[3];
                float[] m = new float[channels];
                java.util.Arrays.fill(m, Float.NEGATIVE_INFINITY);
                for (int v = 0; v < t.values().length; v++) {
                    m[v % channels] = Math.max(m[v % channels], t.values()[v]);
                }
                out[i] = m;
            }
            return out;
        }
    }
}
