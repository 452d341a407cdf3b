package dev.kerascope.savedmodel;

import static dev.kerascope.savedmodel.SavedModelSummariesTest.s;
import static dev.kerascope.savedmodel.SyntheticSavedModel.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Output shapes of the shape-changing layers that are not convolutions, from Keras's layer documentation ("Output
 * shape" of each layer), with the edge cases that have no answer.
 */
class KerasLayerShapesTest {
    private static List<Integer> out(String cls, String config, List<Integer> in) throws Exception {
        return KerasShapes.output(cls, JSON.readTree(config.replace('`', '"')), Arrays.asList(in));
    }

    @SafeVarargs
    private static List<Integer> merge(String cls, String config, List<Integer>... in) throws Exception {
        return KerasShapes.output(cls, JSON.readTree(config.replace('`', '"')), Arrays.asList(in));
    }

    @Test
    void shapesAreReadFromListsTuplesAndScalars() throws Exception {
        assertEquals(
                s(null, 28), KerasShapes.ints(JSON.readTree("{\"class_name\": \"__tuple__\", \"items\": [null, 28]}")));
        assertEquals(s(null, 28), KerasShapes.ints(JSON.readTree("[null, 28]")));
        assertEquals(s(5), KerasShapes.ints(JSON.readTree("5")));
        assertEquals(s(null, 3), KerasShapes.ints(JSON.readTree("[\"x\", 3]")), "a non-number is unknown");
        assertEquals(s(), KerasShapes.ints(JSON.readTree("\"x\"")));
        assertNull(KerasShapes.ints(null));
        assertNull(KerasShapes.ints(JSON.readTree("null")));
        assertNull(KerasShapes.ints(JSON.readTree("{}").path("absent")));
    }

    @Test
    void inputLayersGiveTheirBatchShapeInEitherKerasSpelling() throws Exception {
        assertEquals(
                s(null, 28, 28, 1),
                KerasShapes.output(
                        "InputLayer", JSON.readTree("{\"batch_input_shape\": [null, 28, 28, 1]}"), List.of()));
        assertEquals(s(8, 5), KerasShapes.output("InputLayer", JSON.readTree("{\"batch_shape\": [8, 5]}"), List.of()));
        assertNull(KerasShapes.output("Dense", JSON.readTree("{\"units\": 3}"), List.of()), "no input");
        assertNull(out("Dense", "{`units`: 3}", s()), "an input of no known rank");
        assertEquals(
                s(null, 4, 6, 6),
                out("Conv2D", "{`filters`: 4, `kernel_size`: 3, `data_format`: `channels_first`}", s(null, 3, 8, 8)),
                "channels_first: (batch, filters, 8 - 3 + 1, 8 - 3 + 1)");
    }

    @Test
    void flattenDenseAndEmbedding() throws Exception {
        assertEquals(s(null, 7 * 7 * 64), out("Flatten", "{}", s(null, 7, 7, 64)));
        assertEquals(s(4, null), out("Flatten", "{}", s(4, 7, null, 64)));
        assertEquals(s(null, 5, 8), out("Dense", "{`units`: 8}", s(null, 5, 16)), "Dense acts on the last axis");
        assertEquals(s(null, 20, 64), out("Embedding", "{`output_dim`: 64}", s(null, 20)));
    }

    @Test
    void globalPoolingKeepsBatchAndChannels() throws Exception {
        assertEquals(s(2, 16), out("GlobalAveragePooling1D", "{}", s(2, 50, 16)));
        assertEquals(s(2, 1, 16), out("GlobalMaxPooling1D", "{`keepdims`: true}", s(2, 50, 16)));
        assertEquals(s(null, 1, 1, 1, 8), out("GlobalAveragePooling3D", "{`keepdims`: true}", s(null, 4, 4, 4, 8)));
    }

    @Test
    void reshapeFillsItsMinusOneAndKeepsTheBatch() throws Exception {
        assertEquals(s(null, 3, 4), out("Reshape", "{`target_shape`: [-1, 4]}", s(null, 6, 2)));
        assertEquals(s(9, 7, 7, 64), out("Reshape", "{`target_shape`: [7, 7, 64]}", s(9, 3136)));
        assertEquals(s(null, null, 4), out("Reshape", "{`target_shape`: [-1, 4]}", s(null, null, 2)));
        assertEquals(s(null, 0, null), out("Reshape", "{`target_shape`: [0, -1]}", s(null, 6)), "no size divides by 0");
        assertNull(out("Reshape", "{`target_shape`: [null, 4]}", s(null, 8)));
        assertNull(out("Reshape", "{}", s(null, 8)));
    }

    @Test
    void permuteReordersTheNonBatchAxes() throws Exception {
        assertEquals(s(7, 5, 3), out("Permute", "{`dims`: [2, 1]}", s(7, 3, 5)));
        assertNull(out("Permute", "{`dims`: [1]}", s(7, 3, 5)), "one axis too few");
        assertNull(out("Permute", "{`dims`: [0, 1]}", s(7, 3, 5)), "axis 0 is the batch");
        assertNull(out("Permute", "{`dims`: [3, 1]}", s(7, 3, 5)));
        assertNull(out("Permute", "{`dims`: [null, 1]}", s(7, 3, 5)));
        assertNull(out("Permute", "{}", s(7, 3, 5)));
    }

    @Test
    void concatenateAddsTheAxisAndNeedsEqualRanks() throws Exception {
        assertEquals(s(null, 8, 3), merge("Concatenate", "{`axis`: 1}", s(null, 4, 3), s(null, 4, 3)));
        assertEquals(s(null, 4, 8), merge("Concatenate", "{}", s(null, 4, 3), s(null, 4, 5)), "axis -1 by default");
        assertEquals(s(null, null, 3), merge("Concatenate", "{`axis`: 1}", s(null, 4, 3), s(null, null, 3)));
        assertEquals(s(null, null, 3), merge("Concatenate", "{`axis`: 1}", s(null, null, 3), s(null, 4, 3)));
        assertNull(merge("Concatenate", "{`axis`: 3}", s(null, 4, 3), s(null, 4, 3)));
        assertNull(merge("Concatenate", "{`axis`: -4}", s(null, 4, 3), s(null, 4, 3)));
        assertNull(merge("Concatenate", "{`axis`: 1}", s(null, 4, 3), s(null, 4)));
        assertNull(merge("Concatenate", "{`axis`: 1}", s(null, 4, 3), null));
    }

    @Test
    void mergesBroadcastAlignedOnTheRight() throws Exception {
        assertEquals(s(null, 4, 5), merge("Add", "{}", s(null, 4, 1), s(null, 1, 5)));
        assertEquals(s(null, 8), merge("Subtract", "{}", s(8), s(null, 8)), "the longer shape gives the rank");
        assertEquals(s(null, 8), merge("Maximum", "{}", s(null, 8), s(8)));
        assertEquals(s(null, 3), merge("Average", "{}", s(null, null), s(null, 3)), "unknown and 3 broadcast to 3");
        assertEquals(s(null, 5), merge("Minimum", "{}", s(null, 5), s(null, null)));
        assertEquals(s(null, null), merge("Multiply", "{}", s(null, null), s(null, 1)), "unknown and 1 stay unknown");
        assertEquals(s(2, 6), merge("Add", "{}", s(2, 6), s(2, 6), s(1, 6)));
        assertNull(merge("Add", "{}", s(null, 4), null));
        assertEquals(s(null, 4, 5), merge("TFOpLambda", "{`function`: `math.add`}", s(null, 4, 1), s(null, 1, 5)));
        assertNull(merge("TFOpLambda", "{`function`: `concat`}", s(null, 4), s(null, 4)));
    }

    @Test
    void upSamplingAndResizingScaleTheSpatialAxes() throws Exception {
        assertEquals(s(null, 8, 10, 3), out("UpSampling2D", "{}", s(null, 4, 5, 3)), "size 2 by default");
        assertEquals(s(null, null, 15, 3), out("UpSampling2D", "{`size`: [2, 3]}", s(null, null, 5, 3)));
        assertEquals(s(null, 12, 3), out("UpSampling1D", "{`size`: 3}", s(null, 4, 3)));
        assertNull(out("UpSampling2D", "{}", s(null, 4, 3)));
        assertNull(out("Resizing", "{`height`: 64, `width`: 32}", s(null, 256, 3)));
        assertEquals(s(null, 64, 32, 3), out("CenterCrop", "{`height`: 64, `width`: 32}", s(null, 256, 256, 3)));
    }

    @Test
    void paddingAndCroppingInEveryFormKerasWrites() throws Exception {
        assertEquals(s(null, 11, 15, 3), out("ZeroPadding2D", "{`padding`: [[1, 2], [3, 4]]}", s(null, 8, 8, 3)));
        assertEquals(
                s(null, 10, 12, 3),
                out("ZeroPadding2D", "{`padding`: [1, 2]}", s(null, 8, 8, 3)),
                "symmetric per axis");
        assertEquals(
                s(null, 11, 15, 3),
                out(
                        "ZeroPadding2D",
                        "{`padding`: {`class_name`: `__tuple__`, `items`: ["
                                + "{`class_name`: `__tuple__`, `items`: [1, 2]}, {`class_name`: `__tuple__`, `items`: "
                                + "[3, 4]}]}}",
                        s(null, 8, 8, 3)));
        assertEquals(s(null, 10, 10, 3), out("ZeroPadding2D", "{}", s(null, 8, 8, 3)), "padding 1 by default");
        assertEquals(s(null, null, 10, 3), out("ZeroPadding2D", "{`padding`: 1}", s(null, null, 8, 3)));
        assertEquals(s(null, 11, 3), out("ZeroPadding1D", "{`padding`: [1, 2]}", s(null, 8, 3)));
        assertEquals(s(null, 12, 3), out("ZeroPadding1D", "{`padding`: 2}", s(null, 8, 3)));
        assertEquals(s(null, 6, 4, 3), out("Cropping2D", "{`cropping`: [[1, 1], [2, 2]]}", s(null, 8, 8, 3)));
        assertEquals(s(null, 8, 8, 3), out("Cropping2D", "{}", s(null, 8, 8, 3)), "no cropping by default");
        assertEquals(s(null, 5, 3), out("Cropping1D", "{`cropping`: [1, 2]}", s(null, 8, 3)));
        assertEquals(s(null, 6, 6, 6, 1), out("Cropping3D", "{`cropping`: 1}", s(null, 8, 8, 8, 1)));
        assertNull(out("ZeroPadding2D", "{`padding`: 1}", s(null, 8, 3)));
    }

    @Test
    void anElementwiseMergeIsTheSameInEitherOrder() throws Exception {
        List<List<Integer>> shapes = List.of(s(null, 1), s(null, null), s(null, 3), s(2, 4), s(null, 4, 1));
        for (List<Integer> a : shapes) {
            for (List<Integer> b : shapes) {
                assertEquals(merge("Add", "{}", a, b), merge("Add", "{}", b, a), a + " and " + b);
            }
        }
        assertEquals(s(null, null), merge("Add", "{}", s(null, 1), s(null, null)), "1 and unknown stay unknown");
        assertEquals(s(2, null), merge("Add", "{}", s(2, 3), s(2, 4)), "3 against 4 is no shape Keras accepts");
    }

    @Test
    void concatenationAlongTheBatchAxisAddsTheBatches() throws Exception {
        assertEquals(s(7, 3), merge("Concatenate", "{`axis`: 0}", s(2, 3), s(5, 3)));
    }

    @Test
    void channelsFirstLayersOfRankThreeAndTheirUnknowns() throws Exception {
        String first = ", `data_format`: `channels_first`}";
        assertEquals(s(null, 4, 8), out("Conv1D", "{`filters`: 4, `kernel_size`: 3" + first, s(null, 3, 10)));
        assertNull(out("Conv1D", "{`filters`: 4, `kernel_size`: 3" + first, s(null, 10)), "rank 2 has no channels");
        assertNull(out("Conv2D", "{`filters`: 4, `kernel_size`: 3" + first, s(null, 3, 10)), "a 2D window on rank 3");
        assertEquals(s(null, 60), out("Flatten", "{`x`: 0" + first, s(null, 3, 4, 5)));
    }
}
