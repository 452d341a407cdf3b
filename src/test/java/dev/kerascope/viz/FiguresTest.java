package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.train.History;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.NodeList;

class FiguresTest {
    @TempDir
    Path dir;

    static int rgb(BufferedImage img, int x, int y) {
        return img.getRGB(x, y) & 0xffffff;
    }

    /** Pixel position of value (row, col) of tile {@code t}, at its centre. */
    static int[] at(TileSheet s, int t, int row, int col) {
        return new int[] {s.tileX(t) + col * s.cell() + s.cell() / 2, s.tileY(t) + row * s.cell() + s.cell() / 2};
    }

    static int colour(TileSheet s, int t, int row, int col) {
        int[] p = at(s, t, row, col);
        return rgb(s.image(), p[0], p[1]);
    }

    @Test
    void filterGalleryCentresTheDivergingPaletteOnZeroWithASharedScale() {
        // Two 3x3 filters, one input channel (HWIO): filter 0 has +0.5 top-left and -0.5 bottom-right, filter 1 is all
        // zero.
        float[] k = new float[3 * 3 * 1 * 2];
        k[(0 * 3 + 0) * 2 + 0] = 0.5f;
        k[(2 * 3 + 2) * 2 + 0] = -0.5f;
        SheetFigure f = FilterGallery.render(
                "conv1", k, new long[] {3, 3, 1, 2}, -1, FilterGallery.Scale.SHARED, Palette.BLUE_ORANGE);
        TileSheet s = f.sheet();
        assertEquals(Palette.BLUE_ORANGE.rgb(1.0), colour(s, 0, 0, 0), "+max is the orange end");
        assertEquals(Palette.BLUE_ORANGE.rgb(0.0), colour(s, 0, 2, 2), "-max is the blue end");
        assertEquals(Palette.BLUE_ORANGE.rgb(0.5), colour(s, 0, 1, 1), "zero is the centre colour");
        assertEquals(Palette.BLUE_ORANGE.rgb(0.5), colour(s, 1, 0, 0), "an all-zero filter is all centre colour");
        assertTrue(
                f.altText().contains("2 small 3x3 images")
                        && f.altText().contains("-0.500 to 0.500")
                        && f.altText().contains("filter 0"),
                f.altText());
        assertTrue(
                f.svg().contains(">0.5</text>") && f.svg().contains(">-0.5</text>"),
                "colour-bar ticks at the shared range's ends");
    }

    @Test
    void multiChannelKernelsShowTheMeanOrTheChosenInputChannel() {
        float[] k = new float[1 * 1 * 2 * 1];
        k[0] = 1f; // input channel 0
        k[1] = -0.5f; // input channel 1
        SheetFigure mean = FilterGallery.render(
                "c", k, new long[] {1, 1, 2, 1}, -1, FilterGallery.Scale.PER_FILTER, Palette.BLUE_ORANGE);
        assertTrue(mean.caption().contains("mean over 2 input channels"), mean.caption());
        // Mean 0.25 on its own (per-filter) scale is the top of the map.
        assertEquals(Palette.BLUE_ORANGE.rgb(1.0), colour(mean.sheet(), 0, 0, 0));
        SheetFigure second = FilterGallery.render(
                "c", k, new long[] {1, 1, 2, 1}, 1, FilterGallery.Scale.PER_FILTER, Palette.BLUE_ORANGE);
        assertEquals(Palette.BLUE_ORANGE.rgb(0.0), colour(second.sheet(), 0, 0, 0), "-0.5 alone is the bottom");
        assertTrue(second.svg().contains("-0.5…0.5"), "per-filter: each tile's range is written under it");
    }

    @Test
    void featureMapsShareOneScalePerLayer() {
        // 1 x 2 x 2 x 2 (NHWC): channel 0 = 0,1,2,3 ; channel 1 = 4 everywhere.
        float[] v = {0, 4, 1, 4, 2, 4, 3, 4};
        SheetFigure f = FeatureMapGrid.render(
                "conv9", "Conv2D", v, new long[] {1, 2, 2, 2}, null, FeatureMapGrid.Scale.LAYER, Palette.VIRIDIS);
        TileSheet s = f.sheet();
        assertEquals(Palette.VIRIDIS.rgb(0.0), colour(s, 0, 0, 0), "the layer's minimum");
        assertEquals(Palette.VIRIDIS.rgb(0.75), colour(s, 0, 1, 1), "3 on the 0..4 scale");
        assertEquals(Palette.VIRIDIS.rgb(1.0), colour(s, 1, 0, 0), "channel 1 at the layer's maximum");
        assertTrue(
                f.altText().contains("2 numbered feature maps of 2x2")
                        && f.altText().contains("channels [1, 0]"),
                f.altText());
    }

    @Test
    void aColourInputIsShownInColourAndAGreyOneInGrey() {
        // 1x1x2x3: a red pixel then a blue one, on one shared range 0..1
        java.awt.image.BufferedImage colour =
                FeatureMapGrid.inputImage(new float[] {1, 0, 0, 0, 0, 1}, new long[] {1, 1, 2, 3});
        assertEquals(0xff0000, rgb(colour, 0, 0));
        assertEquals(0x0000ff, rgb(colour, 1, 0));
        java.awt.image.BufferedImage grey =
                FeatureMapGrid.inputImage(new float[] {0, 0.5f, 1}, new long[] {1, 1, 3, 1});
        assertEquals(0x808080, rgb(grey, 1, 0));
    }

    @Test
    void pngsCarryTheirCaptionAndAltText() throws Exception {
        Figure f = new Figure(
                new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB),
                "A caption",
                "What it shows, for a screen reader.");
        byte[] png = PngFiles.encode(f);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(png))) {
            ImageReader r = ImageIO.getImageReaders(in).next();
            r.setInput(in);
            IIOMetadataNode root = (IIOMetadataNode) r.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            NodeList entries = root.getElementsByTagName("tEXtEntry");
            Map<String, String> text = new java.util.HashMap<>();
            for (int i = 0; i < entries.getLength(); i++) {
                IIOMetadataNode e = (IIOMetadataNode) entries.item(i);
                text.put(e.getAttribute("keyword"), e.getAttribute("value"));
            }
            assertEquals("A caption", text.get("Title"));
            assertEquals("What it shows, for a screen reader.", text.get("Description"));
        }
    }

    @Test
    void trainingCurvesAreWrittenAsPngAndSvg() throws Exception {
        History h = History.of(Map.of(
                "loss",
                List.of(0.14, 0.04),
                "val_loss",
                List.of(0.05, 0.052),
                "accuracy",
                List.of(0.957, 0.987),
                "val_accuracy",
                List.of(0.986, 0.9855)));
        List<Figure> figures = TrainingCurves.write(h, dir);
        assertEquals(2, figures.size());
        assertTrue(ImageIO.read(dir.resolve("loss.png").toFile()).getWidth() == 640);
        assertTrue(Files.readString(dir.resolve("accuracy.svg")).contains("<svg"));
        assertTrue(
                figures.get(0).altText().contains("training from 0.1400 to 0.0400, validation from 0.0500 to 0.0520"),
                figures.get(0).altText());
    }
}
