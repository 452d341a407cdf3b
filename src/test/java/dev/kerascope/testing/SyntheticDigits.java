package dev.kerascope.testing;

import dev.kerascope.data.LabeledImages;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;

/**
 * A learnable stand-in for MNIST that tests make themselves: class k is a bright 7x7 block at one of ten places on a
 * noisy 28x28 canvas. A small CNN separates the classes in one epoch.
 */
public final class SyntheticDigits {
    private SyntheticDigits() {}

    public static LabeledImages make(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] pixels = new byte[count * 784];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            int k = r.nextInt(10);
            labels[i] = (byte) k;
            int top = 2 + (k / 5) * 12 + r.nextInt(3);
            int left = 1 + (k % 5) * 5 + r.nextInt(2);
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (byte) r.nextInt(40);
            }
            for (int y = top; y < Math.min(28, top + 7); y++) {
                for (int x = left; x < Math.min(28, left + 7); x++) {
                    pixels[i * 784 + y * 28 + x] = (byte) (200 + r.nextInt(56));
                }
            }
        }
        return new LabeledImages(pixels, labels, count, 28, 28);
    }

    /** Writes the four IDX files of a train and a test set into {@code dir}, gzip-compressed. */
    public static void writeIdx(Path dir, LabeledImages train, LabeledImages test) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("train-images-idx3-ubyte.gz"), imagesIdx(train));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), labelsIdx(train));
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), imagesIdx(test));
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), labelsIdx(test));
    }

    public static byte[] imagesIdx(LabeledImages set) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(0x803);
        out.writeInt(set.count());
        out.writeInt(set.rows());
        out.writeInt(set.cols());
        out.write(set.pixels());
        return b.toByteArray();
    }

    public static byte[] labelsIdx(LabeledImages set) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(0x801);
        out.writeInt(set.count());
        out.write(set.labels());
        return b.toByteArray();
    }

    public static void write(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }
}
