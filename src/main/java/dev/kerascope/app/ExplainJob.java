package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.explain.Evidence;
import dev.kerascope.explain.Explainer;
import dev.kerascope.explain.Explanation;
import dev.kerascope.explain.Gradients;
import dev.kerascope.input.ImageSource;
import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.StagedFiles;
import dev.kerascope.precision.Precision;
import dev.kerascope.report.NpyWriter;
import dev.kerascope.viz.Figure;
import dev.kerascope.viz.Heatmaps;
import dev.kerascope.viz.Palette;
import dev.kerascope.viz.PngFiles;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code explain}: one image's attribution (saliency, SmoothGrad, Grad-CAM, Grad-CAM++) as a heatmap, an overlay on the
 * input, the raw values as .npy and a JSON of captions and settings, staged and moved into place together.
 */
public final class ExplainJob {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    /** The attribution methods; {@link #flag()} is how they are written on the command line and in file names. */
    public enum Method {
        SALIENCY("saliency"),
        SMOOTHGRAD("smoothgrad"),
        GRADCAM("gradcam"),
        GRADCAM_PLUS_PLUS("gradcam++");

        private final String flag;

        Method(String flag) {
            this.flag = flag;
        }

        public String flag() {
            return flag;
        }

        /** Grad-CAM and Grad-CAM++ are taken at a layer; the others at the input. */
        public boolean atLayer() {
            return this == GRADCAM || this == GRADCAM_PLUS_PLUS;
        }
    }

    private ExplainJob() {}

    public record Options(
            Path model,
            Set<String> tags,
            String signature,
            ImageSource image,
            Double scale,
            List<Double> normalize,
            Integer classIndex,
            Method method,
            String layer,
            int samples,
            double noise,
            long seed,
            Palette palette,
            Path out,
            Precision precision) {
        /** As above in float32, the default for analysis: the attributions equal the model's own gradients. */
        public Options(
                Path model,
                Set<String> tags,
                String signature,
                ImageSource image,
                Double scale,
                List<Double> normalize,
                Integer classIndex,
                Method method,
                String layer,
                int samples,
                double noise,
                long seed,
                Palette palette,
                Path out) {
            this(
                    model,
                    tags,
                    signature,
                    image,
                    scale,
                    normalize,
                    classIndex,
                    method,
                    layer,
                    samples,
                    noise,
                    seed,
                    palette,
                    out,
                    Precision.FLOAT32);
        }
    }

    /** What was explained and written: the caption says where the evidence lies. */
    public record Outcome(Explanation explanation, String score, String fed, String caption, List<Path> written) {}

    public static Outcome run(Options o) {
        if (o.layer() != null && !o.method().atLayer()) {
            throw new BadInputException(o.method().flag() + " is taken at the input, not at a layer");
        }
        if (o.classIndex() != null && o.classIndex() < 0) {
            throw new BadInputException("a class index is 0 or more (got " + o.classIndex() + ")");
        }
        try (SavedModelWalker w = SavedModelWalker.open(o.model(), o.tags(), o.signature(), o.precision())) {
            ModelInput in = ModelInput.forImages(o.model(), w, o.scale(), o.normalize());
            Pixels p = o.image().pixels(in);
            float[] x = in.values(p);
            Explainer explainer = new Explainer(new Gradients(w, o.model()));
            int[] classes = {o.classIndex() == null ? -1 : o.classIndex()};
            Explanation e =
                    switch (o.method()) {
                        case SALIENCY -> explainer.saliency(x, 1, classes).get(0);
                        case SMOOTHGRAD -> explainer
                                .smoothGrad(x, 1, classes, o.samples(), o.noise(), o.seed())
                                .get(0);
                        case GRADCAM, GRADCAM_PLUS_PLUS -> explainer
                                .gradCam(x, 1, classes, o.layer(), o.method() == Method.GRADCAM_PLUS_PLUS)
                                .get(0);
                    };
            String score = explainer.gradients().score().description();
            List<Figure> figures = figures(e, p, o.palette(), score);
            String stem = o.method().flag().replace("++", "pp");
            List<Path> written = new ArrayList<>();
            StagedFiles.write(o.out(), dir -> {
                writeFiles(dir, stem, figures, e);
                writeJson(dir.resolve(stem + ".json"), o, e, score, figures, stem);
                for (String f : List.of("_heatmap.png", "_overlay.png", ".npy", ".json")) {
                    written.add(o.out().resolve(stem + f));
                }
                return null;
            });
            return new Outcome(
                    e,
                    score,
                    o.image().describe() + "; input " + in.preprocessing().describe(),
                    figures.get(0).caption(),
                    written);
        }
    }

    /**
     * The heatmap and the overlay of one explanation, each with a caption and alt text saying where the evidence lies;
     * {@code input} is the image as fed (0..255). The report can call this per sample input.
     */
    public static List<Figure> figures(Explanation e, Pixels input, Palette palette, String score) {
        String name =
                switch (e.method()) {
                    case "saliency" -> "Saliency |d score / d input|";
                    case "smoothgrad" -> "SmoothGrad |mean d score / d input|";
                    case "gradcam" -> "Grad-CAM at " + e.layer();
                    default -> "Grad-CAM++ at " + e.layer();
                };
        String where = Evidence.describe(e.heat(), e.rows(), e.cols());
        String caption = String.format(
                Locale.ROOT, "%s for class %d (score %.4g, the %s): %s", name, e.classIndex(), e.score(), score, where);
        String alt = String.format(
                Locale.ROOT,
                "Heatmap over the %d x %d input, bright where %s finds evidence for class %d; %s.",
                e.rows(),
                e.cols(),
                name,
                e.classIndex(),
                where);
        Figure heatmap = new Figure(Heatmaps.heatmap(e.heat(), e.rows(), e.cols(), palette), caption, alt);
        Figure overlay = new Figure(
                Heatmaps.overlay(input, e.heat(), palette),
                caption + " (over the input)",
                "The input image with the heatmap blended over it; " + where + ".");
        return List.of(heatmap, overlay);
    }

    /** The heatmap and overlay PNGs and the raw {@code .npy} of one explanation, named after {@code stem}. */
    static void writeFiles(Path dir, String stem, List<Figure> figures, Explanation e) {
        PngFiles.write(figures.get(0), dir.resolve(stem + "_heatmap.png"));
        PngFiles.write(figures.get(1), dir.resolve(stem + "_overlay.png"));
        AtomicFiles.writeBytes(dir.resolve(stem + ".npy"), NpyWriter.float32(e.rawShape(), e.raw()));
    }

    private static void writeJson(
            Path file, Options o, Explanation e, String score, List<Figure> figures, String stem) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("method", e.method());
        root.put("class", e.classIndex());
        root.put("score", e.score());
        root.put("score_tensor", score);
        root.put("precision", o.precision().cliName());
        if (e.layer() != null) {
            root.put("layer", e.layer());
        }
        if (e.method().equals("smoothgrad")) {
            root.put("samples", o.samples()).put("noise", o.noise()).put("seed", o.seed());
        }
        root.put("values", stem + ".npy");
        root.putPOJO("values_shape", e.rawShape());
        root.put("where", Evidence.describe(e.heat(), e.rows(), e.cols()));
        String[] files = {stem + "_heatmap.png", stem + "_overlay.png"};
        for (int i = 0; i < 2; i++) {
            ObjectNode f = root.putObject(i == 0 ? "heatmap" : "overlay");
            f.put("file", files[i])
                    .put("caption", figures.get(i).caption())
                    .put("alt", figures.get(i).altText());
        }
        try {
            AtomicFiles.writeString(file, MAPPER.writeValueAsString(root) + "\n");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
