package dev.kerascope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.SharedData;
import dev.kerascope.testing.SyntheticDigits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
  @TempDir Path dir;

  @Test
  void readsRawAndGzipFilesAlike() throws Exception {
    LabeledImages set = SyntheticDigits.make(7, 3);
    Files.write(dir.resolve("img"), SyntheticDigits.imagesIdx(set));
    Files.write(dir.resolve("lab"), SyntheticDigits.labelsIdx(set));
    SyntheticDigits.write(dir.resolve("img.gz"), SyntheticDigits.imagesIdx(set));
    SyntheticDigits.write(dir.resolve("lab.gz"), SyntheticDigits.labelsIdx(set));
    LabeledImages raw = IdxReader.read(dir.resolve("img"), dir.resolve("lab"));
    LabeledImages gz = IdxReader.read(dir.resolve("img.gz"), dir.resolve("lab.gz"));
    for (LabeledImages r : new LabeledImages[] {raw, gz}) {
      assertEquals(7, r.count());
      assertEquals(28, r.rows());
      assertArrayEquals(set.pixels(), r.pixels());
      assertArrayEquals(set.labels(), r.labels());
    }
  }

  @Test
  void refusesWrongMagicNamingTheFile() throws Exception {
    LabeledImages set = SyntheticDigits.make(2, 1);
    Files.write(dir.resolve("lab"), SyntheticDigits.labelsIdx(set));
    BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("lab")));
    assertTrue(e.getMessage().startsWith(dir.resolve("lab").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("magic"), e.getMessage());
  }

  @Test
  void refusesTruncatedPixels() throws Exception {
    byte[] full = SyntheticDigits.imagesIdx(SyntheticDigits.make(3, 1));
    Files.write(dir.resolve("img"), Arrays.copyOf(full, full.length - 100));
    BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("img")));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void refusesTruncatedHeader() throws Exception {
    Files.write(dir.resolve("img"), new byte[] {0, 0, 8, 3, 0, 0});
    assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("img")));
  }

  @Test
  void refusesLabelCountMismatch() throws Exception {
    Files.write(dir.resolve("img"), SyntheticDigits.imagesIdx(SyntheticDigits.make(5, 1)));
    Files.write(dir.resolve("lab"), SyntheticDigits.labelsIdx(SyntheticDigits.make(4, 1)));
    BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.read(dir.resolve("img"), dir.resolve("lab")));
    assertTrue(e.getMessage().contains("4 labels") && e.getMessage().contains("5 images"), e.getMessage());
  }

  @Test
  void refusesCorruptGzip() throws Exception {
    SyntheticDigits.write(dir.resolve("img.gz"), SyntheticDigits.imagesIdx(SyntheticDigits.make(50, 1)));
    byte[] bytes = Files.readAllBytes(dir.resolve("img.gz"));
    for (int i = 20; i < bytes.length - 8; i += 7) {
      bytes[i] ^= 0x5a;
    }
    Files.write(dir.resolve("img.gz"), bytes);
    assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("img.gz")));
  }

  @Test
  void refusesAbsurdDimensionsBeforeAllocating() throws Exception {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(b);
    out.writeInt(0x803);
    out.writeInt(1 << 30);
    out.writeInt(1 << 10);
    out.writeInt(1 << 10);
    Files.write(dir.resolve("img"), b.toByteArray());
    BadInputException e = assertThrows(BadInputException.class, () -> IdxReader.readImages(dir.resolve("img")));
    assertTrue(e.getMessage().contains("impossible"), e.getMessage());
  }

  @Test
  void readsTheOriginalMnistFiles() {
    Path mnist = SharedData.require(SharedData.mnist());
    LabeledImages train = IdxReader.read(mnist.resolve("train-images-idx3-ubyte.gz"), mnist.resolve("train-labels-idx1-ubyte.gz"));
    assertEquals(60000, train.count());
    assertEquals(28, train.rows());
    // LeCun's documented label counts are not uniform; all ten digits occur thousands of times.
    int[] perClass = new int[10];
    for (int i = 0; i < train.count(); i++) {
      perClass[train.label(i)]++;
    }
    for (int c : perClass) {
      assertTrue(c > 5000 && c < 7000, Arrays.toString(perClass));
    }
  }
}
