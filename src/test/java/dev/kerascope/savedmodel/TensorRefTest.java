package dev.kerascope.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void indicesUpToNineDigitsOutputArgsFromAnUnderscoreAndControlInputsWithAnIndex() {
        assertEquals(new TensorRef("x", null, 123456789, false), TensorRef.parse("x:123456789"));
        assertEquals(new TensorRef("f", "_arg", 0, false), TensorRef.parse("f:_arg"));
        assertEquals(new TensorRef("x", null, 1, true), TensorRef.parse("^x:1"));
        assertEquals(new TensorRef("x", "out", 2, true), TensorRef.parse("^x:out:2"));
        for (String bad : new String[] {"x:out:", "a:b:c", "x:1234567890", "x:_1:"}) {
            assertThrows(IllegalArgumentException.class, () -> TensorRef.parse(bad), bad);
        }
    }

    @Test
    void anIndexIsWrittenWhereAColonIs() {
        assertFalse(TensorRef.hasIndex("x"));
        assertTrue(TensorRef.hasIndex("x:0"));
        assertTrue(TensorRef.hasIndex(":0"));
    }

    @Test
    void theNodeIsWhatComesBeforeTheColonAndNeverRefused() {
        assertEquals("a/b", TensorRef.nodeOf("^a/b:1"));
        assertEquals("a", TensorRef.nodeOf("a"));
        assertEquals("f", TensorRef.nodeOf("f:out:0"));
        assertEquals("x", TensorRef.nodeOf("x:1234567890"), "a malformed index is parse's to refuse");
        assertEquals("", TensorRef.nodeOf(":0"));
    }

    @Test
    void onlyACaretMakesAControlInput() {
        assertTrue(TensorRef.isControl("^a"));
        assertTrue(TensorRef.isControl("^a:1"));
        assertFalse(TensorRef.isControl("a"));
        assertFalse(TensorRef.isControl("a^b"));
    }
}
