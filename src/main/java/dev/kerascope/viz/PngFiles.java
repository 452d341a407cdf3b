package dev.kerascope.viz;

import dev.kerascope.io.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes a figure as PNG with its caption and alt text in tEXt chunks ("Title", "Description"), so the description
 * travels with the file; written atomically.
 */
public final class PngFiles {
    private PngFiles() {}

    public static void write(Figure figure, Path file) {
        AtomicFiles.writeBytes(file, encode(figure));
    }

    /** The figure's PNG at {@code png} and its SVG beside it (same name, .svg). */
    public static void write(SheetFigure figure, Path png) {
        write(figure.figure(), png);
        AtomicFiles.writeString(svgBeside(png), figure.svg());
    }

    /** {@code x.png} → {@code x.svg}. */
    public static Path svgBeside(Path png) {
        return png.resolveSibling(png.getFileName().toString().replaceAll("\\.png$", "") + ".svg");
    }

    public static byte[] encode(Figure figure) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
            ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(figure.image());
            IIOMetadata meta = writer.getDefaultImageMetadata(type, writer.getDefaultWriteParam());
            String format = "javax_imageio_png_1.0";
            IIOMetadataNode text = new IIOMetadataNode("tEXt");
            text.appendChild(entry("Title", figure.caption()));
            text.appendChild(entry("Description", figure.altText()));
            IIOMetadataNode root = new IIOMetadataNode(format);
            root.appendChild(text);
            meta.mergeTree(format, root);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(new IIOImage(figure.image(), null, meta));
            } finally {
                writer.dispose();
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static IIOMetadataNode entry(String keyword, String value) {
        IIOMetadataNode e = new IIOMetadataNode("tEXtEntry");
        e.setAttribute("keyword", keyword);
        // tEXt is Latin-1: characters outside it are replaced rather than lost silently in a reader.
        e.setAttribute("value", value.replaceAll("[^\\x20-\\xff]", "?"));
        return e;
    }
}
