package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kerascope.Kerascope;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.SafeNames;
import dev.kerascope.report.HistoryJson;
import dev.kerascope.viz.FeatureMapGrid;
import dev.kerascope.viz.Figure;
import dev.kerascope.viz.FilterGallery;
import dev.kerascope.viz.Palette;
import dev.kerascope.viz.PngFiles;
import dev.kerascope.viz.TrainingCurves;
import dev.kerascope.walker.LayerTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figure commands: filter galleries, feature-map grids and training curves, each PNG with a JSON sidecar. */
public final class FiguresJob {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private FiguresJob() {}

  public static Path filters(Path model, String layer, int inputChannel, FilterGallery.Scale scale, Palette palette, Path out) {
    OutputFolder.prepare(out);
    try (Kerascope.Model m = Kerascope.open(model)) {
      LayerTensor kernel = m.weights(layer).get("kernel");
      if (kernel == null || kernel.shape().length != 4) {
        throw new BadInputException(model + ": layer '" + layer + "' has no 4-D convolution kernel");
      }
      Figure f = FilterGallery.render(layer, kernel.values(), kernel.shape(), inputChannel, scale, palette, 24);
      return save(f, out, new SafeNames().fileName("filters_" + layer, ".png"));
    }
  }

  /** One grid per conv and pool layer (or the named ones); the first one shows the input beside its maps. */
  public static List<Path> featureMaps(Path model, ActivationsJob.ImageSource image, ActivationsJob.Scaling scaling, List<String> layers,
      Palette palette, Path out) {
    OutputFolder.prepare(out);
    List<Path> written = new ArrayList<>();
    try (Kerascope.Model m = Kerascope.open(model)) {
      long[] shape = m.inputShape();
      int rows = (int) shape[1];
      int cols = (int) shape[2];
      int channels = shape.length == 4 ? (int) shape[3] : 1;
      float[] x = scaling.input(image.grey(rows, cols), channels);
      List<String> names = layers.isEmpty() ? spatialLayers(m) : layers;
      Map<String, LayerTensor> acts = m.activations(x, 1, names.toArray(new String[0]));
      SafeNames files = new SafeNames();
      boolean first = true;
      List<Figure> rendered = new ArrayList<>();
      for (var e : acts.entrySet()) {
        LayerTensor t = e.getValue();
        if (t.shape().length != 4) {
          throw new BadInputException(model + ": layer '" + e.getKey() + "' outputs shape " + java.util.Arrays.toString(t.shape())
              + ", not feature maps");
        }
        int cell = Math.max(1, 96 / (int) Math.max(t.shape()[1], 1));
        Figure f = FeatureMapGrid.render(e.getKey(), m.layerClass(e.getKey()), t.values(), t.shape(), first ? x : null,
            new long[] {1, rows, cols, channels}, palette, Math.min(cell, 8));
        written.add(save(f, out, files.fileName("featuremaps_" + e.getKey(), ".png")));
        rendered.add(f);
        first = false;
      }
      if (rendered.size() > 1) {
        written.add(save(dev.kerascope.viz.Overview.stack(rendered, "Feature maps of every layer for one input"), out,
            files.fileName("overview", ".png")));
      }
    }
    return written;
  }

  static List<String> spatialLayers(Kerascope.Model m) {
    List<String> out = new ArrayList<>();
    for (String l : m.layers()) {
      String cls = m.layerClass(l);
      if (cls.equals("Conv2D") || cls.endsWith("Pooling2D")) {
        out.add(l);
      }
    }
    return out;
  }

  public static List<Figure> curves(Path history, Path out) {
    OutputFolder.prepare(out);
    List<Figure> figures = TrainingCurves.write(HistoryJson.read(history), out);
    for (Figure f : figures) {
      String name = f.caption().startsWith("Loss") ? "loss" : "accuracy";
      sidecar(f, out, name + ".png");
    }
    return figures;
  }

  private static Path save(Figure f, Path out, String file) {
    Path png = out.resolve(file);
    PngFiles.write(f, png);
    sidecar(f, out, file);
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
      AtomicFiles.writeString(out.resolve(file.replaceAll("\\.png$", ".json")), MAPPER.writeValueAsString(meta) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
