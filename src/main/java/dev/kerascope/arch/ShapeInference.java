package dev.kerascope.arch;

import dev.kerascope.io.BadInputException;
import java.util.ArrayList;
import java.util.List;

/**
 * Propagates the input shape through the layers, computing each output shape and parameter count as Keras does, and
 * refusing architectures that cannot run (a window larger than its input, a Dense layer on an unflattened map, a
 * convolution after Flatten).
 */
public final class ShapeInference {
    /** Tensors larger than this per image are certainly a typo, and would exhaust memory. */
    static final long MAX_ELEMENTS_PER_IMAGE = 1L << 28;

    private ShapeInference() {}

    public static List<LayerShape> infer(Architecture arch) {
        List<LayerShape> out = new ArrayList<>();
        int[] shape = arch.inputShape();
        for (Layer layer : arch.layers()) {
            long params = 0;
            if (layer instanceof Layer.Conv2D c) {
                requireRank(arch, layer, shape, 3);
                int rows = c.padding().outputLength(shape[0], c.kernelRows(), c.strideRows(), true);
                int cols = c.padding().outputLength(shape[1], c.kernelCols(), c.strideCols(), false);
                requireWindowFits(arch, layer, shape, c.kernelRows(), c.kernelCols(), rows, cols, "convolution");
                params = (long) c.kernelRows() * c.kernelCols() * shape[2] * c.filters()
                        + (c.useBias() ? c.filters() : 0);
                shape = new int[] {rows, cols, c.filters()};
            } else if (layer instanceof Layer.Pooling2D p) {
                requireRank(arch, layer, shape, 3);
                int rows = p.padding().outputLength(shape[0], p.poolRows(), p.strideRows(), true);
                int cols = p.padding().outputLength(shape[1], p.poolCols(), p.strideCols(), false);
                requireWindowFits(arch, layer, shape, p.poolRows(), p.poolCols(), rows, cols, "pooling");
                shape = new int[] {rows, cols, shape[2]};
            } else if (layer instanceof Layer.Flatten f) {
                shape = new int[] {(int) elements(shape)};
            } else if (layer instanceof Layer.Dense d) {
                if (shape.length != 1) {
                    throw bad(
                            arch,
                            layer,
                            "Dense needs a flat input but gets " + fmt(shape) + "; put a Flatten layer before it");
                }
                params = (long) shape[0] * d.units() + (d.useBias() ? d.units() : 0);
                shape = new int[] {d.units()};
            }
            if (elements(shape) > MAX_ELEMENTS_PER_IMAGE) {
                throw bad(arch, layer, "output " + fmt(shape) + " is too large");
            }
            out.add(new LayerShape(layer, shape, params));
        }
        return out;
    }

    public static long totalParams(List<LayerShape> shapes) {
        return shapes.stream().mapToLong(LayerShape::params).sum();
    }

    private static void requireRank(Architecture arch, Layer layer, int[] shape, int rank) {
        if (shape.length != rank) {
            throw bad(
                    arch,
                    layer,
                    layer.className() + " needs a (rows, cols, channels) input but gets " + fmt(shape)
                            + (shape.length == 1 ? " (it comes after Flatten)" : ""));
        }
    }

    private static void requireWindowFits(
            Architecture arch, Layer layer, int[] in, int wr, int wc, int rows, int cols, String what) {
        if (rows < 1 || cols < 1) {
            throw bad(
                    arch,
                    layer,
                    "a " + wr + "x" + wc + " " + what + " does not fit its " + in[0] + "x" + in[1] + " input");
        }
    }

    private static long elements(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    static String fmt(int[] shape) {
        StringBuilder sb = new StringBuilder("(None");
        for (int d : shape) {
            sb.append(", ").append(d);
        }
        return sb.append(')').toString();
    }

    private static BadInputException bad(Architecture arch, Layer layer, String problem) {
        return new BadInputException(
                arch.source() + ": layer '" + layer.name() + "' (" + layer.className() + "): " + problem);
    }
}
