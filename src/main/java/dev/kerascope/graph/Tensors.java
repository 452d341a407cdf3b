package dev.kerascope.graph;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.DoubleDataBuffer;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.ndarray.buffer.IntDataBuffer;
import org.tensorflow.ndarray.buffer.LongDataBuffer;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/** Copies between Java arrays and TensorFlow tensors (native memory: callers close them). */
public final class Tensors {
    private Tensors() {}

    // Bulk copies through the raw byte buffer: the ndarray copyTo/DataBuffers path is about 7x slower
    // (14 ms against 2 ms for a 22 MB activation tensor), which matters when every layer is fetched.
    public static TFloat32 floats(float[] data, long... shape) {
        TFloat32 t = TFloat32.tensorOf(Shape.of(shape));
        t.asRawTensor()
                .data()
                .asFloats()
                .write(data, 0, Math.toIntExact(t.shape().size()));
        return t;
    }

    public static TInt32 ints(int[] data, long... shape) {
        return TInt32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
    }

    public static float[] toFloats(Tensor tensor) {
        return toFloats(tensor, null);
    }

    /**
     * As {@link #toFloats(Tensor)}, into {@code reuse} when it has exactly the tensor's size: a loop over batches then
     * allocates its arrays once (a new array per batch cost about 10% of an all-activations forward pass, in zeroing
     * and garbage collection).
     *
     * @param tensor a numeric tensor
     * @param reuse an array to overwrite, or null
     * @return {@code reuse} when its length fits, else a new array
     */
    public static float[] toFloats(Tensor tensor, float[] reuse) {
        int n = Math.toIntExact(tensor.shape().size());
        float[] out = reuse != null && reuse.length == n ? reuse : new float[n];
        ByteDataBuffer raw = tensor.asRawTensor().data();
        switch (tensor.dataType()) {
            case DT_FLOAT -> raw.asFloats().read(out);
            case DT_DOUBLE -> {
                double[] d = new double[n];
                raw.asDoubles().read(d);
                for (int i = 0; i < n; i++) {
                    out[i] = (float) d[i];
                }
            }
            case DT_INT32 -> {
                int[] d = new int[n];
                raw.asInts().read(d);
                for (int i = 0; i < n; i++) {
                    out[i] = d[i];
                }
            }
            case DT_INT64 -> {
                long[] d = new long[n];
                raw.asLongs().read(d);
                for (int i = 0; i < n; i++) {
                    out[i] = d[i];
                }
            }
            case DT_UINT8 -> {
                byte[] d = new byte[n];
                raw.read(d);
                for (int i = 0; i < n; i++) {
                    out[i] = d[i] & 0xff;
                }
            }
            case DT_BOOL -> {
                byte[] d = new byte[n];
                raw.read(d);
                for (int i = 0; i < n; i++) {
                    out[i] = d[i] != 0 ? 1 : 0;
                }
            }
            default -> throw new IllegalArgumentException("cannot read a " + tensor.dataType() + " tensor as numbers");
        }
        return out;
    }

    /** Whether {@link #toFloats} and {@link #of} handle this type. */
    public static boolean isNumeric(DataType type) {
        return switch (type) {
            case DT_FLOAT, DT_DOUBLE, DT_INT32, DT_INT64, DT_UINT8, DT_BOOL -> true;
            default -> false;
        };
    }

    /**
     * A tensor of {@code type} holding {@code floats} or, when those are null, {@code ints} (integer inputs such as
     * token ids keep every bit). Values outside an integer type's range wrap as in NumPy's {@code astype}; callers
     * check ranges where it matters.
     */
    public static Tensor of(DataType type, long[] shape, float[] floats, long[] ints) {
        Shape s = Shape.of(shape);
        int n = Math.toIntExact(s.size());
        switch (type) {
            case DT_FLOAT -> {
                TFloat32 t = TFloat32.tensorOf(s);
                FloatDataBuffer b = t.asRawTensor().data().asFloats();
                if (floats != null) {
                    b.write(floats, 0, n);
                    return t;
                }
                for (int i = 0; i < n; i++) {
                    b.setFloat(floats != null ? floats[i] : ints[i], i);
                }
                return t;
            }
            case DT_DOUBLE -> {
                TFloat64 t = TFloat64.tensorOf(s);
                DoubleDataBuffer b = t.asRawTensor().data().asDoubles();
                for (int i = 0; i < n; i++) {
                    b.setDouble(floats != null ? floats[i] : ints[i], i);
                }
                return t;
            }
            case DT_INT32 -> {
                TInt32 t = TInt32.tensorOf(s);
                IntDataBuffer b = t.asRawTensor().data().asInts();
                for (int i = 0; i < n; i++) {
                    b.setInt(floats != null ? Math.round(floats[i]) : (int) ints[i], i);
                }
                return t;
            }
            case DT_INT64 -> {
                TInt64 t = TInt64.tensorOf(s);
                LongDataBuffer b = t.asRawTensor().data().asLongs();
                for (int i = 0; i < n; i++) {
                    b.setLong(floats != null ? Math.round(floats[i]) : ints[i], i);
                }
                return t;
            }
            case DT_UINT8 -> {
                TUint8 t = TUint8.tensorOf(s);
                ByteDataBuffer b = t.asRawTensor().data();
                for (int i = 0; i < n; i++) {
                    b.setByte((byte) (floats != null ? Math.round(floats[i]) : ints[i]), i);
                }
                return t;
            }
            case DT_BOOL -> {
                TBool t = TBool.tensorOf(s);
                ByteDataBuffer b = t.asRawTensor().data();
                for (int i = 0; i < n; i++) {
                    b.setByte((byte) ((floats != null ? floats[i] != 0 : ints[i] != 0) ? 1 : 0), i);
                }
                return t;
            }
            default -> throw new IllegalArgumentException("cannot make a " + type + " tensor");
        }
    }

    public static float scalar(Tensor tensor) {
        return ((TFloat32) tensor).getFloat();
    }
}
