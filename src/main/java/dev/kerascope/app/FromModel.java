package dev.kerascope.app;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kerascope.arch.Architecture;
import dev.kerascope.graph.Tensors;
import dev.kerascope.graph.TrainableGraph;
import dev.kerascope.io.BadInputException;
import dev.kerascope.kerasfile.KerasFile;
import dev.kerascope.kerasfile.KerasFiles;
import dev.kerascope.kerasfile.WeightArray;
import dev.kerascope.layers.ArchitectureModel;
import dev.kerascope.layers.KerasConverter;
import dev.kerascope.layers.KerasGraph;
import dev.kerascope.layers.KerasGraphBuilder;
import dev.kerascope.precision.Precision;
import dev.kerascope.record.KerascopeRecord;
import dev.kerascope.train.PixelTable;
import dev.kerascope.train.SavedModelExporter;
import dev.kerascope.train.TrainingGraph;
import dev.kerascope.walker.InputRescaling;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * A trained model that {@code train --from} continues: a {@code .keras} or {@code .h5} file, a SavedModel kerascope
 * {@code convert}ed from one (its record holds the Keras config, its variables the weights), or a SavedModel kerascope
 * trained (its record holds the architecture). Keras models train through KerasGraphBuilder's TRAINING graph,
 * kerascope's through ArchitectureModel (the same builder): the same TrainingGraph either way. It must take
 * MNIST-shaped images and end in a softmax or in logits.
 */
final class FromModel implements TrainModel {
    /** Input shapes (after the batch) that MNIST and Fashion-MNIST images feed as they are. */
    private static final List<int[]> MNIST_SHAPES = List.of(new int[] {28, 28, 1}, new int[] {28, 28}, new int[] {784});

    private final Path source;
    private final KerasFile file;
    private final Architecture architecture;
    private final Map<String, float[]> weights;
    private final int[] inputShape;
    private final PixelTable preprocessing;
    private final String preprocessingReason;
    private final double learningRate;

    private FromModel(
            Path source,
            KerasFile file,
            Architecture architecture,
            Map<String, float[]> weights,
            int[] inputShape,
            PixelTable preprocessing,
            String reason,
            double learningRate) {
        this.source = source;
        this.file = file;
        this.architecture = architecture;
        this.weights = weights;
        this.inputShape = inputShape;
        this.preprocessing = preprocessing;
        this.preprocessingReason = reason;
        this.learningRate = learningRate;
    }

    /** Loads {@code from}; {@code scale}/{@code normalize} (null when not given) override the default preprocessing. */
    static FromModel load(Path from, Double scale, List<Double> normalize, double learningRate) {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new BadInputException("the learning rate must be above 0");
        }
        if (KerasFiles.isKerasFile(from)) {
            return keras(from, KerasFiles.read(from), null, scale, normalize, learningRate);
        }
        Optional<KerascopeRecord> record = Files.isDirectory(from) ? KerascopeRecord.read(from) : Optional.empty();
        if (record.isEmpty()) {
            throw BadInputException.inFile(
                    from,
                    "is neither a .keras/.h5 model file nor a SavedModel kerascope wrote (train, convert);"
                            + " convert other SavedModels' Keras source files instead");
        }
        KerascopeRecord r = record.get();
        if (r.isConverted()) {
            return keras(from, convertedFile(from, r.converted()), r, scale, normalize, learningRate);
        }
        Architecture arch = r.architecture();
        checkInput(from, arch.inputShape());
        var chosen = FromPreprocessing.choose(FromPreprocessing.recorded(r), Optional.empty(), scale, normalize);
        return new FromModel(
                from,
                null,
                arch,
                architectureWeights(from, arch),
                arch.inputShape(),
                single(from, chosen.scale(), chosen.mean(), chosen.std()),
                chosen.describe(),
                learningRate);
    }

    /** {@code record}: the converted SavedModel's, null for a file. */
    private static FromModel keras(
            Path from,
            KerasFile file,
            KerascopeRecord record,
            Double scale,
            List<Double> normalize,
            double learningRate) {
        int[] in;
        Optional<String> rescales;
        try (Graph g = new Graph()) {
            KerasGraph k = KerasGraphBuilder.build(Ops.create(g), file);
            if (k.inputs().size() != 1 || k.outputs().size() != 1) {
                throw BadInputException.inFile(
                        from,
                        "has " + k.inputs().size() + " inputs and "
                                + k.outputs().size()
                                + " outputs; continued training takes models with one image input and one "
                                + "class output");
            }
            in = k.inputShape();
            checkInput(from, in);
            if (k.classes() < 2) {
                throw BadInputException.inFile(
                        from,
                        "has output shape " + k.output().shape() + "; continued training takes classifiers"
                                + " whose output is (batch, classes), classes at least 2");
            }
            rescales = InputRescaling.find((GraphOperation) k.input().op(), GraphOperation::name);
        }
        String activation = KerasGraphBuilder.outputActivation(file);
        if (activation != null && !activation.equals("softmax") && !activation.equals("linear")) {
            throw BadInputException.inFile(
                    from,
                    "ends in a " + activation + " activation; continued training takes classifiers that end"
                            + " in softmax (probabilities) or in no activation (logits), with sparse categorical "
                            + "cross-entropy");
        }
        var chosen = FromPreprocessing.choose(
                record == null ? Optional.empty() : FromPreprocessing.recorded(record), rescales, scale, normalize);
        return new FromModel(
                from,
                file,
                null,
                null,
                in,
                single(from, chosen.scale(), chosen.mean(), chosen.std()),
                chosen.describe(),
                learningRate);
    }

    /** Refuses, in one line naming the shape, a model that MNIST-shaped images do not feed. */
    private static void checkInput(Path from, int[] in) {
        for (int[] ok : MNIST_SHAPES) {
            if (Arrays.equals(ok, in)) {
                return;
            }
        }
        StringBuilder shape = new StringBuilder("(None");
        for (int d : in) {
            shape.append(", ").append(d < 0 ? "None" : Integer.toString(d));
        }
        throw BadInputException.inFile(
                from,
                "takes input of shape " + shape + "); continued training takes 28x28x1 images"
                        + " (MNIST, Fashion-MNIST): (None, 28, 28, 1), (None, 28, 28) or (None, 784)");
    }

    private static PixelTable single(Path from, double scale, double[] mean, double[] std) {
        if (mean.length != 1) {
            throw BadInputException.inFile(from, "takes one channel; the normalisation gave " + mean.length + " means");
        }
        return new PixelTable(scale, mean[0], std[0]);
    }

    /** A converted SavedModel as the Keras file it came from: the record's config, the variables' values. */
    private static KerasFile convertedFile(Path dir, JsonNode record) {
        Map<String, String> variables = new LinkedHashMap<>();
        for (JsonNode layer : record.path("layers")) {
            layer.path("weights")
                    .fields()
                    .forEachRemaining(e -> variables.put(
                            layer.path("name").asText() + "\u0000" + e.getKey(),
                            e.getValue().asText()));
        }
        Map<String, List<WeightArray>> weights = new LinkedHashMap<>();
        Map<String, float[]> values = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        readVariables(dir, List.copyOf(variables.values()), values, shapes);
        variables.forEach((key, variable) -> {
            String layer = key.substring(0, key.indexOf('\u0000'));
            String name = key.substring(key.indexOf('\u0000') + 1);
            List<Integer> shape = new ArrayList<>();
            Arrays.stream(shapes.get(variable)).forEach(d -> shape.add((int) d));
            weights.computeIfAbsent(layer, k -> new ArrayList<>())
                    .add(new WeightArray(name, shape, values.get(variable), true));
        });
        KerasFile.Format format = record.path("keras_format").asText().equals("keras")
                ? KerasFile.Format.KERAS_ZIP
                : KerasFile.Format.LEGACY_H5;
        return KerasFiles.fromParts(
                dir, format, record.path("keras_version").asText(null), record.path("keras_model"), weights);
    }

    /** The weights of a SavedModel kerascope trained, by the variable names its graphs use. */
    private static Map<String, float[]> architectureWeights(Path dir, Architecture arch) {
        List<String> names = new ArrayList<>();
        try (Graph g = new Graph()) {
            ArchitectureModel.build(Ops.create(g), arch, TrainableGraph.Mode.INFERENCE, 0, null)
                    .variables()
                    .forEach(v -> names.add(v.name()));
        }
        Map<String, float[]> values = new LinkedHashMap<>();
        readVariables(dir, names, values, new LinkedHashMap<>());
        return values;
    }

    private static void readVariables(
            Path dir, List<String> names, Map<String, float[]> values, Map<String, long[]> shapes) {
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), "serve")) {
            Session.Runner r = bundle.session().runner();
            names.forEach(r::fetch);
            try (Result result = r.run()) {
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), Tensors.toFloats(result.get(i)));
                    shapes.put(names.get(i), result.get(i).shape().asArray());
                }
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw BadInputException.inFile(dir, "lacks the variables its record names (" + e.getMessage() + ")");
        }
    }

    Path source() {
        return source;
    }

    String preprocessingReason() {
        return preprocessingReason;
    }

    @Override
    public String name() {
        return source.getFileName().toString();
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public PixelTable preprocessing() {
        return preprocessing;
    }

    @Override
    public double learningRate() {
        return learningRate;
    }

    @Override
    public TrainingGraph trainingGraph(long seed, Precision precision) {
        if (architecture != null) {
            return new TrainingGraph(architecture, learningRate, seed, precision);
        }
        return new TrainingGraph(
                (tf, step) -> KerasGraphBuilder.build(tf, file, TrainableGraph.Mode.TRAINING, seed, step),
                learningRate,
                source.toString(),
                precision);
    }

    @Override
    public void initialize(TrainingGraph graph, long seed) {
        graph.initialize(seed);
        if (architecture != null) {
            graph.setWeights(weights);
        }
    }

    @Override
    public void export(Map<String, float[]> trained, PixelTable pre, String dataset, Path target) {
        if (architecture != null) {
            SavedModelExporter.export(architecture, trained, pre, dataset, target);
            return;
        }
        KerasConverter.export(
                file,
                trained,
                new KerasConverter.Record(
                        pre.scale(),
                        pre.mean(),
                        pre.std(),
                        "trained by train --from " + source.getFileName() + ": " + preprocessingReason,
                        dataset),
                target);
    }
}
