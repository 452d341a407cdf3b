package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.summary.SummaryRow;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where the Dropouts of a Keras 3 export go, from the order of the model's variables (Keras 3 lists them layer by
 * layer, a Dropout's seed state where the Dropout sits). Expected rows are written out by hand: a placed Dropout has
 * its input's shape, no parameters and its input as its only connection.
 */
class DropoutPlacementTest {
    private static final SummaryRow DENSE = new SummaryRow("dense", "Dense", s(null, 16), 336, true, List.of());
    private static final SummaryRow POOL =
            new SummaryRow("pool", "MaxPooling1D", s(null, 8), 0, true, List.of("dense[0][0]"));
    private static final SummaryRow DENSE_1 =
            new SummaryRow("dense_1", "Dense", s(null, 4), 68, true, List.of("dense[0][0]"));

    private static SummaryRow dropout(String name, SummaryRow after) {
        return after == null
                ? new SummaryRow(name, "Dropout", null, 0, true, List.of())
                : new SummaryRow(name, "Dropout", after.outputShape(), 0, true, List.of(after.name() + "[0][0]"));
    }

    @Test
    void aSeedStateBetweenTheWeightsOfAdjacentRowsIsADropoutBetweenThem() {
        SeedGeneratorLayers.Placed p = SeedGeneratorLayers.place(
                List.of(DENSE, DENSE_1),
                List.of(
                        "sequential/dense/kernel:0",
                        "sequential/dense/bias:0",
                        "seed_generator_4/seed_generator_state:0",
                        "sequential/dense_1/kernel:0"));
        assertEquals(List.of(DENSE, dropout("dropout_4", DENSE), DENSE_1), p.rows());
        assertNull(p.note());
    }

    @Test
    void seedStatesBeforeTheFirstAndAfterTheLastRowAreChainedDropoutsThere() {
        SeedGeneratorLayers.Placed p = SeedGeneratorLayers.place(
                List.of(DENSE, DENSE_1),
                List.of(
                        "seed_generator/seed_generator_state",
                        "dense/kernel",
                        "dense_1/kernel",
                        "seed_generator_1/seed_generator_state",
                        "seed_generator_2/seed_generator_state"));
        SummaryRow first = dropout("dropout", null);
        SummaryRow last = dropout("dropout_1", DENSE_1);
        assertEquals(List.of(first, DENSE, DENSE_1, last, dropout("dropout_2", last)), p.rows());
        assertNull(p.note());
    }

    @Test
    void aSeedStateAcrossAWeightlessRowIsHiddenAndSaidWhereItCouldBe() {
        SeedGeneratorLayers.Placed p = SeedGeneratorLayers.place(
                List.of(DENSE, POOL, DENSE_1),
                List.of("dense/kernel", "seed_generator_1/seed_generator_state", "dense_1/kernel"));
        assertEquals(List.of(DENSE, POOL, DENSE_1), p.rows());
        assertEquals(
                "1 Dropout layer(s) hidden (a seed generator's state shows each, but not on which side of the"
                        + " weightless layers between its neighbours): dropout_1 (between dense and dense_1)",
                p.note());
    }

    @Test
    void aSeedStateNextToNoKnownRowIsHidden() {
        // before the first weights, but a weightless row comes first
        SeedGeneratorLayers.Placed first = SeedGeneratorLayers.place(
                List.of(POOL, DENSE_1), List.of("seed_generator/seed_generator_state", "dense_1/kernel"));
        assertEquals(List.of(POOL, DENSE_1), first.rows());
        assertTrue(first.note().endsWith(": dropout (between the input and dense_1)"), first.note());
        // after the last weights, but a weightless row comes last
        SeedGeneratorLayers.Placed last = SeedGeneratorLayers.place(
                List.of(DENSE, POOL), List.of("dense/kernel", "seed_generator/seed_generator_state"));
        assertTrue(last.note().endsWith(": dropout (between dense and the output)"), last.note());
        // neighbours that are no row at all
        SeedGeneratorLayers.Placed unknown = SeedGeneratorLayers.place(
                List.of(DENSE, DENSE_1), List.of("x/kernel", "seed_generator/seed_generator_state", "dense/kernel"));
        assertTrue(unknown.note().endsWith(": dropout (between x and dense)"), unknown.note());
        SeedGeneratorLayers.Placed afterUnknown = SeedGeneratorLayers.place(
                List.of(DENSE, DENSE_1), List.of("dense_1/kernel", "seed_generator/seed_generator_state", "y/b"));
        assertTrue(afterUnknown.note().endsWith(": dropout (between dense_1 and y)"), afterUnknown.note());
        SeedGeneratorLayers.Placed lastUnknown =
                SeedGeneratorLayers.place(List.of(DENSE), List.of("y/kernel", "seed_generator/seed_generator_state"));
        assertTrue(lastUnknown.note().endsWith(": dropout (between y and the output)"), lastUnknown.note());
        SeedGeneratorLayers.Placed noRows =
                SeedGeneratorLayers.place(List.of(), List.of("y/kernel", "seed_generator/seed_generator_state"));
        assertEquals(List.of(), noRows.rows());
        assertTrue(noRows.note().endsWith(": dropout (between y and the output)"), noRows.note());
        SeedGeneratorLayers.Placed alone =
                SeedGeneratorLayers.place(List.of(), List.of("a/seed_generator_2/seed_generator_state"));
        assertEquals(List.of(), alone.rows());
        assertTrue(alone.note().startsWith("1 Dropout layer(s) hidden"), alone.note());
        assertTrue(alone.note().endsWith(": dropout_2 (between the input and the output)"), alone.note());
    }

    @Test
    void backwardNeighboursAreReversedRowsAreNot() {
        // dense_1's weights come before dense's: the seed between them is not between adjacent rows in that order
        SeedGeneratorLayers.Placed p = SeedGeneratorLayers.place(
                List.of(DENSE, DENSE_1),
                List.of("dense_1/kernel", "seed_generator/seed_generator_state", "dense/kernel"));
        assertEquals(List.of(DENSE, DENSE_1), p.rows());
        assertTrue(p.note().endsWith(": dropout (between dense_1 and dense)"), p.note());
    }

    @Test
    void aDropoutTheGraphAlreadyShowsIsNotAddedAgain() {
        SummaryRow shown = dropout("dropout_3", DENSE);
        SeedGeneratorLayers.Placed p = SeedGeneratorLayers.place(
                List.of(DENSE, shown, DENSE_1),
                List.of("dense/kernel", "seed_generator_3/seed_generator_state", "dense_1/kernel"));
        assertEquals(List.of(DENSE, shown, DENSE_1), p.rows());
        assertNull(p.note());
        SummaryRow first = dropout("dropout_3", null);
        SeedGeneratorLayers.Placed firstRow = SeedGeneratorLayers.place(
                List.of(first, DENSE), List.of("seed_generator_3/seed_generator_state", "dense/kernel"));
        assertEquals(List.of(first, DENSE), firstRow.rows(), "shown as the first row");
        assertNull(firstRow.note());
    }

    @Test
    void aVariableOfOneSegmentIsOwnedByItselfAndSeedsAreNamedByTheirLastSeedSegment() {
        SummaryRow bias = new SummaryRow("bias", "Custom", s(null, 2), 2, true, List.of());
        SeedGeneratorLayers.Placed p = SeedGeneratorLayers.place(
                List.of(bias, DENSE),
                List.of("bias:0", "seed_generator_7/seed_generator/seed_generator_state", "m/dense/kernel"));
        assertEquals(List.of(bias, dropout("dropout", bias), DENSE), p.rows());
        SeedGeneratorLayers.Placed unnamed =
                SeedGeneratorLayers.place(List.of(DENSE), List.of("dense/kernel", "rng/seed_generator_state"));
        assertEquals(List.of(DENSE, dropout("dropout", DENSE)), unnamed.rows());
    }

    @Test
    void onlyTheStateOfASeedGeneratorIsSeedState() {
        assertTrue(SeedGeneratorLayers.isSeedState("seed_generator_1/seed_generator_state:0"));
        assertTrue(SeedGeneratorLayers.isSeedState("seed_generator_state"));
        assertFalse(SeedGeneratorLayers.isSeedState("seed_generator_state/kernel"));
        assertFalse(SeedGeneratorLayers.isSeedState("dense/kernel:0"));
    }
}
