import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.Architectures;
import dev.kerascope.arch.Layer;
import dev.kerascope.bench.TrainBenchmark;
import dev.kerascope.graph.Tensors;
import dev.kerascope.graph.TrainableGraph;
import dev.kerascope.graph.VariableValues;
import dev.kerascope.layers.ArchitectureModel;
import dev.kerascope.precision.Precision;
import dev.kerascope.precision.Sessions;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.OutputArrays;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The activation path's hypotheses, timed in one JVM: every variant runs one batch of 256 in turn (the order rotated
 * and reversed batch by batch, so a busy moment of the shared machine hits all alike), and each variant's median is
 * compared with the raw TF Java peer's (its graph built by ../shared/peers/tfjava/Spike.java, compiled alongside).
 * Run by bin/bench-activations-ab; arguments: batches per variant, then optionally a comma list of variants.
 */
public class ActivationsAB {
    interface Batch {
        void run();
    }

    static final int BATCH = 256;

    public static void main(String[] args) {
        int batches = Integer.parseInt(args[0]);
        float[] images = new float[BATCH * 784];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) r.nextDouble();
        }
        TFloat32 x = Tensors.floats(images, BATCH, 28, 28, 1);
        Map<String, Batch> variants = new LinkedHashMap<>();
        peer(variants, x);
        direct(variants, x);
        walker(variants, images, x);
        if (args.length > 1) {
            variants.keySet().retainAll(Set.of(args[1].split(",")));
        }
        for (Batch b : variants.values()) {
            for (int i = 0; i < 3; i++) {
                b.run();
            }
        }
        Map<String, double[]> ms = new LinkedHashMap<>();
        variants.keySet().forEach(k -> ms.put(k, new double[batches]));
        List<String> order = new ArrayList<>(variants.keySet());
        for (int i = 0; i < batches; i++) {
            Collections.rotate(order, 1);
            if (i % 2 == 1) {
                Collections.reverse(order);
            }
            for (String k : order) {
                long t0 = System.nanoTime();
                variants.get(k).run();
                ms.get(k)[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        double peer = TrainBenchmark.median(ms.get("peer"));
        for (var e : ms.entrySet()) {
            double m = TrainBenchmark.median(e.getValue());
            System.out.printf(
                    Locale.ROOT,
                    "%-22s median %6.2f ms per 256 = %5.0f images/s; speed / peer's %.3f%n",
                    e.getKey(), m, BATCH * 1000 / m, peer / m);
        }
        System.exit(0);
    }

    /** Copies every result into arrays kept between batches (null: new arrays, as before OutputArrays). */
    static void copy(Result res, int count, float[][] kept) {
        for (int i = 0; i < count; i++) {
            if (kept == null) {
                Tensors.toFloats(res.get(i));
            } else {
                kept[i] = Tensors.toFloats(res.get(i), kept[i]);
            }
        }
    }

    /** The peer's graph and session, as its run.sh measures acts_copy_ms; and what each part of that costs. */
    static void peer(Map<String, Batch> v, TFloat32 x) {
        Graph g = new Graph();
        Spike.Model m = Spike.build(g, Spike.ARCHS.get("keras"));
        for (Precision p : Precision.values()) {
            Session s = new Session(g, Sessions.config(p));
            s.initialize();
            String suffix = p == Precision.FLOAT32 ? "" : " bf16";
            float[][] kept = new float[m.acts.size()][];
            v.put("peer" + suffix, () -> {
                try (Result res = peerRun(s, m, x).run()) {
                    copy(res, kept.length, kept);
                }
            });
            v.put("peer new arrays" + suffix, () -> {
                try (Result res = peerRun(s, m, x).run()) {
                    copy(res, kept.length, null);
                }
            });
            v.put("peer no copy" + suffix, () -> peerRun(s, m, x).run().close());
            v.put("peer logits only" + suffix, () -> s.runner().feed(m.x, x).fetch(m.logits).run().close());
        }
    }

    static Session.Runner peerRun(Session s, Spike.Model m, TFloat32 x) {
        Session.Runner run = s.runner().feed(m.x, x);
        m.acts.forEach(run::fetch);
        return run.fetch(m.logits);
    }

    /** bench activations' directly built graph, with new or kept arrays. */
    static void direct(Map<String, Batch> v, TFloat32 x) {
        Graph g = new Graph();
        Architecture arch = Architectures.resolve("keras-mnist");
        ArchitectureModel.Graph m =
                ArchitectureModel.build(Ops.create(g), arch, TrainableGraph.Mode.INFERENCE, 0, null);
        List<Operand<TFloat32>> fetches = new ArrayList<>();
        for (Layer l : arch.layers()) {
            if (l instanceof Layer.Conv2D || l instanceof Layer.Pooling2D) {
                fetches.add(m.layerOutputs().get(l.name()));
            }
        }
        Session s = Sessions.open(g, Precision.FLOAT32);
        VariableValues.assign(s, m.initialValues(1));
        float[][] kept = new float[fetches.size()][];
        for (boolean reuse : new boolean[] {false, true}) {
            v.put(reuse ? "direct" : "direct new arrays", () -> {
                Session.Runner run = s.runner().feed(m.input(), x);
                fetches.forEach(run::fetch);
                try (Result res = run.run()) {
                    copy(res, fetches.size(), reuse ? kept : null);
                }
            });
        }
    }

    /** The walker's API (new or kept arrays, each precision), and its session run by hand without the API. */
    static void walker(Map<String, Batch> v, float[] images, TFloat32 x) {
        Path model = Path.of("saved-models/keras-mnist");
        for (Precision p : Precision.values()) {
            SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default", p);
            List<String> layers = w.layerNames().stream()
                    .filter(l -> w.layer(l).className().equals("Conv2D")
                            || w.layer(l).className().endsWith("Pooling2D"))
                    .toList();
            String suffix = p == Precision.FLOAT32 ? "" : " bf16";
            OutputArrays kept = new OutputArrays();
            v.put("walker" + suffix, () -> w.fetch(images, BATCH, layers, kept));
            if (p != Precision.FLOAT32) {
                continue;
            }
            v.put("walker new arrays", () -> w.fetch(images, BATCH, layers));
            String input = w.inputs().get(0).tensorName();
            List<Output<?>> outputs = new ArrayList<>();
            layers.forEach(l -> outputs.add(w.tensor(Fetch.layer(l))));
            float[][] arrays = new float[outputs.size()][];
            v.put("walker session by hand", () -> {
                Session.Runner run = w.session().runner().feed(input, x);
                outputs.forEach(run::fetch);
                try (Result res = run.run()) {
                    copy(res, outputs.size(), arrays);
                }
            });
        }
    }
}
