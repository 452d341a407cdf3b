package dev.kerascope.input;

import dev.kerascope.data.NpyNumbers;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.Remedy;
import dev.kerascope.layers.KerasConverter;
import dev.kerascope.record.KerascopeRecord;
import dev.kerascope.walker.Feed;
import dev.kerascope.walker.InputSpec;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.DataType;

/**
 * What a model is fed and why: the preprocessing a model expects (the rules the README lists), images turned into its
 * input (grey or RGB, resized, scaled, integer inputs fed raw), and {@code .npy} files fed as they are to any input.
 */
public final class ModelInput {
    private final Path model;
    private final SavedModelWalker walker;
    private final InputSpec input;
    private final Preprocessing preprocessing;

    private ModelInput(Path model, SavedModelWalker walker, InputSpec input, Preprocessing preprocessing) {
        this.model = model;
        this.walker = walker;
        this.input = input;
        this.preprocessing = preprocessing;
    }

    /**
     * The single image input of the walker's signature with its preprocessing: the default one for this model,
     * overridden by {@code scale}/{@code normalize} from the command line when given.
     *
     * @param model the model's path, for messages and its record
     * @param walker the opened model
     * @param scale the {@code --scale} option, or null
     * @param normalize the {@code --normalize} option, or null
     * @return the input and its preprocessing
     * @throws BadInputException when the model does not take one image input, or the options do not parse
     */
    public static ModelInput forImages(Path model, SavedModelWalker walker, Double scale, List<Double> normalize) {
        List<InputSpec> inputs = walker.inputs();
        if (inputs.size() != 1) {
            throw BadInputException.inFile(
                            model,
                            "takes " + inputs.size() + " inputs ("
                                    + String.join(
                                            ", ",
                                            inputs.stream()
                                                    .map(InputSpec::describe)
                                                    .toList()) + ")")
                    .suggesting(Remedy.FEED_ARRAYS);
        }
        InputSpec in = inputs.get(0);
        long[] declared = in.shape();
        for (int d = 1; d < declared.length && d < 3; d++) {
            if (declared[d] > ImageInput.MAX_SIDE) {
                throw BadInputException.inFile(
                        model,
                        "input " + in.describe() + " declares a side of " + declared[d] + "; images with sides over "
                                + ImageInput.MAX_SIDE + " are refused");
            }
        }
        InputSpec.ImageGeometry g = in.image().orElseThrow(() -> BadInputException.inFile(
                        model,
                        "input " + in.describe()
                                + " is not an image (NHWC, NHW or a flat square); signatures that take images: "
                                + String.join(", ", walker.imageSignatures()))
                .suggesting(Remedy.FEED_ARRAYS));
        Preprocessing chosen = defaultPreprocessing(model, walker, in);
        if (scale != null || normalize != null) {
            if (isInteger(in.dtype())) {
                throw BadInputException.inFile(
                        model,
                        "input " + in.describe()
                                + " takes raw integer pixel values; scaling and normalisation do not apply");
            }
            chosen = chosen.override(scale, normalize);
        }
        return new ModelInput(model, walker, in, chosen.forChannels(g.channels(), model.toString()));
    }

    /**
     * The rules: kerascope's record; raw values for integer inputs; raw pixels when the model rescales itself; else
     * x/255.
     */
    static Preprocessing defaultPreprocessing(Path model, SavedModelWalker walker, InputSpec in) {
        Optional<Preprocessing> recorded = recorded(model);
        if (recorded.isPresent()) {
            return recorded.get();
        }
        if (isInteger(in.dtype())) {
            return Preprocessing.raw("the input is " + InputSpec.typeName(in.dtype()) + ": raw pixel values");
        }
        Optional<String> inside = walker.inputRescaling();
        if (inside.isPresent()) {
            return Preprocessing.raw("the model rescales its input itself (" + inside.get() + ")");
        }
        return Preprocessing.of(
                1 / 255.0, 0, 1, "assumed: the model records no preprocessing and has no rescaling layer at its input");
    }

    /** What kerascope's own exports record. */
    static Optional<Preprocessing> recorded(Path model) {
        return KerascopeRecord.read(model).flatMap(ModelInput::recorded);
    }

    /**
     * What a record states, or empty for a converted Keras file, which records none: such a model then goes through the
     * same rules as any other (in-model rescaling, else x/255).
     *
     * @param r the model's kerascope record
     * @return the recorded preprocessing
     */
    public static Optional<Preprocessing> recorded(KerascopeRecord r) {
        if (r.isConverted() && r.note().equals(KerasConverter.PREPROCESSING_NOTE)) {
            return Optional.empty();
        }
        return Optional.of(Preprocessing.of(
                r.scale(),
                r.mean(),
                r.std(),
                "recorded in " + KerascopeRecord.FILE + (r.note().isEmpty() ? "" : " (" + r.note() + ")")));
    }

    private static boolean isInteger(DataType t) {
        return t == DataType.DT_UINT8 || t == DataType.DT_INT32 || t == DataType.DT_INT64;
    }

    /**
     * How images are preprocessed for this model.
     *
     * @return the preprocessing and its reason
     */
    public Preprocessing preprocessing() {
        return preprocessing;
    }

    /**
     * The image input.
     *
     * @return its key, dtype and shape
     */
    public InputSpec spec() {
        return input;
    }

    /**
     * The image size and channels the input takes.
     *
     * @return the geometry
     */
    public InputSpec.ImageGeometry geometry() {
        return input.image().orElseThrow();
    }

    /**
     * An image file at the model's size and channels.
     *
     * @param image the file
     * @return the pixels, 0..255
     */
    public Pixels load(Path image) {
        InputSpec.ImageGeometry g = geometry();
        return ImageInput.pixels(image, g.rows(), g.cols(), g.channels());
    }

    /**
     * Grey levels of a data set image (MNIST-like), resized to the model's size and repeated over its channels.
     *
     * @param rows the image height
     * @param cols the image width
     * @param grey grey levels 0..255, row-major
     * @return the pixels at the model's size
     */
    public Pixels fromGrey(int rows, int cols, int[] grey) {
        InputSpec.ImageGeometry g = geometry();
        return Pixels.grey(rows, cols, grey)
                .resized(g.rows() > 0 ? g.rows() : rows, g.cols() > 0 ? g.cols() : cols)
                .withChannels(g.channels());
    }

    /**
     * The values the model is fed for one image.
     *
     * @param p the image at the model's size
     * @return scaled floats, or the raw values for integer inputs
     */
    public float[] values(Pixels p) {
        return preprocessing.apply(p.values(), p.channels());
    }

    /**
     * A batch of images of one size as the feed of the single input.
     *
     * @param images the images, at least one
     * @return the feed by input key
     */
    public Map<String, Feed> feed(List<Pixels> images) {
        Pixels first = images.get(0);
        int per = first.values().length;
        float[] all = new float[Math.multiplyExact(per, images.size())];
        for (int i = 0; i < images.size(); i++) {
            Pixels p = images.get(i);
            if (p.values().length != per) {
                throw new IllegalArgumentException("images of different sizes in one batch");
            }
            System.arraycopy(values(p), 0, all, i * per, per);
        }
        return Map.of(input.key(), Feed.floats(all, feedShape(images.size(), first)));
    }

    /**
     * The input shape for {@code n} images of this size.
     *
     * @param n the number of images
     * @param p one of the images
     * @return NHWC, NHW or flat, as declared
     */
    public long[] feedShape(int n, Pixels p) {
        InputSpec.ImageGeometry g = geometry();
        if (g.flat()) {
            return new long[] {n, (long) p.rows() * p.cols()};
        }
        return input.rank() == 3
                ? new long[] {n, p.rows(), p.cols()}
                : new long[] {n, p.rows(), p.cols(), p.channels()};
    }

    /**
     * {@code .npy} files fed as they are: {@code FILE.npy} for a model with one input, {@code NAME=FILE.npy} per input
     * otherwise. An array one rank short of the input gets a batch of 1.
     *
     * @param model the model's path, for messages
     * @param walker the opened model
     * @param args the {@code --input} values
     * @return the feeds by input key
     * @throws BadInputException when a file does not fit its input
     */
    public static Map<String, Feed> npyFeeds(Path model, SavedModelWalker walker, List<String> args) {
        Map<String, InputSpec> byKey = new LinkedHashMap<>();
        walker.inputs().forEach(i -> byKey.put(i.key(), i));
        Map<String, Feed> feeds = new LinkedHashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            String key = eq > 0 && !Files.exists(Path.of(arg)) ? arg.substring(0, eq) : null;
            Path file = Path.of(key == null ? arg : arg.substring(eq + 1));
            if (key == null) {
                if (byKey.size() != 1) {
                    throw BadInputException.inFile(
                                    model,
                                    "takes " + byKey.size() + " inputs (" + String.join(", ", byKey.keySet()) + ")")
                            .suggesting(Remedy.FEED_ARRAYS);
                }
                key = byKey.keySet().iterator().next();
            }
            InputSpec in = byKey.get(key);
            if (in == null) {
                throw BadInputException.inFile(
                        model, "has no input '" + key + "' (inputs: " + String.join(", ", byKey.keySet()) + ")");
            }
            feeds.put(key, npyFeed(file, in));
        }
        for (String key : byKey.keySet()) {
            if (!feeds.containsKey(key)) {
                throw BadInputException.inFile(model, "input '" + key + "' was given no values")
                        .suggesting(Remedy.FEED_ARRAYS);
            }
        }
        return feeds;
    }

    static Feed npyFeed(Path file, InputSpec in) {
        NpyNumbers a = NpyNumbers.read(file);
        long[] shape = a.shape();
        if (shape.length == in.rank() - 1) {
            long[] batched = new long[shape.length + 1];
            batched[0] = 1;
            System.arraycopy(shape, 0, batched, 1, shape.length);
            shape = batched;
        }
        if (shape.length != in.rank() || shape.length == 0 || shape[0] < 1) {
            throw BadInputException.inFile(
                    file,
                    "has shape " + InputSpec.shapeText(a.shape()) + "; input " + in.describe() + " needs rank "
                            + in.rank() + " (or " + (in.rank() - 1) + " for one example)");
        }
        long[] want = in.shape();
        for (int d = 1; d < shape.length; d++) {
            if (want[d] > 0 && shape[d] != want[d]) {
                throw BadInputException.inFile(
                        file, "has shape " + InputSpec.shapeText(a.shape()) + "; input " + in.describe() + " differs");
            }
        }
        boolean integerInput = isInteger(in.dtype()) || in.dtype() == DataType.DT_BOOL;
        if (a.floats() != null && integerInput) {
            for (float v : a.floats()) {
                if (v != Math.rint(v)) {
                    throw BadInputException.inFile(file, "holds fractions; input " + in.describe() + " takes integers");
                }
            }
        }
        return a.floats() != null ? Feed.floats(a.floats(), shape) : Feed.ints(a.ints(), shape);
    }

    /**
     * The model's path.
     *
     * @return the path given to {@link #forImages}
     */
    public Path model() {
        return model;
    }

    /**
     * The opened model.
     *
     * @return the walker
     */
    public SavedModelWalker walker() {
        return walker;
    }
}
