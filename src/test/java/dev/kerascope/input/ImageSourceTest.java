package dev.kerascope.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What an image source says it is, as the console and the report print it (no model needed). */
class ImageSourceTest {
    @Test
    void aFileSourceIsDescribedByItsPath() {
        Path image = Path.of("digits", "seven.png");
        assertEquals(image.toString(), ImageSource.file(image).describe());
    }

    @Test
    void aDataSetImageIsDescribedAsGiven() {
        ImageSource seven = ImageSource.grey(1, 2, new int[] {0, 255}, "mnist test image 0 (label 7)");
        assertEquals("mnist test image 0 (label 7)", seven.describe());
    }
}
