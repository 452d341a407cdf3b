package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TensorRefTest {
    @Test
    void everyFormTensorFlowWrites() {
        assertEquals(new TensorRef("x", null, 0, false), TensorRef.parse("x"));
        assertEquals(new TensorRef("dense_1/BiasAdd", null, 2, false), TensorRef.parse("dense_1/BiasAdd:2"));
        assertEquals(
                new TensorRef("StatefulPartitionedCall", "output", 1, false),
                TensorRef.parse("StatefulPartitionedCall:output:1"));
        assertEquals(new TensorRef("conv/Conv2D", "output", 0, false), TensorRef.parse("conv/Conv2D:output"));
        assertEquals(new TensorRef("init", null, 0, true), TensorRef.parse("^init"));
    }

    @Test
    void malformedReferencesAreRefusedNotMisread() {
        for (String bad : new String[] {"x:", ":0", "x:-1", "x:1x", "a:b:c:0", "x:99999999999"}) {
            assertThrows(IllegalArgumentException.class, () -> TensorRef.parse(bad), bad);
        }
    }
}
