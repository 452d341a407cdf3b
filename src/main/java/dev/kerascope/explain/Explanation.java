package dev.kerascope.explain;

/**
 * One image's attribution: {@code heat} is the map drawn (rows x cols, non-negative), {@code raw} the method's values
 * before drawing ({@code rawShape}: the signed input gradient H x W x C for saliency and SmoothGrad, the upsampled map
 * H x W for Grad-CAM), {@code score} the class score at the image.
 */
public record Explanation(
        String method,
        int classIndex,
        float score,
        String layer,
        int rows,
        int cols,
        float[] heat,
        long[] rawShape,
        float[] raw) {
    /**
     * An attribution; {@code rawShape} is copied.
     *
     * @param method saliency, smoothgrad, gradcam or gradcam++
     * @param classIndex the class explained
     * @param score the class score at the image
     * @param layer the layer Grad-CAM was taken at (null for the input methods)
     * @param rows the input's rows
     * @param cols the input's columns
     * @param heat the map drawn, rows x cols, non-negative
     * @param rawShape the shape of {@code raw}
     * @param raw the method's values before drawing
     */
    public Explanation {
        rawShape = rawShape.clone();
    }

    /**
     * The shape of {@link #raw()}.
     *
     * @return a copy of it
     */
    @Override
    public long[] rawShape() {
        return rawShape.clone();
    }
}
