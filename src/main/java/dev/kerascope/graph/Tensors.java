package dev.kerascope.graph;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** Copies between Java arrays and TensorFlow tensors (native memory: callers close them). */
public final class Tensors {
  private Tensors() {}

  public static TFloat32 floats(float[] data, long... shape) {
    return TFloat32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
  }

  public static TInt32 ints(int[] data, long... shape) {
    return TInt32.tensorOf(Shape.of(shape), DataBuffers.of(data, true, false));
  }

  public static float[] toFloats(Tensor tensor) {
    TFloat32 t = (TFloat32) tensor;
    float[] out = new float[Math.toIntExact(t.shape().size())];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  public static float scalar(Tensor tensor) {
    return ((TFloat32) tensor).getFloat();
  }
}
