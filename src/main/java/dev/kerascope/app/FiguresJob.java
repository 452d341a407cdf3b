package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kerascope.input.ImageSource;
import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.Remedy;
import dev.kerascope.io.SafeNames;
import dev.kerascope.io.StagedFiles;
import dev.kerascope.precision.Precision;
import dev.kerascope.report.HistoryJson;
import dev.kerascope.viz.FeatureMapGrid;
import dev.kerascope.viz.Figure;
import dev.kerascope.viz.FilterGallery;
import dev.kerascope.viz.Overview;
import dev.kerascope.viz.Palette;
import dev.kerascope.viz.PngFiles;
import dev.kerascope.viz.SheetFigure;
import dev.kerascope.viz.TrainingCurves;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.InputSpec;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The figure commands: filter galleries, feature-map grids and training curves, each PNG with a JSON sidecar. A
 * command's figures are made in a staging folder and moved into --out together ({@link StagedFiles}), so a failure
 * half-way leaves the previous figures untouched.
 */
public final class FiguresJob {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private FiguresJob() {}

    public static Path filters(
            Path model, String layer, int inputChannel, FilterGallery.Scale scale, Palette palette, Path out) {
        return filters(model, Set.of("serve"), "serving_default", layer, inputChannel, scale, palette, out);
    }

    public static Path filters(
            Path model,
            Set<String> tags,
            String signature,
            String layer,
            int inputChannel,
            FilterGallery.Scale scale,
            Palette palette,
            Path out) {
        OutputFolder.check(out);
        try (SavedModelWalker w = SavedModelWalker.open(model, tags, signature)) {
            LayerTensor kernel = w.weights(layer).get("kernel");
            if (!hasFilters(kernel)) {
                // Name what it is and what can be drawn, by the same test: a DepthwiseConv2D's 4-D weights are its
                // depthwise_kernel, which is no stack of filters.
                List<String> drawable = w.layerNames().stream()
                        .filter(l -> hasFilters(w.weights(l).get("kernel")))
                        .toList();
                throw BadInputException.inFile(
                        model,
                        "layer '" + layer + "' (" + w.layer(layer).className() + ") has no 4-D kernel to draw as"
                                + " filters; layers with one: "
                                + (drawable.isEmpty() ? "none in this model" : String.join(", ", drawable)));
            }
            SheetFigure f = FilterGallery.render(layer, kernel.values(), kernel.shape(), inputChannel, scale, palette);
            String file = new SafeNames().fileName("filters_" + layer, ".png");
            StagedFiles.write(out, dir -> save(f, dir, file));
            return out.resolve(file);
        }
    }

    /** A kernel of filters: height x width x input channels x filters (Conv2D and its kin). */
    private static boolean hasFilters(LayerTensor kernel) {
        return kernel != null && kernel.shape().length == 4;
    }

    /** Written figures, the layers that could not be drawn (not NHWC maps), and what was fed. */
    public record FeatureMaps(List<Path> written, List<String> skipped, String fed) {}

    /**
     * One grid per conv and pool layer (or the named ones) whose output is a stack of maps (NHWC); other outputs
     * (Dense, Flatten, global pooling) are skipped and named. The first grid shows the input beside its maps.
     */
    public static FeatureMaps featureMaps(
            Path model,
            Set<String> tags,
            String signature,
            ImageSource image,
            Double scale,
            List<Double> normalize,
            List<String> layers,
            FeatureMapGrid.Scale mapScale,
            Palette palette,
            Path out) {
        return featureMaps(
                model, tags, signature, image, scale, normalize, layers, mapScale, palette, out, Precision.FLOAT32);
    }

    /** As above, the model's session in {@code precision} (float32 draws the model's own numbers). */
    public static FeatureMaps featureMaps(
            Path model,
            Set<String> tags,
            String signature,
            ImageSource image,
            Double scale,
            List<Double> normalize,
            List<String> layers,
            FeatureMapGrid.Scale mapScale,
            Palette palette,
            Path out,
            Precision precision) {
        OutputFolder.check(out);
        List<Path> written = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (SavedModelWalker w = SavedModelWalker.open(model, tags, signature, precision)) {
            ModelInput in = ModelInput.forImages(model, w, scale, normalize);
            Pixels p = image.pixels(in);
            float[] x = in.values(p);
            List<String> names = layers.isEmpty() ? spatialLayers(w) : layers;
            if (names.isEmpty()) {
                // Suggest naming layers only when some layer's output is known to be a stack of maps (NHWC).
                List<String> maps = w.layerNames().stream()
                        .filter(l -> w.tensor(Fetch.layer(l)).shape().numDimensions() == 4)
                        .toList();
                BadInputException e = BadInputException.inFile(
                        model,
                        "has no convolution or pooling layers to draw"
                                + (maps.isEmpty()
                                        ? "; no layer's output is a stack of feature maps (layers: "
                                        : " (layers with 4-D outputs: ")
                                + String.join(", ", maps.isEmpty() ? w.layerNames() : maps) + ")");
                throw maps.isEmpty() ? e : e.suggesting(Remedy.NAME_LAYERS);
            }
            Map<String, LayerTensor> acts = w.fetch(in.feed(List.of(p)), names);
            // Every figure is drawn into a staging folder and moved into --out only when all are drawn: a
            // layer that fails half-way leaves the previous figures as they were.
            StagedFiles.write(out, dir -> {
                SafeNames files = new SafeNames();
                boolean first = true;
                List<SheetFigure> rendered = new ArrayList<>();
                // The input's name is in every file name: a second input's figures sit beside the first one's.
                String prefix = "featuremaps_" + inputName(image) + "_";
                long[] inputShape = {1, p.rows(), p.cols(), p.channels()};
                for (var e : acts.entrySet()) {
                    LayerTensor t = e.getValue();
                    if (!isMapStack(t)) {
                        skipped.add(e.getKey() + " " + InputSpec.shapeText(t.shape()));
                        continue;
                    }
                    SheetFigure f = FeatureMapGrid.render(
                            e.getKey(),
                            w.layer(e.getKey()).className(),
                            t.values(),
                            t.shape(),
                            first ? FeatureMapGrid.inputImage(x, inputShape) : null,
                            mapScale,
                            palette);
                    String file = files.fileName(prefix + e.getKey(), ".png");
                    save(f, dir, file);
                    written.add(out.resolve(file));
                    written.add(PngFiles.svgBeside(out.resolve(file)));
                    rendered.add(f);
                    first = false;
                }
                if (rendered.isEmpty()) {
                    throw BadInputException.inFile(
                            model,
                            "no feature maps to draw: these layers output shapes that are not feature maps (NHWC): "
                                    + String.join(", ", skipped));
                }
                if (rendered.size() > 1) {
                    Overview overview = Overview.stack(rendered, "Feature maps of every layer for " + image.describe());
                    String file = files.fileName("overview_" + inputName(image), ".png");
                    PngFiles.write(overview.figure(), dir.resolve(file));
                    sidecar(overview.figure(), dir, file);
                    AtomicFiles.writeString(PngFiles.svgBeside(dir.resolve(file)), overview.svg());
                    written.add(out.resolve(file));
                    written.add(PngFiles.svgBeside(out.resolve(file)));
                }
                return null;
            });
            return new FeatureMaps(
                    written,
                    skipped,
                    image.describe() + "; input " + in.preprocessing().describe());
        }
    }

    /** A batch-1 NHWC output: a stack of maps (Dense, Flatten and global pooling give rank 2). */
    static boolean isMapStack(LayerTensor t) {
        long[] s = t.shape();
        return s.length == 4 && s[0] == 1 && s[1] >= 1 && s[2] >= 1 && s[3] >= 1;
    }

    /** Convolution and pooling layers (not global pooling), the layers whose outputs feature-map figures show. */
    static List<String> spatialLayers(SavedModelWalker w) {
        List<String> out = new ArrayList<>();
        for (String l : w.layerNames()) {
            String cls = w.layer(l).className();
            if ((cls.contains("Conv") || cls.endsWith("Pooling2D")) && !cls.startsWith("Global")) {
                out.add(l);
            }
        }
        return out;
    }

    /** Writes loss and accuracy as PNG, SVG and JSON sidecar; returns the paths written, under {@code out}. */
    public static List<Path> curves(Path history, Path out) {
        var h = HistoryJson.read(history);
        return StagedFiles.write(out, dir -> {
            List<Path> written = new ArrayList<>();
            for (Figure f : TrainingCurves.write(h, dir)) {
                String name = f.caption().startsWith("Loss") ? "loss" : "accuracy";
                sidecar(f, dir, name + ".png");
                for (String ext : List.of(".png", ".svg", ".json")) {
                    written.add(out.resolve(name + ext));
                }
            }
            return written;
        });
    }

    /** A short name for the image fed, for file names: the file's name without extension, or the data set's words. */
    static String inputName(ImageSource image) {
        String d = image.describe().replaceAll(" \\(.*", "");
        d = d.substring(d.lastIndexOf('/') + 1)
                .replaceAll("\\.[A-Za-z0-9]{2,4}$", "")
                .replace(' ', '-');
        return d.isEmpty() ? "input" : d;
    }

    private static Path save(SheetFigure f, Path out, String file) {
        Path png = out.resolve(file);
        PngFiles.write(f, png);
        sidecar(f.figure(), out, file);
        return png;
    }

    private static void sidecar(Figure f, Path out, String file) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("file", file);
        meta.put("caption", f.caption());
        meta.put("alt", f.altText());
        meta.put("width", f.image().getWidth());
        meta.put("height", f.image().getHeight());
        try {
            AtomicFiles.writeString(
                    out.resolve(file.replaceAll("\\.png$", ".json")), MAPPER.writeValueAsString(meta) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
