package dev.kerascope.summary;

/** A line width at which a summary's columns cannot hold their text (Keras itself would loop or break). */
public final class TooNarrowException extends IllegalArgumentException {
    public TooNarrowException(int width) {
        super("a line width of " + width + " is too narrow for this summary");
    }
}
