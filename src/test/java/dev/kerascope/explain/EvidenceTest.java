package dev.kerascope.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The words a caption uses for where a map's mass lies, on maps whose answer is plain. */
class EvidenceTest {
    private static float[] map(int rows, int cols, int r0, int r1, int c0, int c1) {
        float[] m = new float[rows * cols];
        for (int r = r0; r < r1; r++) {
            for (int c = c0; c < c1; c++) {
                m[r * cols + c] = 1;
            }
        }
        return m;
    }

    @Test
    void namesTheQuarterHalfCentreOrSpread() {
        assertEquals(
                "mass mostly in the upper-left quarter (100%); peak at row 0, column 0 of 8 x 8",
                Evidence.describe(map(8, 8, 0, 4, 0, 4), 8, 8));
        assertEquals(
                "mass mostly in the right half (100%); peak at row 0, column 4 of 8 x 8",
                Evidence.describe(map(8, 8, 0, 8, 4, 8), 8, 8));
        assertEquals(
                "mass mostly in the centre (100% in the middle quarter of the area); peak at row 2, column 2 of 8 x 8",
                Evidence.describe(map(8, 8, 2, 6, 2, 6), 8, 8));
        assertEquals(
                "mass spread over the image (largest quarter: upper-left, 25%); peak at row 0, column 0 of 8 x 8",
                Evidence.describe(map(8, 8, 0, 8, 0, 8), 8, 8));
        assertEquals("no evidence: the map is zero everywhere", Evidence.describe(new float[64], 8, 8));
    }
}
