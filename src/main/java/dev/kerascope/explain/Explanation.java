package dev.kerascope.explain;

/**
 * One image's attribution: {@code heat} is the map drawn (rows x cols, non-negative), {@code raw} the
 * method's values before drawing ({@code rawShape}: the signed input gradient H x W x C for saliency and
 * SmoothGrad, the upsampled map H x W for Grad-CAM), {@code score} the class score at the image.
 */
public record Explanation(String method, int classIndex, float score, String layer, int rows, int cols, float[] heat,
    long[] rawShape, float[] raw) {
  public Explanation {
    rawShape = rawShape.clone();
  }

  @Override
  public long[] rawShape() {
    return rawShape.clone();
  }
}
