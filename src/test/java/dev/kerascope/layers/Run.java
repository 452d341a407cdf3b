package dev.kerascope.layers;

import dev.kerascope.graph.Tensors;
import dev.kerascope.kerasfile.KerasFile;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Builds a Keras file's graph, feeds one input and returns the named layers' outputs as floats. */
final class Run {
    private Run() {}

    static Map<String, float[]> layers(KerasFile file, float[] input, long[] shape, List<String> layers) {
        try (Graph g = new Graph()) {
            KerasGraph k = KerasGraphBuilder.build(Ops.create(g), file);
            try (Session s = new Session(g);
                    TFloat32 x = Tensors.floats(input, shape)) {
                k.initialize(s);
                Session.Runner r =
                        s.runner().feed(k.inputs().values().iterator().next(), x);
                layers.forEach(l -> r.fetch(k.layerOutputs().get(l)));
                Map<String, float[]> out = new LinkedHashMap<>();
                try (Result res = r.run()) {
                    for (int i = 0; i < layers.size(); i++) {
                        Tensor t = res.get(i);
                        out.put(layers.get(i), Tensors.toFloats(t));
                    }
                }
                return out;
            }
        }
    }

    static float[] random(int n, long seed, float lo, float hi) {
        Random r = new Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextFloat();
        }
        return v;
    }

    static double maxDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            return Double.POSITIVE_INFINITY;
        }
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
