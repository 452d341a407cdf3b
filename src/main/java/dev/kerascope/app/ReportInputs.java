package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.SafeNames;
import dev.kerascope.report.HtmlPage;
import dev.kerascope.viz.FeatureMapGrid;
import dev.kerascope.viz.SheetFigure;
import dev.kerascope.viz.Palette;
import dev.kerascope.viz.PngFiles;
import dev.kerascope.walker.ActivationStats;
import dev.kerascope.walker.Feed;
import dev.kerascope.walker.InputSpec;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The report's "Inputs" section: what each sample is fed as (the preprocessing and why), the
 * model's top predictions, the feature maps of every conv and pool layer that outputs maps, and the
 * statistics of the other layers (Dense, Flatten, global pooling), with every layer as .npy.
 */
final class ReportInputs {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportInputs() {}

  static int write(SavedModelWalker w, ReportJob.Options o, Path model, Path out, HtmlPage page) {
    ModelInput in = ModelInput.forImages(model, w, o.scale(), o.normalize());
    page.paragraph("Each input is fed as " + in.preprocessing().describe() + "; " + channelsText(in.geometry().channels())
        + "; input " + in.spec().describe() + ".");
    List<String> all = w.layerNames();
    List<String> spatial = FiguresJob.spatialLayers(w);
    String scores = Predictions.source(w).orElse(null);
    List<String> fetch = new ArrayList<>(all);
    if (scores != null) {
      fetch.add(scores);
    }
    if (fetch.isEmpty()) {
      page.paragraph("No Keras layers were found in this graph and its signature has no class-score output: nothing to show per input.");
      return 0;
    }
    int figures = 0;
    SafeNames dirs = new SafeNames();
    Map<String, Object> predictions = new LinkedHashMap<>();
    Set<String> winners = new HashSet<>();
    boolean softmaxed = false;
    for (var sample : o.samples()) {
      Pixels p = sample.pixels(in);
      Map<String, Feed> feed = in.feed(List.of(p));
      float[] x = in.values(p);
      Map<String, LayerTensor> acts = w.fetch(feed, fetch);
      String name = Path.of(sample.describe()).getFileName().toString();
      String dirName = dirs.fileName(name.replaceAll("\\.[^.]+$", ""), "");
      Path dir = OutputFolder.prepare(out.resolve("inputs").resolve(dirName));
      Map<String, LayerTensor> layers = new LinkedHashMap<>(acts);
      layers.remove(scores);
      ActivationsJob.writeNpy(dir.resolve("npy"), Map.of("input", new LayerTensor("input", in.feedShape(1, p), x)), layers);
      page.raw("<article>");
      page.heading(3, name, null);
      if (scores != null) {
        boolean[] soft = new boolean[1];
        double[] probs = Predictions.probabilities(acts.get(scores), 0, soft);
        softmaxed |= soft[0];
        List<String> top = Predictions.top(probs, 3, o.classNames());
        winners.add(top.get(0).replaceAll(" \\(.*", ""));
        predictions.put(name, top);
        page.paragraph("Top predictions (" + scores.substring("signature:".length()) + (soft[0] ? ", softmax of its scores" : "") + "): "
            + String.join(", ", top));
      }
      page.link("inputs/" + dirName + "/npy/index.json", "every layer's output as .npy (index.json)");
      page.raw("<div class=\"inputs\">");
      boolean first = true;
      SafeNames files = new SafeNames();
      StringBuilder others = new StringBuilder();
      for (String layer : all) {
        LayerTensor t = acts.get(layer);
        if (spatial.contains(layer) && FiguresJob.isMapStack(t)) {
          SheetFigure f = FeatureMapGrid.render(layer, w.layer(layer).className(), t.values(), t.shape(),
              first ? FeatureMapGrid.inputImage(x, new long[] {1, p.rows(), p.cols(), p.channels()}) : null,
              FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS);
          String file = files.fileName("featuremaps_" + layer, ".png");
          PngFiles.write(f, dir.resolve(file));
          page.figure("inputs/" + dirName + "/" + file, f.altText(), f.caption() + " for " + name);
          figures++;
          first = false;
        } else if (t.values().length > 0) {
          ActivationStats s = ActivationStats.of(t, 3);
          others.append(String.format(Locale.ROOT, "%-28s %-18s %-22s min %9.4f  max %9.4f  mean %9.4f%n", layer,
              w.layer(layer).className(), InputSpec.shapeText(t.shape()), s.min(), s.max(), s.mean()));
        }
      }
      page.raw("</div>");
      if (others.length() > 0) {
        page.paragraph("Layers whose outputs are not feature maps:");
        page.pre(others.toString());
      }
      page.raw("</article>");
    }
    if (winners.size() == 1 && o.samples().size() > 1) {
      page.raw("<p class=\"warning\"><strong>Warning:</strong> every sample input gets the same prediction ("
          + HtmlPage.escape(winners.iterator().next()) + "). The inputs may not be what the model expects: check the "
          + "preprocessing above (--scale, --normalize) and the sample inputs.</p>");
    }
    if (softmaxed) {
      page.paragraph("The model's scores are not probabilities (logits), so the percentages are their softmax.");
    }
    try {
      AtomicFiles.writeString(out.resolve("predictions.json"), MAPPER.writeValueAsString(predictions) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    page.link("predictions.json", "predictions.json");
    return figures;
  }

  /** How an image is turned into the model's channels. */
  private static String channelsText(int channels) {
    return channels == 3 ? "colour images are fed as RGB, grey ones repeated over the three channels"
        : channels == 1 ? "images are fed as grey levels (colour images converted as PIL's convert(\"L\"))"
        : "grey levels are repeated over the " + channels + " channels";
  }
}
