package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.SafeNames;
import dev.kerascope.report.NpyWriter;
import dev.kerascope.train.SavedModelExporter;
import dev.kerascope.walker.ActivationStats;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code activations} use case: one input through a SavedModel, every asked layer fetched. */
public final class ActivationsJob {
  /** How grey levels 0..255 become the model's input: {@code (v * scale - mean) / std}. */
  public record Scaling(double scale, double mean, double std, String source) {
    public float apply(int grey) {
      return (float) ((grey * scale - mean) / std);
    }

    /** Grey levels of one image as the model's input, repeated over its channels (NHWC). */
    public float[] input(int[] grey, int channels) {
      float[] x = new float[grey.length * channels];
      for (int i = 0; i < grey.length; i++) {
        float v = apply(grey[i]);
        for (int c = 0; c < channels; c++) {
          x[i * channels + c] = v;
        }
      }
      return x;
    }
  }

  public record Outcome(List<ActivationStats> stats, Map<String, LayerTensor> tensors, Scaling scaling) {}

  private ActivationsJob() {}

  /** The scaling a model expects: kerascope's exports record it; for other models x/255 is assumed. */
  public static Scaling defaultScaling(Path model) {
    Path sidecar = model.resolve(SavedModelExporter.SIDECAR);
    if (Files.isRegularFile(sidecar)) {
      try {
        var p = new ObjectMapper().readTree(sidecar.toFile()).path("preprocessing");
        return new Scaling(p.path("scale").asDouble(1 / 255.0), p.path("mean").asDouble(0), p.path("std").asDouble(1),
            "recorded in " + SavedModelExporter.SIDECAR);
      } catch (IOException e) {
        throw BadInputException.inFile(sidecar, "unreadable (" + e.getMessage() + ")");
      }
    }
    return new Scaling(1 / 255.0, 0, 1, "assumed (the model records none; override with --scale/--normalize)");
  }

  /** Grey levels 0..255 of one image, row-major, at the size the model asks for. */
  public interface ImageSource {
    int[] grey(int rows, int cols);
  }

  public static Outcome run(Path model, Set<String> tags, String signature, ImageSource image, Scaling scaling, List<String> layers,
      Path npyDir) {
    return run(model, tags, signature, image, scaling, layers, false, List.of(), npyDir);
  }

  /** With {@code raw}, each layer's pre-activation too ({@code conv1:raw}); {@code tensors} are graph tensors by name. */
  public static Outcome run(Path model, Set<String> tags, String signature, ImageSource image, Scaling scaling, List<String> layers,
      boolean raw, List<String> tensorNames, Path npyDir) {
    try (SavedModelWalker w = SavedModelWalker.open(model, tags, signature)) {
      long[] shape = w.inputShape();
      if (shape[1] < 1 || shape[2] < 1 || shape[1] > 4096 || shape[2] > 4096) {
        throw BadInputException.inFile(model, "declares an input of shape " + java.util.Arrays.toString(shape) + " with no usable image size");
      }
      int rows = (int) shape[1];
      int cols = (int) shape[2];
      int channels = shape.length == 4 ? (int) shape[3] : 1;
      // A grey image fed to a model that wants several channels is repeated in each of them.
      float[] x = scaling.input(image.grey(rows, cols), channels);
      List<String> names = new ArrayList<>();
      for (String l : layers.isEmpty() && tensorNames.isEmpty() ? w.layerNames() : layers) {
        names.add(l);
        if (raw) {
          names.add(l + ":raw");
        }
      }
      tensorNames.forEach(t -> names.add("tensor:" + t));
      Map<String, LayerTensor> tensors = w.fetch(x, 1, names);
      List<ActivationStats> stats = new ArrayList<>();
      tensors.values().forEach(t -> stats.add(ActivationStats.of(t, 3)));
      if (npyDir != null) {
        long[] inShape = shape.clone();
        inShape[0] = 1;
        writeNpy(npyDir, new LayerTensor("input", inShape, x), tensors);
      }
      return new Outcome(stats, tensors, scaling);
    }
  }

  /** {@code <layer>.npy} per layer, {@code input.npy}, and {@code index.json} mapping names to files. */
  static void writeNpy(Path dir, LayerTensor input, Map<String, LayerTensor> tensors) {
    OutputFolder.prepare(dir);
    SafeNames names = new SafeNames();
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode index = mapper.createObjectNode();
    Map<String, LayerTensor> all = new LinkedHashMap<>();
    all.put("input", input);
    all.putAll(tensors);
    for (var e : all.entrySet()) {
      String file = names.fileName(e.getKey(), ".npy");
      AtomicFiles.writeBytes(dir.resolve(file), NpyWriter.float32(e.getValue().shape(), e.getValue().values()));
      ObjectNode entry = index.putObject(e.getKey());
      entry.put("file", file);
      var shape = entry.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      entry.put("dtype", "float32");
    }
    try {
      AtomicFiles.writeString(dir.resolve("index.json"), mapper.writeValueAsString(index) + "\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
