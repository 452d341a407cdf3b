package dev.kerascope.bench;

import dev.kerascope.arch.Architecture;
import dev.kerascope.arch.ArchitectureJson;
import dev.kerascope.arch.Layer;
import dev.kerascope.graph.Tensors;
import dev.kerascope.graph.TrainableGraph;
import dev.kerascope.graph.VariableValues;
import dev.kerascope.layers.ArchitectureModel;
import dev.kerascope.precision.Precision;
import dev.kerascope.precision.Sessions;
import dev.kerascope.walker.OutputArrays;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code bench activations}: images per second for a forward pass that returns every conv and pool layer's output as
 * Java arrays, through the walker on a SavedModel, against the same network built directly with TF Java ops in the same
 * run (rounds alternate, medians reported). The direct graph is also timed with an Identity on every fetched tensor, as
 * the walker fetches (its guard against a oneDNN remapper defect), to measure what that Identity costs on a graph where
 * the defect does not arise.
 */
public final class ActivationsBenchmark {
    /** The Python model keras2_tf23_mnist_cnn_3stage as a kerascope architecture (its Reshape is a no-op here). */
    public static final String THREE_STAGE =
            """
      {"name": "three-stage", "input_shape": [28, 28, 1], "layers": [
        {"class_name": "Conv2D", "config": {"filters": 32, "kernel_size": 3, "padding": "same", "activation": "relu"}},
        {"class_name": "MaxPooling2D"},
        {"class_name": "Conv2D", "config": {"filters": 64, "kernel_size": 3, "padding": "same", "activation": "relu"}},
        {"class_name": "MaxPooling2D"},
        {"class_name": "Conv2D", "config": {"filters": 128, "kernel_size": 3, "padding": "same", "activation": "relu"}},
        {"class_name": "MaxPooling2D"},
        {"class_name": "Flatten"}, {"class_name": "Dense", "config": {"units": 64, "activation": "relu"}},
        {"class_name": "Dense", "config": {"units": 10, "activation": "softmax"}}]}""";

    private ActivationsBenchmark() {}

    public static double[] run(
            Architecture directArch, Path savedModel, int batch, int steps, int rounds, Consumer<String> out) {
        return run(directArch, savedModel, batch, steps, rounds, Precision.FLOAT32, out);
    }

    /** As above with both sessions (direct graph and walker) in {@code precision}. */
    public static double[] run(
            Architecture directArch,
            Path savedModel,
            int batch,
            int steps,
            int rounds,
            Precision precision,
            Consumer<String> out) {
        float[] images = new float[batch * 784];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < images.length; i++) {
            images[i] = (float) r.nextDouble();
        }
        double[] direct = new double[rounds];
        double[] walked = new double[rounds];
        double[] guarded = new double[rounds];
        try (Graph g = new Graph();
                SavedModelWalker w = SavedModelWalker.open(savedModel, Set.of("serve"), "serving_default", precision)) {
            Ops tf = Ops.create(g);
            ArchitectureModel.Graph m = ArchitectureModel.build(tf, directArch, TrainableGraph.Mode.INFERENCE, 0, null);
            List<Operand<TFloat32>> fetches = new ArrayList<>();
            for (Layer l : directArch.layers()) {
                if (l instanceof Layer.Conv2D || l instanceof Layer.Pooling2D) {
                    fetches.add(m.layerOutputs().get(l.name()));
                }
            }
            List<Operand<TFloat32>> identities = new ArrayList<>();
            fetches.forEach(f -> identities.add(tf.identity(f)));
            List<String> walkedLayers = w.layerNames().stream()
                    .filter(l -> w.layer(l).className().equals("Conv2D")
                            || w.layer(l).className().endsWith("Pooling2D"))
                    .toList();
            long[] shape = w.inputShape();
            shape[0] = batch;
            try (Session s = Sessions.open(g, precision);
                    TFloat32 x = Tensors.floats(images, batch, 28, 28, 1)) {
                initialize(s, m);
                // Every side copies into arrays kept between batches, as the raw TF Java peer does.
                float[][] directArrays = new float[fetches.size()][];
                float[][] guardedArrays = new float[fetches.size()][];
                OutputArrays walkerArrays = new OutputArrays();
                for (int round = -1; round < rounds; round++) {
                    long t0 = System.nanoTime();
                    fetchAll(s, m, x, fetches, steps, directArrays);
                    long t1 = System.nanoTime();
                    for (int i = 0; i < steps; i++) {
                        w.fetch(images, batch, walkedLayers, walkerArrays);
                    }
                    long t2 = System.nanoTime();
                    fetchAll(s, m, x, identities, steps, guardedArrays);
                    long t3 = System.nanoTime();
                    if (round >= 0) {
                        direct[round] = batch * steps / ((t1 - t0) / 1e9);
                        walked[round] = batch * steps / ((t2 - t1) / 1e9);
                        guarded[round] = batch * steps / ((t3 - t2) / 1e9);
                        out.accept(String.format(
                                Locale.ROOT,
                                "round %d: direct %s %.0f images/s (%d layers); walker %s %.0f"
                                        + " images/s (%d layers); ratio %.3f;"
                                        + " direct with an Identity per fetch %.0f images/s",
                                round + 1,
                                directArch.name(),
                                direct[round],
                                fetches.size(),
                                savedModel,
                                walked[round],
                                walkedLayers.size(),
                                walked[round] / direct[round],
                                guarded[round]));
                    }
                }
            }
        }
        double d = TrainBenchmark.median(direct);
        double wk = TrainBenchmark.median(walked);
        double id = TrainBenchmark.median(guarded);
        out.accept(String.format(
                Locale.ROOT,
                "batch %d %s: direct %.0f images/s (%.1f ms per batch), walker %.0f images/s (%.1f"
                        + " ms per batch); ratio %.3f (target >= 0.8)",
                batch,
                precision.cliName(),
                d,
                batch * 1000 / d,
                wk,
                batch * 1000 / wk,
                wk / d));
        out.accept(String.format(
                Locale.ROOT,
                "batch %d: direct with an Identity per fetch %.0f images/s (%.1f ms per batch); ratio to direct %.3f",
                batch,
                id,
                batch * 1000 / id,
                id / d));
        return new double[] {d, wk, id};
    }

    private static void fetchAll(
            Session s, TrainableGraph m, TFloat32 x, List<Operand<TFloat32>> fetches, int steps, float[][] arrays) {
        for (int i = 0; i < steps; i++) {
            Session.Runner run = s.runner().feed(m.input(), x);
            fetches.forEach(run::fetch);
            try (Result res = run.run()) {
                for (int k = 0; k < fetches.size(); k++) {
                    arrays[k] = Tensors.toFloats(res.get(k), arrays[k]);
                }
            }
        }
    }

    private static void initialize(Session s, TrainableGraph m) {
        VariableValues.assign(s, m.initialValues(1));
    }

    public static Architecture threeStage() {
        return ArchitectureJson.parse(THREE_STAGE, "three-stage");
    }
}
