package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/**
 * Where the figures put each thing, from their layout rules worked out by hand: a title strip of 24
 * pixels, tiles of cell-sized squares with 3 (maps) or 4 (filters) pixel gaps in a ceil(sqrt(n))-column
 * grid, the input image left of the maps, a 12-pixel colour bar 8 pixels right of the grid.
 */
class FigureLayoutTest {
  static int rgb(BufferedImage img, int x, int y) {
    return img.getRGB(x, y) & 0xffffff;
  }

  /** Whether any pixel in the box is not white (text or drawing is there). */
  static boolean inked(BufferedImage img, int x0, int y0, int x1, int y1) {
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        if (rgb(img, x, y) != 0xffffff) {
          return true;
        }
      }
    }
    return false;
  }

  @Test
  void featureMapsWithAGreyInputPutTheInputLeftAndTheBarRightOfTheGrid() {
    // One 2x2 channel at cell 10: tile 20 px; grid 3 + 20 + 3 = 26 px. Input 2x2 at 23 / 2 / 2 = 5 px per pixel,
    // 2 · 5 + 12 = 22 px wide, so the tile starts at x = 22 + 3 and the bar at 22 + 26 + 8 = 56.
    float[] maps = {-1, 0, 1, 2};
    float[] input = {0, 1, 2, 3};
    Figure f = FeatureMapGrid.render("c", "Conv2D", maps, new long[] {1, 2, 2, 1}, input, new long[] {1, 2, 2, 1},
        Palette.VIRIDIS, 10);
    BufferedImage img = f.image();
    assertEquals(360, img.getWidth(), "at least 360 wide");
    assertEquals(24 + 100, img.getHeight(), "at least 100 below the title");
    int top = 24 + 3;
    assertEquals(0x000000, rgb(img, 3 + 2, top + 2), "input 0 of 0..3 is black");
    assertEquals(0x555555, rgb(img, 3 + 5 + 2, top + 2), "1 of 0..3 is entry 85");
    assertEquals(0xaaaaaa, rgb(img, 3 + 2, top + 5 + 2), "2 of 0..3 is entry 170");
    assertEquals(0xffffff, rgb(img, 3 + 5 + 4, top + 5 + 4));
    assertEquals(0xffffff, rgb(img, 3 + 10, top + 2), "right of the input");
    assertEquals(Palette.VIRIDIS.rgb(0), rgb(img, 25 + 5, top + 5), "the map's minimum, -1");
    assertEquals(Palette.VIRIDIS.rgb(1 / 3.0), rgb(img, 25 + 15, top + 5));
    assertEquals(Palette.VIRIDIS.rgb(2 / 3.0), rgb(img, 25 + 5, top + 15));
    assertEquals(Palette.VIRIDIS.rgb(1), rgb(img, 25 + 19, top + 19), "the maximum fills the tile to its edge");
    assertEquals(0xffffff, rgb(img, 25 + 20, top + 19), "then the gap");
    // The bar: 60 rows (the grid is shorter) from the top colour down, outlined in dark gray.
    assertEquals(Palette.VIRIDIS.rgb(1 - 1 / 59.0), rgb(img, 56 + 5, top + 1));
    assertEquals(Palette.VIRIDIS.rgb(1 - 30 / 59.0), rgb(img, 56 + 5, top + 30));
    assertEquals(Palette.VIRIDIS.rgb(1 - 58 / 59.0), rgb(img, 56 + 5, top + 58));
    assertEquals(0x404040, rgb(img, 56, top + 30), "outline, left");
    assertEquals(0x404040, rgb(img, 56 + 12, top + 30), "outline, right");
    assertEquals(0x404040, rgb(img, 56 + 5, top + 59), "outline, bottom");
    assertEquals(0xffffff, rgb(img, 56 + 5, top + 61));
    // Labels 16 px right of the bar: the maximum at the top, the minimum at the bottom, and 0 (inside -1..2) at 2/3.
    assertTrue(inked(img, 72, top, 120, top + 11), "2.000");
    assertTrue(inked(img, 72, top + 50, 120, top + 61), "-1.000");
    assertTrue(inked(img, 72, top + 36, 82, top + 44), "0 at 27 + round(2/3 · 59) = 66");
    assertTrue(!inked(img, 72, top + 14, 120, top + 32), "nothing between the labels");
    assertTrue(inked(img, 6, 5, 100, 18), "the title");
    assertTrue(!inked(img, 0, 0, 360, 4), "above the title");
    assertEquals(0xffffff, rgb(img, 359, 123), "the canvas is white");
    assertTrue(f.altText().contains("with the input image on the left") && f.altText()
        .contains("values from -1.000 to 2.000"),
        f.altText());
  }

  @Test
  void aColourInputIsDrawnInColourOverOneSharedRange() {
    float[] maps = {0, 1};
    // One 1x2 RGB image: red (2, 0, 0) and gray (1, 1, 1) on the shared range 0..2.
    float[] input = {2, 0, 0, 1, 1, 1};
    Figure f = FeatureMapGrid.render("c", "Conv2D", maps, new long[] {1, 1, 2, 1}, input, new long[] {1, 1, 2, 3},
        Palette.GRAY, 4);
    // Tile 4 px high: 1 · (4 + 3) / 1 / 2 = 3 px per input pixel.
    BufferedImage img = f.image();
    assertEquals(0xff0000, rgb(img, 3 + 1, 27 + 1));
    assertEquals(0x808080, rgb(img, 3 + 3 + 1, 27 + 1), "1 of 0..2 is level 128 in each channel");
    assertEquals(0xffffff, rgb(img, 3 + 1, 27 + 3), "three rows only");
    int tile = 2 * 3 + 12 + 3;
    assertEquals(0x000000, rgb(img, tile + 1, 27 + 1), "the maps start after the input");
    assertEquals(0xffffff, rgb(img, tile + 5, 27 + 1));
  }

  @Test
  void aConstantLayerIsDrawnAtThePalettesStartWithoutAZeroLabel() {
    float[] maps = {5, 5, 5, 5};
    Figure f = FeatureMapGrid.render("c", "ReLU", maps, new long[] {1, 1, 1, 4}, null, null, Palette.VIRIDIS, 5);
    BufferedImage img = f.image();
    // 4 channels: 2 columns, 2 rows of 5 px tiles; the fourth tile at (3 + 8, 27 + 8).
    assertEquals(Palette.VIRIDIS.rgb(0), rgb(img, 3 + 8 + 2, 27 + 8 + 2));
    assertEquals(0xffffff, rgb(img, 3 + 5, 27 + 2), "the gap between columns");
    assertEquals(0xffffff, rgb(img, 3 + 2, 27 + 5), "the gap between rows");
    assertTrue(f.altText().contains("channels [0, 1, 2] respond most"), f.altText());
    assertTrue(f.caption().equals("Feature maps of c (ReLU), 1x1x4"), f.caption());
  }

  @Test
  void filtersSitInAGridOfTheirOwnShapeAndTheLargestIsNamed() {
    // Three 2x3 filters (HWIO, one input channel): filter o has value (o + 1) / 4 at its first weight, -0.1 elsewhere.
    int out = 3;
    float[] k = new float[2 * 3 * 1 * out];
    for (int i = 0; i < 6; i++) {
      for (int o = 0; o < out; o++) {
        k[i * out + o] = i == 0 ? (o + 1) / 4f : -0.1f;
      }
    }
    Figure f = FilterGallery.render("conv", k, new long[] {2, 3, 1, out}, 0, FilterGallery.Scale.SHARED, Palette.GRAY,
        5);
    BufferedImage img = f.image();
    // 2 columns of 3 · 5 = 15 px tiles with 4 px gaps: tiles at x = 4 and 23, rows at y = 28 and 42.
    int top = 24 + 4;
    assertEquals(Palette.GRAY.rgb(0.5 + 0.25 / 1.5), rgb(img, 4 + 1, top + 1), "0.25 on the shared ±0.75 scale");
    assertEquals(Palette.GRAY.rgb(0.5 + 0.5 / 1.5), rgb(img, 23 + 1, top + 1));
    assertEquals(Palette.GRAY.rgb(1.0), rgb(img, 4 + 1, top + 14 + 1), "the third filter, second row");
    assertEquals(Palette.GRAY.rgb(0.5 + (double) -0.1f / 1.5), rgb(img, 4 + 14, top + 9),
        "its last weight (float -0.1)");
    assertEquals(0xffffff, rgb(img, 4 + 15, top + 1), "the gap after a tile");
    assertEquals(0xffffff, rgb(img, 4 + 1, top + 10), "the gap below a tile");
    assertEquals(0xffffff, rgb(img, 23 + 1, top + 14 + 1), "no fourth filter");
    // The bar 8 px right of the 2 · 19 + 4 = 42 px grid, over 60 rows.
    assertEquals(Palette.GRAY.rgb(1 - 1 / 59.0), rgb(img, 50 + 5, top + 1));
    assertTrue(inked(img, 66, top + 26, 76, top + 34), "the 0 label halfway down");
    assertEquals(360, img.getWidth());
    assertEquals(24 + 120, img.getHeight());
    assertTrue(f.altText().contains("filter 2 has the largest weights") && f.altText().contains("one shared scale"),
        f.altText());
    assertEquals("Filters of conv: 3 kernels of 2x3 (input channel 0)", f.caption());
  }

  @Test
  void perFilterScalesHaveNoBarAndTheFirstOfEqualFiltersIsNamed() {
    float[] k = {0.5f, -0.5f, 0.25f, -0.25f}; // 1x1, 2 inputs, 2 outputs: HWIO [i][o]
    Figure f = FilterGallery.render("c", k, new long[] {1, 1, 2, 2}, -1, FilterGallery.Scale.PER_FILTER, Palette.GRAY,
        10);
    BufferedImage img = f.image();
    // Means over the inputs: filter 0 (0.5 + 0.25) / 2, filter 1 the negative of it; each is its own maximum.
    assertEquals(0xffffff, rgb(img, 4 + 5, 28 + 5));
    assertEquals(0x000000, rgb(img, 18 + 5, 28 + 5));
    assertTrue(!inked(img, 40, 28, 60, 80), "no colour bar");
    assertTrue(f.altText().contains("filter 0 has the largest weights") && f.altText().contains("a per-filter scale"),
        f.altText());
    assertEquals("Filters of c: 2 kernels of 1x1 (mean over 2 input channels)", f.caption());
    Figure one = FilterGallery.render("c", new float[] {1}, new long[] {1, 1, 1, 1}, -1, FilterGallery.Scale.PER_FILTER,
        Palette.GRAY, 10);
    assertEquals("Filters of c: 1 kernels of 1x1", one.caption(), "one input channel: nothing to average");
    BadInputException e = assertThrows(BadInputException.class,
        () -> FilterGallery.render("c", k, new long[] {1, 1, 2, 2}, 2, FilterGallery.Scale.SHARED, Palette.GRAY, 10));
    assertEquals("--input-channel 2 but c has 2 input channels", e.getMessage());
  }

  @Test
  void indexedPngChunksCarryTheirLengthAndCrcAsThePngSpecificationSays() {
    int[] palette = new int[256];
    palette[1] = 0x123456;
    byte[] pixels = new byte[300 * 2];
    pixels[299] = 1;
    byte[] png = IndexedPng.encode(300, 2, pixels, palette, "t", "d");
    ByteBuffer b = ByteBuffer.wrap(png);
    b.position(8);
    StringBuilder types = new StringBuilder();
    while (b.remaining() > 0) {
      int length = b.getInt();
      byte[] typeAndData = new byte[4 + length];
      b.get(typeAndData);
      CRC32 crc = new CRC32();
      crc.update(typeAndData);
      String type = new String(typeAndData, 0, 4, StandardCharsets.US_ASCII);
      assertEquals((int) crc.getValue(), b.getInt(), type + " CRC over type and data");
      types.append(type).append(' ');
      if (type.equals("IHDR")) {
        ByteBuffer h = ByteBuffer.wrap(typeAndData, 4, length);
        assertEquals(300, h.getInt(), "width, big-endian");
        assertEquals(2, h.getInt());
      }
      if (type.equals("PLTE")) {
        assertEquals(0x12, typeAndData[4 + 3]);
        assertEquals(0x34, typeAndData[4 + 4]);
        assertEquals(0x56, typeAndData[4 + 5]);
      }
    }
    assertEquals("IHDR PLTE tEXt tEXt IDAT IEND ", types.toString());
    String text = new String(png, StandardCharsets.ISO_8859_1);
    assertTrue(text.contains("tEXtTitle\0t") && text.contains("tEXtDescription\0d"));
  }
}
