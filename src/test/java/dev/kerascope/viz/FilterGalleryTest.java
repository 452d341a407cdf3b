package dev.kerascope.viz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import org.junit.jupiter.api.Test;

/**
 * Filter galleries of hand-made HWIO kernels: which weights a tile shows (one input channel or their mean), where they
 * fall on the diverging palette, and the texts that name the choice and the strongest filter.
 */
class FilterGalleryTest {
    static final Palette P = Palette.BLUE_ORANGE;

    /** A 2 x 2 kernel, 2 input channels, 2 filters, zero but for three weights (HWIO, index ((y*2+x)*2+c)*2+o). */
    static float[] kernel() {
        float[] k = new float[2 * 2 * 2 * 2];
        k[((1 * 2 + 0) * 2 + 1) * 2 + 1] = 0.8f; // filter 1, row 1 col 0, input channel 1
        k[((1 * 2 + 0) * 2 + 0) * 2 + 1] = -0.4f; // filter 1, row 1 col 0, input channel 0
        k[((0 * 2 + 1) * 2 + 0) * 2 + 0] = 0.2f; // filter 0, row 0 col 1, input channel 0
        return k;
    }

    static SheetFigure render(int inputChannel) {
        return FilterGallery.render(
                "c", kernel(), new long[] {2, 2, 2, 2}, inputChannel, FilterGallery.Scale.SHARED, P);
    }

    static void assertTile(SheetFigure f, int[][][] expected) {
        for (int o = 0; o < 2; o++) {
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 2; x++) {
                    assertEquals(expected[o][y][x], FiguresTest.colour(f.sheet(), o, y, x), o + "@" + y + "," + x);
                }
            }
        }
    }

    @Test
    void inputChannelOneShowsOnlyItsOwnWeights() {
        // 0.8 is the largest |weight|: the orange end; the rest, channel 0's included, are zero: the centre.
        int c = P.rgb(0.5);
        assertTile(render(1), new int[][][] {{{c, c}, {c, c}}, {{c, c}, {P.rgb(1), c}}});
        assertTrue(render(1).caption().endsWith("(input channel 1)"), render(1).caption());
    }

    @Test
    void inputChannelZeroIsAChoiceNotTheMean() {
        // Channel 0: -0.4 is the largest |weight| (the blue end); 0.2 is (0.2 + 0.4) / 0.8 = 0.75 up the palette.
        SheetFigure f = render(0);
        int c = P.rgb(0.5);
        assertTile(f, new int[][][] {{{c, P.rgb(0.75)}, {c, c}}, {{c, c}, {P.rgb(0), c}}});
        assertEquals("c filters, 2x2x2 → 2, input channel 0", f.title());
        assertEquals("Filters of c: 2 kernels of 2x2 (input channel 0)", f.caption());
    }

    @Test
    void theMeanOverInputChannelsDividesByTheirNumber() {
        // Means: filter 1 (0.8 - 0.4) / 2 = 0.2, filter 0 0.2 / 2 = 0.1 → 0.75 of the way on -0.2..0.2.
        SheetFigure f = render(-1);
        int c = P.rgb(0.5);
        assertTile(f, new int[][][] {{{c, P.rgb(0.75)}, {c, c}}, {{c, c}, {P.rgb(1), c}}});
        assertTrue(f.altText().contains("weights from -0.200 to 0.200, one shared scale"), f.altText());
        assertTrue(f.altText().contains("filter 1 has the largest weights"), f.altText());
        assertEquals("c filters, 2x2x2 → 2, mean over 2 input channels", f.title());
    }

    @Test
    void anInputChannelPastTheLastIsBadInputNamingTheRange() {
        for (int asked : new int[] {2, 5}) {
            BadInputException e = assertThrows(BadInputException.class, () -> render(asked));
            assertEquals("input channel " + asked + " asked for, but c has 2 input channels (0 to 1)", e.getMessage());
        }
    }

    @Test
    void aSingleInputChannelKernelNamesNoChannelAndPerFilterScalesEachOnItsOwn() {
        // 1 x 1 kernels, 1 input channel, 3 filters: 0.1, -0.3, 0.2.
        float[] k = {0.1f, -0.3f, 0.2f};
        SheetFigure f = FilterGallery.render("d", k, new long[] {1, 1, 1, 3}, -1, FilterGallery.Scale.PER_FILTER, P);
        assertEquals("d filters, 1x1x1 → 3", f.title());
        assertEquals("Filters of d: 3 kernels of 1x1", f.caption());
        assertTrue(f.altText().contains("a per-filter scale"), f.altText());
        assertTrue(f.altText().contains("filter 1 has the largest weights"), f.altText());
        assertEquals(P.rgb(1), FiguresTest.colour(f.sheet(), 0, 0, 0), "0.1 is its own filter's maximum");
        assertEquals(P.rgb(0), FiguresTest.colour(f.sheet(), 1, 0, 0));
        assertEquals(P.rgb(1), FiguresTest.colour(f.sheet(), 2, 0, 0));
        SheetFigure shared = FilterGallery.render("d", k, new long[] {1, 1, 1, 3}, -1, FilterGallery.Scale.SHARED, P);
        // On the shared -0.3..0.3: 0.1 is (0.1 + 0.3) / 0.6 = 2/3 up, entry 170 of 255.
        assertEquals(P.rgb(2 / 3.0), FiguresTest.colour(shared.sheet(), 0, 0, 0));
    }

    @Test
    void theStrongestFilterIsTheOneWithTheLargestWeightAndTheFirstOnATie() {
        float[] later = {0.1f, 0.2f, 0.5f};
        assertTrue(FilterGallery.render("e", later, new long[] {1, 1, 1, 3}, -1, FilterGallery.Scale.SHARED, P)
                .altText()
                .contains("filter 2 has"));
        float[] tie = {0.5f, -0.5f, 0.5f};
        assertTrue(FilterGallery.render("e", tie, new long[] {1, 1, 1, 3}, -1, FilterGallery.Scale.SHARED, P)
                .altText()
                .contains("filter 0 has"));
    }

    @Test
    void everyFilterFigureHasOneTileSizeWhateverTheKernel() {
        // 48 pixels a side: a 3x3 kernel at 16 pixels per weight, a 5x5 at 9 (48 / 5 rounded down), a 2x2 at 24
        for (int side : new int[] {3, 5, 2}) {
            float[] k = new float[side * side * 2];
            k[0] = 1;
            TileSheet s = FilterGallery.render("c", k, new long[] {side, side, 1, 2}, -1, FilterGallery.Scale.SHARED, P)
                    .sheet();
            assertEquals(48 / side, s.cell(), side + "x" + side);
            assertEquals(48 / side * side, s.tileWidth(), side + "x" + side);
        }
    }
}
