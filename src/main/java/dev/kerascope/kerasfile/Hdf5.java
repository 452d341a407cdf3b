package dev.kerascope.kerasfile;

import dev.kerascope.io.BadInputException;
import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The bits of HDF5 Keras uses, read with jHDF; anything jHDF cannot read is a malformed file. */
final class Hdf5 {
    /** HDF5's format signature; the superblock starts at 0 or at a power of two from 512 (after a user block). */
    static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    private Hdf5() {}

    static boolean hasSignature(byte[] head) {
        return head.length >= SIGNATURE.length && Arrays.equals(Arrays.copyOf(head, SIGNATURE.length), SIGNATURE);
    }

    /** An HDF5 file held in memory (the weights inside a .keras zip). */
    static HdfFile fromBytes(byte[] bytes, Path file, String what) {
        if (!hasSignature(bytes)) {
            throw BadInputException.inFile(file, what + " is not HDF5 (no HDF5 signature at its start)");
        }
        try {
            return HdfFile.fromByteBuffer(ByteBuffer.wrap(bytes));
        } catch (RuntimeException e) {
            throw BadInputException.inFile(file, what + " is not a readable HDF5 file (" + e.getMessage() + ")");
        }
    }

    static HdfFile open(Path file) {
        try {
            return new HdfFile(file);
        } catch (RuntimeException e) {
            throw BadInputException.inFile(file, "is not a readable HDF5 file (" + e.getMessage() + ")");
        }
    }

    static Group group(Group parent, String path) {
        Node n = child(parent, path);
        return n instanceof Group g ? g : null;
    }

    /** The node at a relative path, or null. */
    static Node child(Group parent, String path) {
        Node n = parent;
        for (String part : path.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!(n instanceof Group g) || !g.getChildren().containsKey(part)) {
                return null;
            }
            n = g.getChild(part);
        }
        return n;
    }

    /** A string attribute (Keras writes them as bytes or str scalars), or null. */
    static String string(Node n, String name) {
        Attribute a = n.getAttribute(name);
        Object v = a == null ? null : a.getData();
        if (v instanceof String[] s && s.length == 1) {
            return s[0];
        }
        return v instanceof String s ? s : null;
    }

    /** A list-of-strings attribute ({@code layer_names}, {@code weight_names}); empty when absent or empty. */
    static List<String> strings(Node n, String name) {
        Attribute a = n.getAttribute(name);
        Object v = a == null || a.isEmpty() ? null : a.getData();
        List<String> out = new ArrayList<>();
        if (v instanceof String[] s) {
            out.addAll(Arrays.asList(s));
        } else if (v instanceof String s) {
            out.add(s);
        }
        return out;
    }

    /** A dataset's values as float32, row-major, with its shape. */
    static WeightArray floats(Dataset d, String name, Path file) {
        Object data = d.isScalar() ? d.getData() : d.getDataFlat();
        float[] out;
        if (data instanceof float[] f) {
            out = f;
        } else if (data instanceof double[] v) {
            out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = (float) v[i];
            }
        } else if (data instanceof long[] v) {
            out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
        } else if (data instanceof int[] v) {
            out = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = v[i];
            }
        } else if (data instanceof Number n) {
            out = new float[] {n.floatValue()};
        } else {
            throw BadInputException.inFile(
                    file,
                    "weight " + d.getPath() + " holds " + d.getJavaType().getSimpleName() + " values, not numbers");
        }
        List<Integer> shape = new ArrayList<>();
        Arrays.stream(d.getDimensions()).forEach(shape::add);
        return new WeightArray(name, shape, out, true);
    }
}
