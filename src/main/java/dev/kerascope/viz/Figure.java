package dev.kerascope.viz;

import java.awt.image.BufferedImage;

/** A rendered figure with what a reader who cannot see it needs: a caption and an alt text. */
public record Figure(BufferedImage image, String caption, String altText) {}
