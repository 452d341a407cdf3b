package dev.kerascope.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.explain.Evidence;
import dev.kerascope.explain.Explainer;
import dev.kerascope.explain.Explanation;
import dev.kerascope.explain.Gradients;
import dev.kerascope.input.Pixels;
import dev.kerascope.io.BadInputException;
import dev.kerascope.viz.Figure;
import dev.kerascope.viz.Palette;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The report's "why": for each sample input, Grad-CAM (at the default layer) and saliency for the predicted class,
 * written exactly as {@code explain --method gradcam|saliency} writes them (heatmap, overlay, .npy) into the input's
 * folder. A model without a class-score output or without gradients gets a one-line note instead.
 */
final class ReportExplanations {
    /** What {@link #write} needs of one sample: its pixels as fed, its values, its folder and its page entry. */
    record Sample(Pixels pixels, float[] values, Path dir, String rel, ObjectNode entry) {}

    private ReportExplanations() {}

    /**
     * Explains every sample; returns the number of figures written.
     *
     * @param w the open walker of the model (its graph gains the gradient ops)
     * @param model the SavedModel folder, named in messages
     * @param samples the sample inputs, in page order
     * @param data the page's data: gains {@code explainScore} (which tensor is explained) when anything was, and
     *     {@code explainNote} (one line) for each method that could not be computed
     * @return heatmaps and overlays written (four per sample, or none)
     */
    static int write(SavedModelWalker w, Path model, List<Sample> samples, ObjectNode data) {
        if (samples.isEmpty()) {
            return 0;
        }
        Explainer explainer;
        String score;
        try {
            explainer = new Explainer(new Gradients(w, model));
            score = explainer.gradients().score().description();
        } catch (BadInputException e) {
            // no class score or no fixed input size: the rest of the report still stands
            data.put("explainNote", "No Grad-CAM or saliency: " + e.getMessage());
            return 0;
        }
        List<List<Explanation>> all = new ArrayList<>();
        samples.forEach(s -> all.add(new ArrayList<>()));
        List<String> notes = new ArrayList<>();
        for (String method : List.of("Grad-CAM", "saliency")) {
            try {
                List<Explanation> done = new ArrayList<>();
                for (Sample s : samples) {
                    int[] predicted = {-1};
                    done.add((method.equals("Grad-CAM")
                                    ? explainer.gradCam(s.values(), 1, predicted, null, false)
                                    : explainer.saliency(s.values(), 1, predicted))
                            .get(0));
                }
                for (int i = 0; i < samples.size(); i++) {
                    all.get(i).add(done.get(i));
                }
            } catch (BadInputException e) {
                // no conv layer for Grad-CAM, or an op without a gradient: the other method may still work
                notes.add("No " + method + ": " + e.getMessage().replaceAll("\\.?$", "."));
            }
        }
        if (!notes.isEmpty()) {
            data.put("explainNote", String.join(" ", notes));
        }
        if (all.get(0).isEmpty()) {
            return 0;
        }
        data.put("explainScore", score);
        int figures = 0;
        for (int i = 0; i < samples.size(); i++) {
            Sample s = samples.get(i);
            ArrayNode out = s.entry().putArray("explain");
            for (Explanation e : all.get(i)) {
                List<Figure> f = ExplainJob.figures(e, s.pixels(), Palette.VIRIDIS, score);
                String stem = e.method();
                ExplainJob.writeFiles(s.dir(), stem, f, e);
                out.addObject()
                        .put("method", e.method().equals("gradcam") ? "Grad-CAM at " + e.layer() : "Saliency")
                        .put("class", e.classIndex())
                        .put("where", Evidence.describe(e.heat(), e.rows(), e.cols()))
                        .put("heatmap", s.rel() + stem + "_heatmap.png")
                        .put("overlay", s.rel() + stem + "_overlay.png")
                        .put("npy", s.rel() + stem + ".npy")
                        .put("caption", f.get(0).caption())
                        .put("alt", f.get(0).altText())
                        .put("overlayAlt", f.get(1).altText());
                figures += 2;
            }
        }
        return figures;
    }
}
