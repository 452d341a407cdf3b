package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kerascope.Kerascope;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.SafeNames;
import dev.kerascope.report.HistoryJson;
import dev.kerascope.report.HtmlPage;
import dev.kerascope.savedmodel.InspectPrinter;
import dev.kerascope.savedmodel.SavedModelInspector;
import dev.kerascope.summary.Keras3SummaryPrinter;
import dev.kerascope.summary.ModelSummary;
import dev.kerascope.summary.ReceptiveFields;
import dev.kerascope.summary.SummaryJson;
import dev.kerascope.viz.FeatureMapGrid;
import dev.kerascope.viz.Figure;
import dev.kerascope.viz.FilterGallery;
import dev.kerascope.viz.Palette;
import dev.kerascope.viz.PngFiles;
import dev.kerascope.viz.TrainingCurves;
import dev.kerascope.walker.LayerTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The main job: one self-contained folder with {@code index.html} describing a model — its summary
 * with receptive fields, what inspect finds, training curves when the model came with a history,
 * the filters of every Conv2D layer, and for each sample input its top predictions and the feature
 * maps of every conv and pool layer, with the data (JSON, .npy) linked.
 */
public final class ReportJob {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final Set<String> IMAGE_SUFFIXES = Set.of(".png", ".jpg", ".jpeg", ".pgm", ".gif", ".bmp");

  private ReportJob() {}

  public record Outcome(Path index, int figures, int inputs) {}

  public static Outcome run(Path model, Path inputsDir, int maxInputs, Path out) {
    OutputFolder.prepare(out);
    List<Path> inputs = images(inputsDir, maxInputs);
    ModelSource source = ModelSource.resolve(model.toString());
    ModelSummary summary = source.summary();
    HtmlPage page = new HtmlPage("kerascope report: " + summary.modelName());
    page.heading(1, "kerascope report: " + summary.modelName(), null);
    page.paragraph("Model " + model + (summary.note() != null ? " (" + summary.note() + ")" : "") + "; "
        + inputs.size() + " sample inputs from " + inputsDir + ".");
    page.raw("<nav><a href=\"#summary\">Summary</a><a href=\"#model\">Signatures</a><a href=\"#training\">Training</a>"
        + "<a href=\"#filters\">Filters</a><a href=\"#inputs\">Inputs</a></nav>");
    int figures = 0;

    page.heading(2, "Summary", "summary");
    StringBuilder table = new StringBuilder();
    Keras3SummaryPrinter.print(summary, Keras3SummaryPrinter.DEFAULT_WIDTH, l -> table.append(l).append('\n'));
    List<ReceptiveFields.Row> rf = summary.spatialChain() == null ? null : summary.spatialChain().rows();
    if (rf != null) {
      ReceptiveFields.print(rf, Keras3SummaryPrinter.DEFAULT_WIDTH, l -> table.append(l).append('\n'));
    }
    page.pre(table.toString());
    AtomicFiles.writeString(out.resolve("summary.json"), SummaryJson.toJson(summary, rf) + "\n");
    AtomicFiles.writeString(out.resolve("summary.txt"), table.toString());
    page.link("summary.json", "summary.json (the same as data)");

    page.heading(2, "Signatures and variables", "model");
    StringBuilder inspect = new StringBuilder();
    InspectPrinter.print(SavedModelInspector.inspect(model, Set.of("serve")), l -> inspect.append(l).append('\n'));
    AtomicFiles.writeString(out.resolve("inspect.txt"), inspect.toString());
    page.pre(firstLines(inspect.toString(), 40));
    page.link("inspect.txt", "inspect.txt (everything, with the op histogram)");

    page.heading(2, "Training", "training");
    Path history = model.toAbsolutePath().getParent().resolve("history.json");
    if (Files.isRegularFile(history)) {
      Path figs = out.resolve("figures");
      OutputFolder.prepare(figs);
      for (Figure f : TrainingCurves.write(HistoryJson.read(history), figs)) {
        String name = f.caption().startsWith("Loss") ? "loss" : "accuracy";
        page.figure("figures/" + name + ".png", f.altText(), f.caption());
        figures++;
      }
    } else {
      page.paragraph("No history.json beside the model: it did not come with a training history.");
    }

    try (Kerascope.Model m = Kerascope.open(model)) {
      SafeNames files = new SafeNames();
      page.heading(2, "Filters", "filters");
      Path figs = OutputFolder.prepare(out.resolve("figures"));
      for (String layer : m.layers()) {
        if (!m.layerClass(layer).equals("Conv2D")) {
          continue;
        }
        LayerTensor kernel = m.weights(layer).get("kernel");
        if (kernel == null || kernel.shape().length != 4) {
          continue;
        }
        Figure f = FilterGallery.render(layer, kernel.values(), kernel.shape(), -1, FilterGallery.Scale.SHARED, Palette.BLUE_ORANGE,
            kernel.shape()[2] == 1 ? 24 : 12);
        String file = files.fileName("filters_" + layer, ".png");
        PngFiles.write(f, figs.resolve(file));
        page.figure("figures/" + file, f.altText(), f.caption());
        figures++;
      }
      page.heading(2, "Inputs", "inputs");
      figures += inputs(m, model, inputs, out, page);
    }
    Path index = out.resolve("index.html");
    AtomicFiles.writeString(index, page.render());
    return new Outcome(index, figures, inputs.size());
  }

  private static int inputs(Kerascope.Model m, Path model, List<Path> inputs, Path out, HtmlPage page) {
    long[] shape = m.inputShape();
    int rows = (int) shape[1];
    int cols = (int) shape[2];
    int channels = shape.length == 4 ? (int) shape[3] : 1;
    ActivationsJob.Scaling scaling = ActivationsJob.defaultScaling(model);
    List<String> spatial = FiguresJob.spatialLayers(m);
    List<String> all = m.layers();
    String last = all.get(all.size() - 1);
    int figures = 0;
    SafeNames dirs = new SafeNames();
    Map<String, Object> predictions = new LinkedHashMap<>();
    for (Path input : inputs) {
      float[] x = scaling.input(ImageInput.grey(input, rows, cols), channels);
      Map<String, LayerTensor> acts = m.activations(x, 1, all.toArray(new String[0]));
      String name = input.getFileName().toString();
      String dirName = dirs.fileName(name.replaceAll("\\.[^.]+$", ""), "");
      Path dir = OutputFolder.prepare(out.resolve("inputs").resolve(dirName));
      ActivationsJob.writeNpy(dir.resolve("npy"), new LayerTensor("input", new long[] {1, rows, cols, channels}, x), acts);
      List<String> top = top(acts.get(last).values(), 3);
      predictions.put(name, top);
      page.raw("<article>");
      page.heading(3, name, null);
      page.paragraph("Top predictions (" + last + "): " + String.join(", ", top));
      page.link("inputs/" + dirName + "/npy/index.json", "every layer's output as .npy (index.json)");
      page.raw("<div class=\"inputs\">");
      boolean first = true;
      SafeNames files = new SafeNames();
      for (String layer : spatial) {
        LayerTensor t = acts.get(layer);
        int cell = Math.min(8, Math.max(1, 96 / (int) t.shape()[1]));
        Figure f = FeatureMapGrid.render(layer, m.layerClass(layer), t.values(), t.shape(), first ? x : null,
            new long[] {1, rows, cols, channels}, Palette.VIRIDIS, cell);
        String file = files.fileName("featuremaps_" + layer, ".png");
        PngFiles.write(f, dir.resolve(file));
        page.figure("inputs/" + dirName + "/" + file, f.altText(), f.caption() + " for " + name);
        figures++;
        first = false;
      }
      page.raw("</div></article>");
    }
    try {
      AtomicFiles.writeString(out.resolve("predictions.json"), MAPPER.writeValueAsString(predictions) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    page.link("predictions.json", "predictions.json");
    return figures;
  }

  /** "7 (99.9%)" for the k highest outputs. */
  static List<String> top(float[] probs, int k) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < probs.length; i++) {
      order.add(i);
    }
    order.sort((a, b) -> Float.compare(probs[b], probs[a]));
    List<String> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, order.size()); i++) {
      out.add(String.format(Locale.ROOT, "%d (%.1f%%)", order.get(i), 100 * probs[order.get(i)]));
    }
    return out;
  }

  static List<Path> images(Path dir, int max) {
    if (!Files.isDirectory(dir)) {
      throw BadInputException.inFile(dir, "the sample inputs folder does not exist");
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> out = s.filter(p -> IMAGE_SUFFIXES.stream().anyMatch(x -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(x)))
          .sorted().limit(max).toList();
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
