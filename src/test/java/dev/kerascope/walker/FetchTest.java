package dev.kerascope.walker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The labels are what the command line prints and names .npy files by, so their text is the contract. */
class FetchTest {
    @Test
    void eachKindIsLabelledAsTheCommandLineNamesIt() {
        assertEquals("conv1", Fetch.layer("conv1").label());
        assertEquals("conv1:raw", Fetch.raw("conv1").label());
        assertEquals("tensor:y:0", Fetch.tensor("y:0").label());
        assertEquals("signature:dense_1", Fetch.signature("dense_1").label());
    }

    @Test
    void fetchesAreValuesSoAResultIsLookedUpByAnEqualFetch() {
        assertEquals(Fetch.raw("conv1"), new Fetch.RawOutput("conv1"));
        // A layer named like a tensor is still a layer: the kind is part of the value, not the text.
        assertNotEquals(Fetch.layer("y:0"), Fetch.tensor("y:0"));
        assertThrows(NullPointerException.class, () -> Fetch.signature(null));
    }

    @Test
    void byLabelKeepsTheOrderAndNamesEachTensorByItsLabel() {
        Map<Fetch, LayerTensor> fetched = new LinkedHashMap<>();
        fetched.put(Fetch.signature("out"), new LayerTensor("signature:out", new long[] {1}, new float[] {1}));
        fetched.put(Fetch.layer("conv1"), new LayerTensor("conv1", new long[] {1}, new float[] {2}));
        Map<String, LayerTensor> byLabel = Fetch.byLabel(fetched);
        assertEquals(List.of("signature:out", "conv1"), List.copyOf(byLabel.keySet()));
        assertEquals(2f, byLabel.get("conv1").values()[0]);
        assertEquals(List.of(Fetch.layer("a"), Fetch.layer("b")), Fetch.layers(List.of("a", "b")));
    }
}
