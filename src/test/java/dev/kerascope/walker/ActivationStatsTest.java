package dev.kerascope.walker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Statistics against values worked out by hand. */
class ActivationStatsTest {
  @Test
  void minMaxMeanZerosAndTopChannelsOfAHandMadeTensor() {
    // shape (1, 2, 3): two positions, three channels; channel means 1.5, -0.5, 1.5 (a tie: lower index first)
    float[] v = {-1, -0.0f, 3, 4, -1, 0};
    ActivationStats s = ActivationStats.of(new LayerTensor("l", new long[] {1, 2, 3}, v), 2);
    assertEquals(-1f, s.min());
    assertEquals(4f, s.max());
    assertEquals(5.0 / 6, s.mean(), 1e-12);
    assertEquals(2.0 / 6, s.zeroFraction(), 1e-12, "-0.0 counts as zero");
    assertEquals(List.of(0, 2), s.topChannels());
  }

  @Test
  void aScalarAndAnEmptyTensorHaveNoChannels() {
    ActivationStats scalar = ActivationStats.of(new LayerTensor("step", new long[0], new float[] {7}), 3);
    assertEquals(7f, scalar.min());
    assertEquals(7.0, scalar.mean());
    assertEquals(List.of(), scalar.topChannels());
    ActivationStats empty = ActivationStats.of(new LayerTensor("e", new long[] {0, 4}, new float[0]), 3);
    assertEquals(0f, empty.max());
    assertEquals(List.of(), empty.topChannels());
  }
}
