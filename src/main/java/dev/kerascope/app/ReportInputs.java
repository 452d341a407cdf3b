package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.SafeNames;
import dev.kerascope.viz.FeatureMapGrid;
import dev.kerascope.viz.Figure;
import dev.kerascope.viz.Palette;
import dev.kerascope.viz.PngFiles;
import dev.kerascope.viz.SheetFigure;
import dev.kerascope.walker.ActivationStats;
import dev.kerascope.walker.Feed;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.InputSpec;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.tensorflow.ndarray.Shape;

/**
 * The report's per-input part, as data for the explorer page: what each sample is fed as, its thumbnail (in colour for
 * a colour input), the model's top predictions with class names, the feature maps of every conv and pool layer on both
 * scales (layer and per-map; PNG + SVG, values for the zoom as a script), the statistics of the other layers, every
 * layer as .npy, and (see {@link ReportExplanations}) Grad-CAM and saliency for the predicted class.
 */
final class ReportInputs {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** Layers with more values than this keep them only in .npy: the zoom's values script would be megabytes. */
    static final int VALUES_LIMIT = 250_000;

    static final Map<String, FeatureMapGrid.Scale> SCALES =
            Map.of("layer", FeatureMapGrid.Scale.LAYER, "per-map", FeatureMapGrid.Scale.PER_MAP);

    private ReportInputs() {}

    /** Fills {@code data} (inputs, layers, maps, notes); returns the number of figures written. */
    static int write(SavedModelWalker w, ReportJob.Options o, Path model, Path out, ObjectNode data) {
        ModelInput in = ModelInput.forImages(model, w, o.scale(), o.normalize());
        data.put(
                "fed",
                "Each input is fed as " + in.preprocessing().describe() + "; "
                        + channelsText(in.geometry().channels())
                        + "; input " + in.spec().describe() + ".");
        List<String> all = w.layerNames();
        List<String> spatial = FiguresJob.spatialLayers(w);
        Fetch.SignatureOutput scores = w.classScores().orElse(null);
        if (scores != null) {
            requireOneNamePerClass(o.classNames(), w.tensor(scores).shape());
        }
        List<Fetch> fetch = new ArrayList<>(Fetch.layers(all));
        if (scores != null) {
            fetch.add(scores);
        }
        ArrayNode inputs = data.putArray("inputs");
        ObjectNode maps = data.putObject("maps");
        ArrayNode layers = data.putArray("layers");
        if (fetch.isEmpty()) {
            data.put(
                    "note",
                    "No Keras layers were found in this graph and its signature has no class-score output: "
                            + "nothing to show per input.");
            return 0;
        }
        int figures = 0;
        SafeNames dirs = new SafeNames();
        Map<String, Object> predictions = new LinkedHashMap<>();
        Set<String> winners = new HashSet<>();
        Set<String> drawn = new LinkedHashSet<>();
        boolean softmaxed = false;
        List<ReportExplanations.Sample> explained = new ArrayList<>();
        for (var sample : o.samples()) {
            Pixels p = sample.pixels(in);
            Map<String, Feed> feed = in.feed(List.of(p));
            float[] x = in.values(p);
            Map<String, LayerTensor> acts = Fetch.byLabel(w.run(feed, fetch));
            String name = Path.of(sample.describe()).getFileName().toString();
            String dirName = dirs.fileName(name.replaceAll("\\.[^.]+$", ""), "");
            String rel = "inputs/" + dirName + "/";
            Path dir = OutputFolder.prepare(out.resolve("inputs").resolve(dirName));
            Map<String, LayerTensor> outputs = new LinkedHashMap<>(acts);
            if (scores != null) {
                outputs.remove(scores.label());
            }
            ActivationsJob.writeNpy(
                    dir.resolve("npy"), Map.of("input", new LayerTensor("input", in.feedShape(1, p), x)), outputs);
            BufferedImage thumb = FeatureMapGrid.inputImage(x, new long[] {1, p.rows(), p.cols(), p.channels()});
            PngFiles.write(
                    new Figure(thumb, "The input " + name + " as fed", "The image " + name + " as the model sees it"),
                    dir.resolve("input.png"));
            ObjectNode entry = inputs.addObject()
                    .put("name", name)
                    .put("dir", dirName)
                    .put("thumbnail", rel + "input.png")
                    .put("npy", rel + "npy/index.json")
                    .put("colour", p.channels() == 3);
            if (scores != null) {
                boolean[] soft = new boolean[1];
                double[] probs = Predictions.probabilities(acts.get(scores.label()), 0, soft);
                if (winners.isEmpty()) { // the first prediction: the class count is known from here on
                    requireOneNamePerClass(o.classNames(), Shape.of(1, probs.length));
                }
                softmaxed |= soft[0];
                List<String> top = Predictions.top(probs, 3, o.classNames());
                winners.add(top.get(0).replaceAll(" \\(.*", ""));
                predictions.put(name, top);
                top.forEach(entry.putArray("top")::add);
                explained.add(new ReportExplanations.Sample(p, x, dir, rel, entry));
            }
            ArrayNode others = entry.putArray("others");
            SafeNames files = new SafeNames();
            StringBuilder values = new StringBuilder();
            for (String layer : all) {
                LayerTensor t = acts.get(layer);
                String cls = w.layer(layer).className();
                if (spatial.contains(layer) && FiguresJob.isMapStack(t)) {
                    String base = files.fileName("featuremaps_" + layer, "");
                    boolean keepValues = t.values().length <= VALUES_LIMIT;
                    for (var scale : SCALES.entrySet()) {
                        SheetFigure f = FeatureMapGrid.render(
                                layer, cls, t.values(), t.shape(), thumb, scale.getValue(), Palette.VIRIDIS);
                        String file = base + (scale.getKey().equals("layer") ? "" : "_per-map") + ".png";
                        PngFiles.write(f, dir.resolve(file));
                        ObjectNode m = maps.putObject(dirName + "|" + layer + "|" + scale.getKey());
                        m.put("png", rel + file)
                                .put("svg", rel + file.replace(".png", ".svg"))
                                .put("key", dirName + "|" + layer);
                        if (keepValues) {
                            m.put("values", rel + "values.js");
                        }
                        m.set("layout", MAPPER.valueToTree(f.layout()));
                        figures++;
                    }
                    if (keepValues) {
                        values.append(ReportValues.script(dirName + "|" + layer, t));
                    }
                    if (drawn.add(layer)) {
                        layers.addObject()
                                .put("name", layer)
                                .put("className", cls)
                                .put("shape", InputSpec.shapeText(t.shape()));
                    }
                } else if (t.values().length > 0) {
                    ActivationStats s = ActivationStats.of(t, 3);
                    others.addArray()
                            .add(layer)
                            .add(cls)
                            .add(InputSpec.shapeText(t.shape()))
                            .add(String.format(Locale.ROOT, "%.4f", s.min()))
                            .add(String.format(Locale.ROOT, "%.4f", s.max()))
                            .add(String.format(Locale.ROOT, "%.4f", s.mean()));
                }
            }
            AtomicFiles.writeString(dir.resolve("values.js"), values.toString());
        }
        if (scores == null) {
            data.put(
                    "explainNote",
                    "No Grad-CAM or saliency: the signature has no class-score output (a float output of "
                            + "shape (batch, classes)) to explain.");
        }
        figures += ReportExplanations.write(w, model, explained, data);
        if (winners.size() == 1 && o.samples().size() > 1) {
            data.put(
                    "warning",
                    "every sample input gets the same prediction ("
                            + winners.iterator().next()
                            + "). The inputs may not "
                            + "be what the model expects: check the preprocessing (--scale, --normalize) and the "
                            + "sample inputs.");
        }
        if (softmaxed) {
            data.put(
                    "softmax",
                    "The model's scores are not probabilities (logits), so the percentages are their softmax.");
        }
        if (scores != null) {
            data.put("scores", scores.key());
        }
        try {
            AtomicFiles.writeString(out.resolve("predictions.json"), MAPPER.writeValueAsString(predictions) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return figures;
    }

    /**
     * Refuses class names that do not name each of the model's classes one to one: a 3-class model labelled with
     * CIFAR-10's names would show "automobile" for class 1. Accepted while the count is unknown (a graph whose class
     * dimension is only known once run is checked again on its first prediction).
     */
    static void requireOneNamePerClass(List<String> names, Shape scores) {
        if (names == null || scores.isUnknown() || scores.numDimensions() != 2 || scores.size(1) < 0) {
            return;
        }
        long classes = scores.size(1);
        if (names.size() != classes) {
            throw new BadInputException("class names: " + names.size() + " names for a model with " + classes
                    + " classes (give one name per class, in class order)");
        }
    }

    /** How an image is turned into the model's channels. */
    private static String channelsText(int channels) {
        return channels == 3
                ? "colour images are fed as RGB, grey ones repeated over the three channels"
                : channels == 1
                        ? "images are fed as grey levels (colour images converted as PIL's convert(\"L\"))"
                        : "grey levels are repeated over the " + channels + " channels";
    }
}
