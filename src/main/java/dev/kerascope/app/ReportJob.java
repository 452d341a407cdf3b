package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.input.ImageSource;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.SafeNames;
import dev.kerascope.io.StagedFolder;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.layers.KerasConverter;
import dev.kerascope.precision.Precision;
import dev.kerascope.report.HistoryJson;
import dev.kerascope.savedmodel.InspectPrinter;
import dev.kerascope.savedmodel.SavedModelFiles;
import dev.kerascope.savedmodel.SavedModelInspector;
import dev.kerascope.summary.Keras3SummaryPrinter;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.ReceptiveFields;
import dev.kerascope.summary.SummaryJson;
import dev.kerascope.summary.SummaryPrinter;
import dev.kerascope.viz.Figure;
import dev.kerascope.viz.FilterGallery;
import dev.kerascope.viz.Palette;
import dev.kerascope.viz.PngFiles;
import dev.kerascope.viz.SheetFigure;
import dev.kerascope.viz.TrainingCurves;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The main job: one self-contained folder with {@code index.html} describing a model — its summary with receptive
 * fields, what inspect finds, training curves when the model came with a history, the filters of every Conv2D layer,
 * and for each sample input its top predictions and the feature maps of every conv and pool layer, with the data (JSON,
 * .npy) linked.
 */
public final class ReportJob {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Set<String> IMAGE_SUFFIXES = Set.of(".png", ".jpg", ".jpeg", ".pgm", ".gif", ".bmp");

    private ReportJob() {}

    public record Outcome(Path index, int figures, int inputs) {}

    /**
     * What to report on: the model and its meta graph and signature; the sample inputs (already chosen: image files or
     * data set images) and where they come from; how images are preprocessed ({@code scale}/{@code normalize} override
     * the model's default; null for the default); class names for the predictions (null: class numbers);
     * {@code top-inputs} output folders to link from their layers (null or empty: none); the precision (null: float32).
     */
    public record Options(
            Path model,
            Set<String> tags,
            String signature,
            List<ImageSource> samples,
            String samplesFrom,
            Double scale,
            List<Double> normalize,
            List<String> classNames,
            List<Path> topInputs,
            Path out,
            Precision.Choice precision) {
        public Options {
            topInputs = topInputs == null ? List.of() : topInputs;
            precision = precision == null ? new Precision.Choice(Precision.FLOAT32, "default") : precision;
        }
    }

    public static Outcome run(Path model, Path inputsDir, int maxInputs, Path out) {
        List<ImageSource> samples =
                images(inputsDir, maxInputs).stream().map(ImageSource::file).toList();
        return run(new Options(
                model,
                Set.of("serve"),
                "serving_default",
                samples,
                inputsDir.toString(),
                null,
                null,
                null,
                List.of(),
                out,
                null));
    }

    /** Builds the report in a hidden sibling folder and renames it into place when complete. */
    public static Outcome run(Options o) {
        if (KerasFiles.isKerasFile(o.model())) {
            // the report reads a SavedModel's protobufs as well as walking it: a Keras file is converted first
            return KerasConverter.withConverted(o.model(), saved -> run(o, saved));
        }
        return run(o, SavedModelFiles.locate(o.model()));
    }

    private static Outcome run(Options o, Path model) {
        Outcome staged = StagedFolder.build(o.out(), ReportPage.DATA_FILE, "report", dir -> build(o, model, dir));
        return new Outcome(o.out().resolve("index.html"), staged.figures(), staged.inputs());
    }

    private static Outcome build(Options o, Path model, Path out) {
        ModelSource source = ModelSource.resolve(model.toString(), o.tags());
        ModelSummary summary = source.summary();
        ObjectNode data = MAPPER.createObjectNode();
        data.put("model", summary.modelName());
        data.put("precision", o.precision().precision().cliName());
        data.put("precision_reason", o.precision().reason());
        int figures = 0;

        StringBuilder table = new StringBuilder();
        // The layout the model's own Keras printed: the tf.keras 2 family of a Keras 2 save, Keras 3 otherwise.
        SummaryPrinter.print(
                summary, summary.defaultLayout(), null, l -> table.append(l).append('\n'));
        List<ReceptiveFields.Row> rf =
                summary.spatialChain() == null ? null : summary.spatialChain().rows();
        if (rf != null) {
            ReceptiveFields.print(
                    rf, Keras3SummaryPrinter.DEFAULT_WIDTH, l -> table.append(l).append('\n'));
        }
        AtomicFiles.writeString(out.resolve("summary.json"), SummaryJson.toJson(summary, rf) + "\n");
        AtomicFiles.writeString(out.resolve("summary.txt"), table.toString());
        StringBuilder inspect = new StringBuilder();
        InspectPrinter.print(SavedModelInspector.inspect(model, o.tags()), l -> inspect.append(l)
                .append('\n'));
        AtomicFiles.writeString(out.resolve("inspect.txt"), inspect.toString());

        Path figs = OutputFolder.prepare(out.resolve("figures"));
        ArrayNode curves = data.putArray("curves");
        Path history = model.toAbsolutePath().getParent().resolve("history.json");
        if (Files.isRegularFile(history)) {
            for (Figure f : TrainingCurves.write(HistoryJson.read(history), figs)) {
                String name = f.caption().startsWith("Loss") ? "loss" : "accuracy";
                curves.addObject()
                        .put("png", "figures/" + name + ".png")
                        .put("svg", "figures/" + name + ".svg")
                        .put("alt", f.altText())
                        .put("caption", f.caption());
                figures++;
            }
        }

        try (SavedModelWalker w = SavedModelWalker.open(
                model, o.tags(), o.signature(), o.precision().precision())) {
            SafeNames files = new SafeNames();
            ArrayNode filters = data.putArray("filters");
            for (String layer : w.layerNames()) {
                if (!w.layer(layer).className().equals("Conv2D")) {
                    continue;
                }
                LayerTensor kernel = w.weights(layer).get("kernel");
                if (kernel == null || kernel.shape().length != 4) {
                    continue;
                }
                SheetFigure f = FilterGallery.render(
                        layer, kernel.values(), kernel.shape(), -1, FilterGallery.Scale.SHARED, Palette.BLUE_ORANGE);
                String file = files.fileName("filters_" + layer, ".png");
                PngFiles.write(f, figs.resolve(file));
                ObjectNode entry = filters.addObject()
                        .put("name", layer)
                        .put("png", "figures/" + file)
                        .put("svg", "figures/" + file.replace(".png", ".svg"));
                entry.set("layout", MAPPER.valueToTree(f.layout()));
                entry.set(
                        "tiles",
                        MAPPER.valueToTree(f.tiles())); // small: the zoom reads filter weights from the page's data
                figures++;
            }
            figures += ReportInputs.write(w, o, model, out, data);
            ReportTopInputs.copy(o.topInputs(), w.layerNames(), out, data);
        }
        String params = table.toString()
                .lines()
                .filter(l -> l.strip().startsWith("Total params"))
                .findFirst()
                .orElse("")
                .strip();
        String about = "Model " + o.model() + (summary.note() != null ? " (" + summary.note() + ")" : "") + "; "
                + params
                + (params.isEmpty() ? "" : "; ") + o.samples().size() + " sample inputs from " + o.samplesFrom()
                + "; feature maps and predictions computed in " + o.precision().describe() + ".";
        Path index = out.resolve("index.html");
        AtomicFiles.writeString(
                index,
                ReportPage.render(
                        summary.modelName(),
                        about,
                        data,
                        table.toString(),
                        firstLines(inspect.toString(), 40),
                        o.classNames()));
        ReportPage.writeAssets(out, data);
        return new Outcome(index, figures, o.samples().size());
    }

    public static List<Path> images(Path dir, int max) {
        if (!Files.isDirectory(dir)) {
            throw BadInputException.inFile(
                    dir,
                    Files.exists(dir)
                            ? "is a file, not a folder of sample images"
                            : "the sample inputs folder does not exist");
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = s.filter(p -> IMAGE_SUFFIXES.stream().anyMatch(x -> p.getFileName()
                            .toString()
                            .toLowerCase(Locale.ROOT)
                            .endsWith(x)))
                    .sorted()
                    .limit(max)
                    .toList();
            if (out.isEmpty()) {
                throw BadInputException.inFile(dir, "holds no images (PNG, JPEG, PGM, GIF, BMP)");
            }
            return out;
        } catch (IOException e) {
            throw BadInputException.inFile(dir, "cannot list it (" + e.getMessage() + ")");
        }
    }

    private static String firstLines(String text, int n) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(0, Math.min(n, lines.size()))) + (lines.size() > n ? "\n…" : "");
    }
}
