package dev.kerascope.cli;

import dev.kerascope.app.ExplainJob;
import dev.kerascope.data.DatasetId;
import dev.kerascope.input.Preprocessing;
import dev.kerascope.precision.Precision;
import dev.kerascope.summary.ModelSummary.Layout;
import dev.kerascope.viz.FeatureMapGrid;
import dev.kerascope.viz.FilterGallery;
import dev.kerascope.viz.Palette;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The types of the options whose values form a closed set, and of numbers written as fractions. A bad value becomes
 * picocli's one line, "Invalid value for option '--palette': 'pink' is not one of viridis, cividis, gray, blue-orange",
 * exit 2. Each type is also its option's completion candidates.
 */
final class OptionTypes {
    /** The separator of comma lists, spaces around it dropped: "conv2d, dense" is two names, not " dense". */
    static final String COMMA = "\\s*,\\s*";

    private OptionTypes() {}

    /** A whole number in a comma list, spaces around it dropped; refused in picocli's own words otherwise. */
    static final class TrimmedIntType implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                return Integer.valueOf(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not an int");
            }
        }
    }

    /** A name as given, without the spaces a quoted list leaves around it ({@code --layers " conv2d"}). */
    static final class TrimmedType implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return value.strip();
        }
    }

    /** Values by spelling, case-insensitive; the first spelling of each value is the one help lists. */
    abstract static class Spelled<T> implements ITypeConverter<T>, Iterable<String> {
        private final Map<String, T> bySpelling = new LinkedHashMap<>();
        private final List<String> listed;

        /** {@code spellings} maps each spelling, listed ones first (one per value), to its value. */
        Spelled(List<String> listed, Map<String, T> spellings) {
            this.listed = listed;
            spellings.forEach((k, v) -> bySpelling.put(k.toLowerCase(Locale.ROOT), v));
        }

        @Override
        public T convert(String value) {
            T t = bySpelling.get(value.strip().toLowerCase(Locale.ROOT));
            if (t == null) {
                throw new TypeConversionException("'" + value + "' is not one of " + String.join(", ", listed));
            }
            return t;
        }

        @Override
        public Iterator<String> iterator() {
            return listed.iterator();
        }
    }

    static final class PaletteType extends Spelled<Palette> {
        PaletteType() {
            super(
                    List.of("viridis", "cividis", "gray", "blue-orange"),
                    Map.of(
                            "viridis",
                            Palette.VIRIDIS,
                            "cividis",
                            Palette.CIVIDIS,
                            "gray",
                            Palette.GRAY,
                            "grey",
                            Palette.GRAY,
                            "blue-orange",
                            Palette.BLUE_ORANGE,
                            "blue_orange",
                            Palette.BLUE_ORANGE,
                            "diverging",
                            Palette.BLUE_ORANGE));
        }
    }

    static final class ExplainMethodType extends Spelled<ExplainJob.Method> {
        ExplainMethodType() {
            super(
                    List.of("saliency", "smoothgrad", "gradcam", "gradcam++"),
                    Map.of(
                            "saliency", ExplainJob.Method.SALIENCY,
                            "smoothgrad", ExplainJob.Method.SMOOTHGRAD,
                            "gradcam", ExplainJob.Method.GRADCAM,
                            "grad-cam", ExplainJob.Method.GRADCAM,
                            "gradcam++", ExplainJob.Method.GRADCAM_PLUS_PLUS,
                            "gradcampp", ExplainJob.Method.GRADCAM_PLUS_PLUS,
                            "grad-cam++", ExplainJob.Method.GRADCAM_PLUS_PLUS));
        }
    }

    static final class FilterScaleType extends Spelled<FilterGallery.Scale> {
        FilterScaleType() {
            super(
                    List.of("shared", "per-filter"),
                    Map.of(
                            "shared",
                            FilterGallery.Scale.SHARED,
                            "per-filter",
                            FilterGallery.Scale.PER_FILTER,
                            "per_filter",
                            FilterGallery.Scale.PER_FILTER,
                            "layer",
                            FilterGallery.Scale.SHARED,
                            "per-map",
                            FilterGallery.Scale.PER_FILTER,
                            "per_map",
                            FilterGallery.Scale.PER_FILTER));
        }
    }

    /** Feature maps: one scale per layer, or each map from its own min to max (as tutorials 000 and 001 draw them). */
    static final class MapScaleType extends Spelled<FeatureMapGrid.Scale> {
        MapScaleType() {
            super(
                    List.of("layer", "per-map"),
                    Map.of(
                            "layer",
                            FeatureMapGrid.Scale.LAYER,
                            "per-map",
                            FeatureMapGrid.Scale.PER_MAP,
                            "per_map",
                            FeatureMapGrid.Scale.PER_MAP));
        }
    }

    /** Keras's spellings of the data sets (keras.datasets.mnist, fashion_mnist). */
    static final class DatasetType extends Spelled<DatasetId> {
        DatasetType() {
            super(
                    List.of("mnist", "fashion-mnist"),
                    Map.of(
                            "mnist",
                            DatasetId.MNIST,
                            "fashion-mnist",
                            DatasetId.FASHION_MNIST,
                            "fashion_mnist",
                            DatasetId.FASHION_MNIST,
                            "fashion",
                            DatasetId.FASHION_MNIST));
        }
    }

    /** {@code --format}: the two major layouts of model.summary(). */
    static final class SummaryFormatType extends Spelled<Layout> {
        SummaryFormatType() {
            super(List.of("keras3", "keras2"), Map.of("keras3", Layout.KERAS3, "keras2", Layout.KERAS2));
        }
    }

    /** Keras's mixed-precision policy names, and auto. */
    enum PrecisionOption {
        FLOAT32("float32"),
        MIXED_BFLOAT16("mixed_bfloat16"),
        AUTO("auto"),
        BOTH("both");

        final String spelling;

        PrecisionOption(String spelling) {
            this.spelling = spelling;
        }

        /** The precision this option stands for on this machine (auto looks at the CPU); not for BOTH. */
        Precision.Choice choose() {
            return Precision.choose(spelling);
        }
    }

    static final class PrecisionType extends Spelled<PrecisionOption> {
        PrecisionType() {
            super(
                    List.of("float32", "mixed_bfloat16", "auto"),
                    Map.of(
                            "float32",
                            PrecisionOption.FLOAT32,
                            "mixed_bfloat16",
                            PrecisionOption.MIXED_BFLOAT16,
                            "mixed-bfloat16",
                            PrecisionOption.MIXED_BFLOAT16,
                            "auto",
                            PrecisionOption.AUTO));
        }
    }

    /** bench train's precisions: also both, side by side. */
    static final class BenchPrecisionType extends Spelled<PrecisionOption> {
        BenchPrecisionType() {
            super(
                    List.of("both", "float32", "mixed_bfloat16", "auto"),
                    Map.of(
                            "both",
                            PrecisionOption.BOTH,
                            "float32",
                            PrecisionOption.FLOAT32,
                            "mixed_bfloat16",
                            PrecisionOption.MIXED_BFLOAT16,
                            "mixed-bfloat16",
                            PrecisionOption.MIXED_BFLOAT16,
                            "auto",
                            PrecisionOption.AUTO));
        }
    }

    /** {@code --keras-version}: 2.0-2.15 or 3, as the family of layouts that version printed. */
    static final class KerasVersionType implements ITypeConverter<Layout> {
        @Override
        public Layout convert(String version) {
            Matcher m =
                    Pattern.compile("2\\.(\\d{1,2})(\\.\\d+)?|3(\\.\\d+){0,2}").matcher(version.strip());
            if (!m.matches() || (m.group(1) != null && Integer.parseInt(m.group(1)) > 15)) {
                throw new TypeConversionException(
                        "'" + version + "' is not a tf.keras 2.0-2.15 or a Keras 3 version (2.4, 2.10, 2.15 or 3)");
            }
            return Layout.ofKerasVersion(version.strip().equals("3") ? "3.0" : version.strip());
        }
    }

    /** A finite number as a user writes it: {@code 0.5}, {@code 1/255}, {@code 2e-3}. */
    static class NumberType implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            try {
                return Preprocessing.parseNumber(text);
            } catch (NumberFormatException e) {
                // said below, in the option's terms
            }
            throw new TypeConversionException("'" + text + "' is not a number such as 0.5 or 1/255");
        }
    }

    /** A number above 0, e.g. a scale factor or a learning rate. */
    static final class PositiveNumberType extends NumberType {
        @Override
        public Double convert(String text) {
            double v = super.convert(text);
            if (!(v > 0)) {
                throw new TypeConversionException("'" + text + "' is not above 0");
            }
            return v;
        }
    }
}
