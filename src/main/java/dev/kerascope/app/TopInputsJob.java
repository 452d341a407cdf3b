package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.data.LabeledImages;
import dev.kerascope.explain.CamMaps;
import dev.kerascope.explain.TopInputs;
import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.SafeNames;
import dev.kerascope.io.StagedFiles;
import dev.kerascope.precision.Precision;
import dev.kerascope.viz.Figure;
import dev.kerascope.viz.Heatmaps;
import dev.kerascope.viz.Palette;
import dev.kerascope.viz.PngFiles;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.OutputArrays;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code top-inputs}: one streamed pass over a data set's test images (batches, as {@code export}) keeping per channel
 * of a layer the K images with the highest maximum activation; then a grid per channel (each image, and its activation
 * map over it) and {@code top_inputs.json} with indices, values and dead channels, staged, then moved into place.
 */
public final class TopInputsJob {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private TopInputsJob() {}

    public record Options(
            Path model,
            Set<String> tags,
            String signature,
            LabeledImages images,
            String dataset,
            int limit,
            String layer,
            int[] channels,
            int count,
            int batch,
            Double scale,
            List<Double> normalize,
            Palette palette,
            Path out,
            Precision precision) {
        /** As above in float32, the default for analysis: the ranking uses the model's own activations. */
        public Options(
                Path model,
                Set<String> tags,
                String signature,
                LabeledImages images,
                String dataset,
                int limit,
                String layer,
                int[] channels,
                int count,
                int batch,
                Double scale,
                List<Double> normalize,
                Palette palette,
                Path out) {
            this(
                    model,
                    tags,
                    signature,
                    images,
                    dataset,
                    limit,
                    layer,
                    channels,
                    count,
                    batch,
                    scale,
                    normalize,
                    palette,
                    out,
                    Precision.FLOAT32);
        }
    }

    public record Outcome(
            List<TopInputs.ChannelTop> channels, List<Integer> dead, int images, double seconds, Path json) {}

    public static Outcome run(Options o) {
        int n = o.limit() > 0
                ? Math.min(o.limit(), o.images().count())
                : o.images().count();
        try (SavedModelWalker w = SavedModelWalker.open(o.model(), o.tags(), o.signature(), o.precision())) {
            w.layer(o.layer());
            ModelInput in = ModelInput.forImages(o.model(), w, o.scale(), o.normalize());
            long start = System.nanoTime();
            TopInputs top = null;
            // Each batch is reduced to its channel maxima before the next runs, so one set of arrays serves all.
            OutputArrays kept = new OutputArrays();
            List<Fetch> fetch = Fetch.layers(List.of(o.layer()));
            for (int from = 0; from < n; from += o.batch()) {
                int m = Math.min(o.batch(), n - from);
                LayerTensor acts = Fetch.byLabel(w.run(in.feed(pixels(in, o.images(), from, m)), fetch, kept))
                        .get(o.layer());
                if (top == null) {
                    long[] s = acts.shape();
                    if (s.length != 2 && s.length != 4) {
                        throw new BadInputException("layer '" + o.layer() + "' outputs shape " + Arrays.toString(s)
                                + "; top-inputs needs maps (batch, rows, columns, channels)"
                                + " or units (batch, units)");
                    }
                    top = new TopInputs(o.channels(), o.count(), (int) s[s.length - 1]);
                }
                top.add(acts);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            List<TopInputs.ChannelTop> result = top.result();
            List<Integer> dead = top.dead();
            Path json = StagedFiles.write(o.out(), dir -> {
                SafeNames names = new SafeNames();
                ObjectNode root = MAPPER.createObjectNode();
                root.put("model", o.model().toString())
                        .put("layer", o.layer())
                        .put("dataset", o.dataset())
                        .put("images", n)
                        .put("precision", o.precision().cliName());
                root.put("count", o.count()).put("value", "maximum activation of the channel over the image");
                ArrayNode list = root.putArray("channels");
                for (TopInputs.ChannelTop c : result) {
                    String file = names.fileName(o.layer() + "_channel_" + c.channel(), ".png");
                    PngFiles.write(grid(w, in, o, c), dir.resolve(file));
                    ObjectNode node = list.addObject()
                            .put("channel", c.channel())
                            .put("file", file)
                            .put("max", c.max());
                    ArrayNode idx = node.putArray("indices");
                    ArrayNode val = node.putArray("values");
                    c.top().forEach(e -> {
                        idx.add(e.index());
                        val.add(e.value());
                    });
                }
                ArrayNode deadNode = root.putArray("dead_channels");
                dead.forEach(deadNode::add);
                try {
                    AtomicFiles.writeString(dir.resolve("top_inputs.json"), MAPPER.writeValueAsString(root) + "\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return o.out().resolve("top_inputs.json");
            });
            return new Outcome(result, dead, n, seconds, json);
        }
    }

    private static List<Pixels> pixels(ModelInput in, LabeledImages set, int from, int m) {
        int size = set.imageSize();
        List<Pixels> out = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            int[] grey = new int[size];
            for (int j = 0; j < size; j++) {
                grey[j] = set.pixels()[(from + i) * size + j] & 0xff;
            }
            out.add(in.fromGrey(set.rows(), set.cols(), grey));
        }
        return out;
    }

    /** The channel's top images, each above its activation map (upsampled to the image) blended over it. */
    private static Figure grid(SavedModelWalker w, ModelInput in, Options o, TopInputs.ChannelTop c) {
        List<Pixels> images = new ArrayList<>();
        for (TopInputs.Entry e : c.top()) {
            images.addAll(pixels(in, o.images(), e.index(), 1));
        }
        LayerTensor acts = w.fetch(in.feed(images), List.of(o.layer())).get(o.layer());
        long[] s = acts.shape();
        int h = s.length == 4 ? (int) s[1] : 1;
        int wd = s.length == 4 ? (int) s[2] : 1;
        int k = (int) s[s.length - 1];
        List<float[]> maps = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            float[] map = new float[h * wd];
            for (int p = 0; p < h * wd; p++) {
                map[p] = Math.max(0, acts.values()[(i * h * wd + p) * k + c.channel()]);
            }
            maps.add(CamMaps.upsample(
                    map, h, wd, images.get(i).rows(), images.get(i).cols()));
        }
        StringBuilder values = new StringBuilder();
        for (TopInputs.Entry e : c.top()) {
            values.append(values.length() == 0 ? "" : ", ")
                    .append(String.format(Locale.ROOT, "#%d %.3g", e.index(), e.value()));
        }
        String caption = "Channel " + c.channel() + " of " + o.layer() + ": the "
                + c.top().size() + " " + o.dataset() + " test images with the highest maximum activation (" + values
                + ")";
        String alt = c.top().size()
                + " images in a row, best first, each shown above its own activation map of channel " + c.channel()
                + " blended over it" + (c.max() <= 0 ? "; the channel is never active on this set" : "") + ".";
        return new Figure(Heatmaps.strip(images, maps, o.palette()), caption, alt);
    }
}
