package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sheet figure is written as its PNG and, beside it under the same name, its SVG. */
class PngFilesTest {
    @TempDir
    Path dir;

    @Test
    void theSvgSitsBesideThePngUnderTheSameName() {
        assertEquals(dir.resolve("maps.svg"), PngFiles.svgBeside(dir.resolve("maps.png")));
        assertEquals(dir.resolve("a.png.svg"), PngFiles.svgBeside(dir.resolve("a.png.png")), "only the last .png");
        assertEquals(dir.resolve("plain.svg"), PngFiles.svgBeside(dir.resolve("plain")));
    }

    @Test
    void aSheetFigureIsWrittenAsPngAndSvg() throws Exception {
        SheetFigure f = SheetFigureSvgTest.constantChannels(2);
        Path png = dir.resolve("conv.png");
        PngFiles.write(f, png);
        BufferedImage read = ImageIO.read(png.toFile());
        BufferedImage drawn = f.sheet().image();
        assertEquals(drawn.getWidth(), read.getWidth());
        for (int y = 0; y < drawn.getHeight(); y++) {
            for (int x = 0; x < drawn.getWidth(); x++) {
                assertEquals(drawn.getRGB(x, y), read.getRGB(x, y), "pixel " + x + "," + y);
            }
        }
        assertEquals(f.svg(), Files.readString(dir.resolve("conv.svg")));
    }
}
