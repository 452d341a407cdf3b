package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figure commands on the shipped model (no data set needed for filters and curves). */
class FigureCommandsTest {
    @TempDir
    Path dir;

    final Cli cli = new Cli();

    int run(String... args) {
        return cli.run(args).exit();
    }

    @Test
    void filtersAndCurvesOfTheShippedModel() throws Exception {
        assertEquals(0, run("filters", "--layer", "conv1", "--out", dir.toString()), cli.err());
        assertTrue(Files.size(dir.resolve("filters_conv1.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("filters_conv1.json")).contains("32 small 3x3 images"));
        assertTrue(
                Files.readString(dir.resolve("filters_conv1.svg")).contains(">31</text>"),
                "SVG beside the PNG, tiles numbered");
        assertEquals(0, run("curves", "--out", dir.toString()), cli.err());
        assertTrue(Files.exists(dir.resolve("loss.svg")) && Files.exists(dir.resolve("accuracy.json")));
        for (String f : new String[] {"loss.png", "loss.svg", "accuracy.png", "accuracy.svg"}) {
            assertTrue(cli.out().contains("wrote " + dir.resolve(f)), "curves names the files it wrote: " + cli.out());
        }
    }

    @Test
    void featureMapsOfEveryConvAndPoolLayerForAnImageFile() throws Exception {
        java.awt.image.BufferedImage img =
                new java.awt.image.BufferedImage(40, 40, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        var g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(17, 6, 6, 28);
        g.dispose();
        Path png = dir.resolve("one.png");
        javax.imageio.ImageIO.write(img, "png", png.toFile());
        Path out = dir.resolve("maps");
        assertEquals(0, run("featuremaps", "--input", png.toString(), "--out", out.toString()), cli.err());
        Path second = dir.resolve("two.png");
        Files.copy(png, second);
        assertEquals(
                0,
                run("featuremaps", "--input", second.toString(), "--map-scale", "per-map", "--out", out.toString()),
                cli.err());
        for (String layer : new String[] {"conv1", "conv2", "pool1", "conv3", "conv4", "pool2", "conv5", "pool3"}) {
            for (String input : new String[] {"one", "two"}) {
                assertTrue(
                        Files.exists(out.resolve("featuremaps_" + input + "_" + layer + ".png")), input + " " + layer);
                assertTrue(
                        Files.exists(out.resolve("featuremaps_" + input + "_" + layer + ".svg")), input + " " + layer);
            }
        }
        // The input is drawn beside the first layer's maps in the SVG only: the PNG's sidecar must not promise it.
        assertFalse(Files.readString(out.resolve("featuremaps_one_conv1.json")).contains("input image"));
        assertTrue(Files.readString(out.resolve("featuremaps_one_conv1.svg"))
                .contains("The input image is drawn on the left.</desc>"));
        assertTrue(Files.readString(out.resolve("featuremaps_two_conv1.json")).contains("each map on its own scale"));
        assertTrue(
                Files.readString(out.resolve("featuremaps_one_pool3.json")).contains("Strip of 128 bars"),
                "1x1x128 as bars");
        assertTrue(
                Files.readString(out.resolve("overview_one.json")).contains("8 figures stacked"),
                "Figure 2 of tutorial 002");
        assertTrue(cli.out().contains("wrote " + out.resolve("featuremaps_two_conv1.svg")), cli.out());
        assertEquals(2, run("featuremaps", "--input", png.toString(), "--layers", "dense", "--out", out.toString()));
        assertTrue(cli.err().contains("not feature maps"), cli.err());
    }

    @Test
    void badRequestsAreExitCode2() throws Exception {
        assertEquals(2, run("filters", "--layer", "pool1", "--out", dir.toString()));
        // what the layer is, and the layers that can be drawn: keras-mnist's five Conv2D layers
        assertTrue(
                cli.err()
                        .contains("layer 'pool1' (MaxPooling2D) has no 4-D kernel to draw as filters; layers with one:"
                                + " conv1, conv2, conv3, conv4, conv5"),
                cli.err());
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertEquals(2, run("filters", "--layer", "conv1", "--out", file.toString()));
        assertTrue(cli.err().contains("is a file"), cli.err());
        assertEquals(2, run("filters", "--layer", "conv1", "--input-channel", "3", "--out", dir.toString()));
        assertEquals(2, run("filters", "--layer", "conv1", "--palette", "rainbow", "--out", dir.toString()));
        assertEquals(
                2,
                run(
                        "featuremaps",
                        "--dataset",
                        "mnist",
                        "--index",
                        "0",
                        "--map-scale",
                        "log",
                        "--out",
                        dir.toString()));
        assertTrue(
                cli.err().contains("Invalid value for option '--map-scale': 'log' is not one of layer, per-map"),
                cli.err());
    }
}
