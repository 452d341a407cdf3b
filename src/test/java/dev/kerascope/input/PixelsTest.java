package dev.kerascope.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * Resizing against TensorFlow's half-pixel bilinear rule worked by hand (source coordinate (x + 0.5)·in/out − 0.5,
 * clamped to the image), and channel conversion against PIL's {@code convert("L")} luma (R·19595 + G·38470 + B·7471 +
 * 0x8000) >> 16.
 */
class PixelsTest {
    @Test
    void upscalingInterpolatesBetweenHalfPixelCentres() {
        // 1x2 → 1x4: source x = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (clamped to the last pixel).
        Pixels p = Pixels.grey(1, 2, new int[] {0, 100}).resized(1, 4);
        assertArrayEquals(new int[] {0, 25, 75, 100}, p.values());
        assertEquals(1, p.rows());
        assertEquals(4, p.cols());
        assertArrayEquals(
                new int[] {0, 0, 1, 1},
                Pixels.grey(1, 2, new int[] {0, 1}).resized(1, 4).values(),
                "0.25 and 0.75 round");
    }

    @Test
    void downscalingSamplesBetweenSourcePixels() {
        assertArrayEquals(
                new int[] {20, 100},
                Pixels.grey(1, 4, new int[] {0, 40, 80, 120}).resized(1, 2).values());
        // 2x2 → 1x1 samples the centre: the mean of all four.
        assertArrayEquals(
                new int[] {150},
                Pixels.grey(2, 2, new int[] {0, 100, 200, 300}).resized(1, 1).values());
        // Rows and columns scale independently: 2x1 → 4x1 is the vertical twin of the first case.
        assertArrayEquals(
                new int[] {0, 25, 75, 100},
                Pixels.grey(2, 1, new int[] {0, 100}).resized(4, 1).values());
    }

    @Test
    void aLaterRowInterpolatesFromItsOwnPairOfSourceRows() {
        // 3x1 → 2x1: source y = 0.5·1.5 − 0.5 = 0.25 (rows 0 and 1) and 1.5·1.5 − 0.5 = 1.75 (rows 1 and 2, weight
        // 0.75 on row 2): 0·0.75 + 100·0.25 = 25 and 100·0.25 + 200·0.75 = 175.
        assertArrayEquals(
                new int[] {25, 175},
                Pixels.grey(3, 1, new int[] {0, 100, 200}).resized(2, 1).values());
    }

    @Test
    void everyOutputRowLandsInItsOwnPlace() {
        // 2x2 → 2x4: rows keep their source row (y = 0 and 1 exactly); each row widens as in the 1x2 → 1x4 case.
        Pixels p = Pixels.grey(2, 2, new int[] {0, 40, 80, 120}).resized(2, 4);
        assertArrayEquals(new int[] {0, 10, 30, 40, 80, 90, 110, 120}, p.values());
    }

    @Test
    void colourChannelsResizeSeparately() {
        Pixels rgb = new Pixels(1, 2, 3, new int[] {0, 200, 40, 100, 0, 40}).resized(1, 4);
        assertArrayEquals(new int[] {0, 200, 40, 25, 150, 40, 75, 50, 40, 100, 0, 40}, rgb.values());
        assertEquals(3, rgb.channels());
    }

    @Test
    void theSameSizeIsTheSameImage() {
        Pixels p = Pixels.grey(2, 2, new int[] {1, 2, 3, 4});
        assertSame(p, p.resized(2, 2));
        assertSame(p, p.withChannels(1));
    }

    @Test
    void channelsAreRepeatedGreyedOrGivenOpaqueAlpha() {
        assertArrayEquals(
                new int[] {7, 7, 7, 9, 9, 9},
                Pixels.grey(1, 2, new int[] {7, 9}).withChannels(3).values());
        assertArrayEquals(
                new int[] {7, 7, 7, 7},
                Pixels.grey(1, 1, new int[] {7}).withChannels(4).values());
        Pixels rgb = new Pixels(1, 4, 3, new int[] {255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255});
        assertArrayEquals(
                new int[] {76, 150, 29, 255}, rgb.withChannels(1).values(), "PIL's luma of red, green, blue, white");
        assertArrayEquals(
                new int[] {76, 76, 150, 150, 29, 29, 255, 255},
                rgb.withChannels(2).values());
        assertArrayEquals(
                new int[] {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255},
                rgb.withChannels(4).values(),
                "RGB kept, alpha opaque");
    }
}
