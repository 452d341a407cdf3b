package dev.kerascope.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.LabeledImages;
import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Pixels;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.Remedy;
import dev.kerascope.io.SafeNames;
import dev.kerascope.precision.Precision;
import dev.kerascope.report.Progbar;
import dev.kerascope.viz.IndexedPng;
import dev.kerascope.viz.IndexedTiles;
import dev.kerascope.viz.Palette;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.OutputArrays;
import dev.kerascope.walker.SavedModelWalker;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code export}: per-layer feature-map figures for many test images, streamed in batches (memory does not grow with
 * the count), encoded on every core as indexed-colour PNGs at native resolution. {@link ExportParts} owns the on-disk
 * protocol (a batch folder renamed into place, then a part file recording the settings and the images it holds), so
 * {@code --resume} redoes exactly what is missing, after any interruption or with a larger count; at the end
 * {@link ExportManifest} merges the parts into {@code manifest.json} (per image: label, prediction, figures, captions)
 * and {@link ExportIndex} the page that browses it.
 */
public final class ExportJob {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public record Options(
            Path model,
            Dataset data,
            int count,
            List<String> layers,
            Path out,
            boolean resume,
            int batch,
            int threads,
            Double scale,
            List<Double> normalize,
            Set<String> tags,
            String signature,
            Precision precision) {
        public Options(
                Path model,
                Dataset data,
                int count,
                List<String> layers,
                Path out,
                boolean resume,
                int batch,
                int threads) {
            this(
                    model,
                    data,
                    count,
                    layers,
                    out,
                    resume,
                    batch,
                    threads,
                    null,
                    null,
                    Set.of("serve"),
                    "serving_default",
                    Precision.FLOAT32);
        }
    }

    public record Outcome(int images, int figures, int skippedBatches, double seconds) {}

    /**
     * The precision an earlier, interrupted export in {@code out} was made in, for a resume that does not choose one.
     *
     * @param out the export's folder
     * @return its parts' precision; empty when the folder holds no readable part
     */
    public static Optional<Precision> resumedPrecision(Path out) {
        return ExportParts.recordedPrecision(out);
    }

    /** Progress after each batch: images done, images in all, seconds so far. */
    public interface Progress {
        void update(int done, int total, double seconds);
    }

    private ExportJob() {}

    public static Outcome run(Options o, Progress progress) {
        LabeledImages test = o.data().test();
        if (o.count() < 1 || o.count() > test.count()) {
            throw new BadInputException("asked for " + o.count() + " images; the test set has " + test.count());
        }
        OutputFolder.prepare(o.out());
        if (!o.resume()
                && (Files.isDirectory(o.out().resolve("parts"))
                        || Files.exists(o.out().resolve("manifest.json")))) {
            throw BadInputException.inFile(o.out(), "already holds an export")
                    .suggesting(Remedy.CONTINUE_OR_OTHER_FOLDER);
        }
        long start = System.nanoTime();
        int figures = 0;
        int skipped = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, o.threads()));
        try (SavedModelWalker m = SavedModelWalker.open(o.model(), o.tags(), o.signature(), o.precision())) {
            ModelInput input = ModelInput.forImages(o.model(), m, o.scale(), o.normalize());
            List<String> layers = o.layers().isEmpty() ? FiguresJob.spatialLayers(m) : o.layers();
            if (layers.isEmpty()) {
                throw BadInputException.inFile(o.model(), "has no convolution or pooling layers to export")
                        .suggesting(Remedy.NAME_LAYERS);
            }
            Fetch.SignatureOutput last = m.classScores()
                    .orElseThrow(() -> BadInputException.inFile(
                            o.model(),
                            "has no class-score output (a float signature output of shape"
                                    + " (batch, classes)) to label the export with"));
            ExportParts parts = ExportParts.open(o.out(), ExportParts.settings(o, layers), o.resume());
            List<Fetch> fetch = new ArrayList<>(Fetch.layers(layers));
            fetch.add(last);
            int size = test.imageSize();
            int[] colours = IndexedTiles.table(Palette.VIRIDIS);
            SafeNames names = new SafeNames();
            Map<String, String> fileOf = new LinkedHashMap<>();
            layers.forEach(l -> fileOf.put(l, names.fileName(l, ".png")));
            int batches = (o.count() + o.batch() - 1) / o.batch();
            // Batch b's figures are encoded on the pool while batch b+1 runs through TensorFlow; a batch's
            // part file is written only once all its figures are on disk.
            Pending pending = null;
            // Two sets of kept arrays, alternating per batch run: batch k's figures read set k % 2 while batch k + 1
            // fills the other, and batch k is finished before batch k + 2 runs. Counted in batches run, not batch
            // numbers, because --resume skips some.
            OutputArrays[] kept = {new OutputArrays(), new OutputArrays()};
            int run = 0;
            for (int b = 0; b < batches; b++) {
                int from = b * o.batch();
                int n = Math.min(o.batch(), o.count() - from);
                if (parts.finished(b, from, from + n)) {
                    skipped++;
                    progress.update(from + n, o.count(), (System.nanoTime() - start) / 1e9);
                    continue;
                }
                List<Pixels> batchImages = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    int[] grey = new int[size];
                    for (int j = 0; j < size; j++) {
                        grey[j] = test.pixels()[(from + i) * size + j] & 0xff;
                    }
                    batchImages.add(input.fromGrey(test.rows(), test.cols(), grey));
                }
                Map<String, LayerTensor> acts = Fetch.byLabel(m.run(input.feed(batchImages), fetch, kept[run++ % 2]));
                // A batch's figures are written into a hidden folder that is renamed into place when all are
                // on disk: no figure ever appears under its final name half-written, at one rename per batch.
                String batchName = parts.batchDir(b).getFileName().toString();
                Path tmpDir = parts.newStaging(b);
                List<Future<?>> writes = new ArrayList<>();
                ArrayNode entries = MAPPER.createArrayNode();
                for (int i = 0; i < n; i++) {
                    int index = from + i;
                    double[] probs = Predictions.probabilities(acts.get(last.label()), i, new boolean[1]);
                    int best = Predictions.argmax(probs);
                    ObjectNode e = entries.addObject();
                    e.put("index", index)
                            .put("label", test.label(index))
                            .put("prediction", best)
                            .put("probability", (float) probs[best]);
                    ObjectNode figs = e.putObject("figures");
                    ObjectNode caps = e.putObject("captions");
                    for (String layer : layers) {
                        LayerTensor t = acts.get(layer);
                        if (t.shape().length != 4 || t.shape()[0] != n) {
                            throw new BadInputException(o.model() + ": layer '" + layer + "' outputs "
                                    + Arrays.toString(t.shape()) + ", not feature maps");
                        }
                        int h = (int) t.shape()[1];
                        int w = (int) t.shape()[2];
                        int c = (int) t.shape()[3];
                        String file = String.format("%05d_", index) + fileOf.get(layer);
                        String rel = "images/" + batchName + "/" + file;
                        String caption = String.format(
                                Locale.ROOT,
                                "Feature maps of %s (%s) %dx%dx%d for test image %d (label %d)",
                                layer,
                                m.layer(layer).className(),
                                h,
                                w,
                                c,
                                index,
                                test.label(index));
                        figs.put(layer, rel);
                        caps.put(layer, caption);
                        final int offset = i * h * w * c;
                        writes.add(pool.submit(() -> {
                            IndexedTiles.Indexed tiles = IndexedTiles.indices(t.values(), offset, h, w, c);
                            Files.write(
                                    tmpDir.resolve(file),
                                    IndexedPng.encode(
                                            tiles.width(),
                                            tiles.height(),
                                            tiles.pixels(),
                                            colours,
                                            caption,
                                            caption
                                                    + "; one tile per channel at one pixel per"
                                                    + " activation, viridis over the layer's range"));
                            return null;
                        }));
                        figures++;
                    }
                }
                if (pending != null) {
                    pending.finish(parts, start, o.count(), progress);
                }
                pending = new Pending(writes, b, tmpDir, from, from + n, entries);
            }
            if (pending != null) {
                pending.finish(parts, start, o.count(), progress);
            }
            ExportManifest.write(o.out(), o, layers, parts);
            ExportIndex.write(
                    o.out(),
                    "kerascope export: " + o.count() + " " + o.data().id().cliName() + " images",
                    o.data().id().classNames());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("export interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(o.count(), figures, skipped, (System.nanoTime() - start) / 1e9);
    }

    /** A batch whose figures are being written; its folder is renamed into place and its part written after them. */
    private record Pending(List<Future<?>> writes, int batch, Path tmpDir, int from, int to, ArrayNode entries) {
        void finish(ExportParts parts, long start, int total, Progress progress)
                throws InterruptedException, ExecutionException, IOException {
            for (Future<?> f : writes) {
                f.get();
            }
            parts.install(batch, tmpDir, from, to, entries);
            progress.update(to, total, (System.nanoTime() - start) / 1e9);
        }
    }

    /** A progress line on the console: a Keras-like bar with rate and ETA, redrawn on a terminal. */
    public static Progress consoleProgress(PrintStream out, boolean terminal) {
        return new Progress() {
            @Override
            public void update(int done, int total, double seconds) {
                double rate = seconds > 0 ? done / seconds : 0;
                String eta = rate > 0 ? Progbar.formatEta((total - done) / rate) : "?";
                String line = String.format(
                        Locale.ROOT, "%s %.0f images/s, ETA %s", Progbar.bar(done, total, false), rate, eta);
                if (terminal) {
                    out.print("\r" + line + (done >= total ? "\n" : ""));
                } else if (done >= total) {
                    out.println(line);
                }
                out.flush();
            }
        };
    }
}
