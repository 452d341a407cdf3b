package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kerascope.data.DatasetId;
import dev.kerascope.summary.ModelSummary.Layout;
import dev.kerascope.testing.Cli;
import dev.kerascope.viz.FilterGallery;
import dev.kerascope.viz.Palette;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.TypeConversionException;

/** The closed option sets accept the spellings users write (any case, Keras's underscores), and fractions. */
class OptionTypesTest {
    @TempDir
    Path dir;

    @Test
    void closedSetsTakeAnyCaseAndKerassSpellings() {
        assertEquals(Palette.GRAY, new OptionTypes.PaletteType().convert("GREY"));
        assertEquals(Palette.BLUE_ORANGE, new OptionTypes.PaletteType().convert("blue_orange"));
        assertEquals(FilterGallery.Scale.PER_FILTER, new OptionTypes.FilterScaleType().convert("Per-Filter"));
        assertEquals(
                DatasetId.FASHION_MNIST,
                new OptionTypes.DatasetType().convert("fashion_mnist"),
                "keras.datasets.fashion_mnist");
        assertEquals(
                OptionTypes.PrecisionOption.MIXED_BFLOAT16, new OptionTypes.PrecisionType().convert("MIXED_BFLOAT16"));
        assertThrows(
                TypeConversionException.class,
                () -> new OptionTypes.PrecisionType().convert("both"),
                "both is bench train's");
        assertEquals(OptionTypes.PrecisionOption.BOTH, new OptionTypes.BenchPrecisionType().convert("both"));
        assertEquals(Layout.KERAS2, new OptionTypes.SummaryFormatType().convert("Keras2"));
        assertEquals(Layout.TF_KERAS_2_7, new OptionTypes.KerasVersionType().convert("2.11.0"));
        assertEquals(Layout.KERAS3, new OptionTypes.KerasVersionType().convert("3"));
        assertEquals(
                List.of("viridis", "cividis", "gray", "blue-orange"),
                StreamSupport.stream(new OptionTypes.PaletteType().spliterator(), false)
                        .toList(),
                "what --help lists");
    }

    @Test
    void numbersAreWrittenAsDecimalsOrFractions() {
        assertEquals(1 / 255.0, new OptionTypes.PositiveNumberType().convert("1/255"), 0);
        assertEquals(-0.5, new OptionTypes.NumberType().convert("-1/2"), 0);
        assertEquals(0.002, new OptionTypes.NumberType().convert("2e-3"), 0);
        assertThrows(TypeConversionException.class, () -> new OptionTypes.PositiveNumberType().convert("-1/2"));
        assertThrows(TypeConversionException.class, () -> new OptionTypes.NumberType().convert("1/0"));
        assertThrows(TypeConversionException.class, () -> new OptionTypes.NumberType().convert("NaN"));
    }

    /** Another spelling of the same choices draws the same figure, byte for byte; the default draws another. */
    @Test
    void spellingsOfTheSameChoiceDrawTheSameFigure() throws Exception {
        byte[] canonical = filters("a", "--palette", "gray", "--scale", "per-filter");
        assertArrayEquals(canonical, filters("b", "--palette", "GREY", "--scale", "PER_FILTER"));
        assertFalse(java.util.Arrays.equals(canonical, filters("c")), "the defaults (blue-orange, shared) differ");
    }

    private byte[] filters(String name, String... options) throws Exception {
        Path out = dir.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("filters", "--layer", "conv1", "--out", out.toString()));
        args.addAll(List.of(options));
        Cli.Run r = new Cli().run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return Files.readAllBytes(out.resolve("filters_conv1.png"));
    }
}
