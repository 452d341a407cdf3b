package dev.kerascope.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.report.NpyWriter;
import dev.kerascope.walker.Feed;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.LayerTensor;
import dev.kerascope.walker.SavedModelWalker;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The input rules on small models built here with TensorFlow ops, so the expected values are plain arithmetic on pixels
 * this test wrote: in-model rescaling means raw pixels, colour models get RGB, integer inputs get raw values, fixed
 * batches are honoured, and .npy files feed any input.
 */
class ModelInputTest {
    @TempDir
    Path dir;

    /** A PNG of the given ARGB pixels (row-major). */
    private Path png(String name, int w, int h, int... rgb) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < rgb.length; i++) {
            img.setRGB(i % w, i / w, rgb[i]);
        }
        Path file = dir.resolve(name);
        ImageIO.write(img, "png", file.toFile());
        return file;
    }

    private Map<String, LayerTensor> run(Path model, Path image, Double scale) {
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
            ModelInput in = ModelInput.forImages(model, w, scale, null);
            return Fetch.byLabel(w.run(in.feed(List.of(in.load(image))), List.of(Fetch.tensor("y"))));
        }
    }

    @Test
    void aModelThatRescalesItsInputIsFedRawPixels() throws Exception {
        Path model = SyntheticModels.export(
                dir.resolve("m"), TFloat32.class, Shape.of(-1, 2, 2, 1), (tf, x) -> tf.withSubScope("net")
                        .withSubScope("rescaling")
                        .withName("mul")
                        .math
                        .mul(x, tf.constant(1 / 255f)));
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
            Preprocessing p = ModelInput.forImages(model, w, null, null).preprocessing();
            assertTrue(p.isRaw(), p.describe());
            assertTrue(p.reason().contains("multiplied by 0.00392157 at net/rescaling/mul"), p.reason());
        }
        Path grey = png("grey.png", 2, 2, 0x000000, 0x808080, 0xffffff, 0x101010);
        float[] y = run(model, grey, null).get("tensor:y").values();
        assertArrayEquals(
                new float[] {0, 128 / 255f, 1, 16 / 255f}, y, 1e-7f, "raw pixels, rescaled once by the model");
    }

    @Test
    void aMultiplicationByAComputedValueIsNotPreprocessingButASubtractionOfOneIs() throws Exception {
        // BatchNormalization as Keras 3 writes it multiplies by a computed value (rsqrt of the variance): not
        // preprocessing.
        Path bn = SyntheticModels.export(
                dir.resolve("bn"),
                TFloat32.class,
                Shape.of(-1, 2, 2, 1),
                (tf, x) -> tf.math.mul(x, tf.math.rsqrt(tf.constant(4f))));
        Path norm = SyntheticModels.export(
                dir.resolve("norm"),
                TFloat32.class,
                Shape.of(-1, 2, 2, 1),
                (tf, x) -> tf.math.div(tf.math.sub(x, tf.math.sqrt(tf.constant(4f))), tf.math.sqrt(tf.constant(9f))));
        try (SavedModelWalker w = SavedModelWalker.open(bn, Set.of("serve"), "serving_default")) {
            Preprocessing p = ModelInput.forImages(bn, w, null, null).preprocessing();
            assertEquals(1 / 255.0, p.scale(), 1e-15);
            assertTrue(p.reason().startsWith("assumed"), p.reason());
        }
        try (SavedModelWalker w = SavedModelWalker.open(norm, Set.of("serve"), "serving_default")) {
            assertTrue(
                    ModelInput.forImages(norm, w, null, null).preprocessing().isRaw(),
                    "a Normalization layer wants raw pixels");
        }
        Path img = png("g.png", 2, 2, 0x000000, 0x333333, 0x666666, 0xffffff);
        assertArrayEquals(
                new float[] {0, 0.1f, 0.2f, 0.5f},
                run(bn, img, null).get("tensor:y").values(),
                1e-7f,
                "x/255 times 1/2");
        assertArrayEquals(
                new float[] {0, 1.02f, 2.04f, 5.1f},
                run(bn, img, 1 / 25.0).get("tensor:y").values(),
                1e-5f,
                "--scale 1/25: 51 / 25 / 2");
    }

    @Test
    void colourModelsGetRgbAndGreyModelsGetPilLuma() throws Exception {
        Path rgb = SyntheticModels.export(dir.resolve("rgb"), TFloat32.class, Shape.of(-1, 2, 2, 3), (tf, x) -> x);
        Path grey = SyntheticModels.export(dir.resolve("grey"), TFloat32.class, Shape.of(-1, 2, 2, 1), (tf, x) -> x);
        Path img = png("c.png", 2, 2, 0xff0000, 0x00ff00, 0x0000ff, 0x0a141e);
        float[] y = run(rgb, img, 1.0).get("tensor:y").values();
        assertArrayEquals(new float[] {255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30}, y, 0f);
        // PIL's convert("L"): L = R*299/1000 + G*587/1000 + B*114/1000, rounded: red 76, green 150, blue 29.
        float[] l = run(grey, img, 1.0).get("tensor:y").values();
        assertArrayEquals(new float[] {76, 150, 29, Math.round(10 * 0.299 + 20 * 0.587 + 30 * 0.114)}, l, 0f);
    }

    @Test
    void integerInputsAreFedRawValuesAndRefuseScaling() throws Exception {
        Path model = SyntheticModels.export(
                dir.resolve("u8"), TUint8.class, Shape.of(-1, 1, 2, 3), (tf, x) -> tf.dtypes.cast(x, TFloat32.class));
        Path img = png("u.png", 2, 1, 0xc80a05, 0x01ff7f);
        assertArrayEquals(
                new float[] {200, 10, 5, 1, 255, 127},
                run(model, img, null).get("tensor:y").values(),
                0f);
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
            assertTrue(ModelInput.forImages(model, w, null, null)
                    .preprocessing()
                    .reason()
                    .contains("uint8"));
            BadInputException e =
                    assertThrows(BadInputException.class, () -> ModelInput.forImages(model, w, 1 / 255.0, null));
            assertTrue(e.getMessage().contains("scaling and normalisation do not apply"), e.getMessage());
        }
    }

    @Test
    void aFixedBatchOfOneOrOf128IsFedInChunksAndCutBack() throws Exception {
        for (int batch : new int[] {1, 128}) {
            Path model = SyntheticModels.export(
                    dir.resolve("fixed" + batch),
                    TFloat32.class,
                    Shape.of(batch, 1, 2, 1),
                    (tf, x) -> tf.math.add(
                            tf.math.mul(x, tf.constant(2f)), tf.math.mean(x, tf.constant(new int[] {0, 1, 2, 3}))));
            float[] x = {1, 2, 3, 4, 5, 6};
            try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
                LayerTensor y = w.run(Map.of("x", Feed.floats(x, 3, 1, 2, 1)), List.of(Fetch.tensor("y")))
                        .get(Fetch.tensor("y"));
                assertArrayEquals(new long[] {3, 1, 2, 1}, y.shape());
                if (batch == 1) {
                    // one image per run: each image's mean is its own
                    assertArrayEquals(
                            new float[] {2 + 1.5f, 4 + 1.5f, 6 + 3.5f, 8 + 3.5f, 10 + 5.5f, 12 + 5.5f},
                            y.values(),
                            1e-6f);
                } else {
                    // one run of 128 rows, 125 of them zero padding: the mean is over all 256 values
                    float mean = 21f / 256;
                    assertArrayEquals(
                            new float[] {2 + mean, 4 + mean, 6 + mean, 8 + mean, 10 + mean, 12 + mean},
                            y.values(),
                            1e-6f);
                }
            }
        }
    }

    @Test
    void npyFilesFeedAnyInputAsStored() throws Exception {
        Path model = SyntheticModels.export(
                dir.resolve("vec"), TFloat32.class, Shape.of(-1, 5), (tf, x) -> tf.math.mul(x, tf.constant(3f)));
        Path two = dir.resolve("two.npy");
        Files.write(two, NpyWriter.float32(new long[] {2, 5}, new float[] {1, 2, 3, 4, 5, -1, -2, -3, -4, -5}));
        Path one = dir.resolve("one.npy");
        Files.write(one, NpyWriter.float32(new long[] {5}, new float[] {0.5f, 0, 0, 0, 1}));
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
            LayerTensor y = w.run(ModelInput.npyFeeds(model, w, List.of(two.toString())), List.of(Fetch.tensor("y")))
                    .get(Fetch.tensor("y"));
            assertArrayEquals(new float[] {3, 6, 9, 12, 15, -3, -6, -9, -12, -15}, y.values(), 0f);
            LayerTensor y1 = w.run(ModelInput.npyFeeds(model, w, List.of("x=" + one)), List.of(Fetch.tensor("y")))
                    .get(Fetch.tensor("y"));
            assertArrayEquals(new long[] {1, 5}, y1.shape(), "one rank short: a batch of one");
            assertArrayEquals(new float[] {1.5f, 0, 0, 0, 3}, y1.values(), 0f);
            Path wrong = dir.resolve("wrong.npy");
            Files.write(wrong, NpyWriter.float32(new long[] {2, 4}, new float[8]));
            BadInputException e = assertThrows(
                    BadInputException.class, () -> ModelInput.npyFeeds(model, w, List.of(wrong.toString())));
            assertTrue(
                    e.getMessage().startsWith(wrong.toString())
                            && e.getMessage().contains("(2, 4)"),
                    e.getMessage());
            assertThrows(BadInputException.class, () -> ModelInput.npyFeeds(model, w, List.of("nope=" + two)));
        }
    }

    @Test
    void integerNpyKeepsEveryBit() throws Exception {
        Path model = SyntheticModels.export(
                dir.resolve("ids"), TInt32.class, Shape.of(-1, 2), (tf, x) -> tf.math.add(x, tf.constant(1)));
        Path ids = dir.resolve("ids.npy");
        String header = "{'descr': '<i8', 'fortran_order': False, 'shape': (1, 2), }";
        header = header + " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + 16).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93)
                .put("NUMPY".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 1)
                .put((byte) 0)
                .putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII)).putLong(16_777_217L).putLong(-7);
        Files.write(ids, b.array());
        try (SavedModelWalker w = SavedModelWalker.open(model, Set.of("serve"), "serving_default")) {
            Map<String, Feed> feeds = ModelInput.npyFeeds(model, w, List.of(ids.toString()));
            assertArrayEquals(new long[] {16_777_217L, -7}, feeds.get("x").ints(), "2^24 + 1 is not a float32");
            LayerTensor y = w.run(feeds, List.of(Fetch.tensor("y"))).get(Fetch.tensor("y"));
            assertEquals(-6f, y.values()[1]);
        }
    }

    @Test
    void bilinearResizeIsTensorFlowsHalfPixelFormula() {
        // tf.image.resize([[0, 100], [200, 250]], (4, 4)): source coordinate (i + 0.5) / 2 - 0.5, clamped at the edges.
        Pixels p = Pixels.grey(2, 2, new int[] {0, 100, 200, 250}).resized(4, 4);
        assertArrayEquals(
                new int[] {0, 25, 75, 100, 50, 72, 116, 138, 150, 166, 197, 213, 200, 213, 238, 250}, p.values());
    }

    @Test
    void scaleAndNormalizeAreParsedAsUsersWriteThem() {
        assertEquals(1 / 255.0, Preprocessing.parseNumber("1/255"), 0);
        assertEquals(2e-3, Preprocessing.parseNumber(" 2e-3 "), 0);
        assertThrows(NumberFormatException.class, () -> Preprocessing.parseNumber("one/255"));
        assertThrows(NumberFormatException.class, () -> Preprocessing.parseNumber("1/0"));
        Preprocessing base = Preprocessing.of(1 / 255.0, 0, 1, "assumed");
        assertEquals(1 / 255.0, base.override(1 / 255.0, null).scale(), 0);
        Preprocessing imagenet = base.override(1 / 255.0, List.of(0.485, 0.456, 0.406, 0.229, 0.224, 0.225));
        assertEquals((float) ((10 / 255.0 - 0.456) / 0.224), imagenet.apply(10, 1), 0f);
        assertFalse(imagenet.isRaw());
        assertEquals("given on the command line", imagenet.reason());
        assertThrows(BadInputException.class, () -> base.override(0.0, null));
        assertThrows(BadInputException.class, () -> base.override(null, List.of(0.5, 0.0, 0.1)));
        assertThrows(BadInputException.class, () -> base.override(null, List.of(0.5, 0.0)));
        assertThrows(BadInputException.class, () -> imagenet.forChannels(1, "m"));
    }
}
