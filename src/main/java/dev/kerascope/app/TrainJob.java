package dev.kerascope.app;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.arch.ArchitectureJson;
import dev.kerascope.arch.Architectures;
import dev.kerascope.data.Dataset;
import dev.kerascope.data.DatasetId;
import dev.kerascope.data.DatasetLocator;
import dev.kerascope.input.Preprocessing;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.Remedy;
import dev.kerascope.precision.Precision;
import dev.kerascope.report.CsvLogger;
import dev.kerascope.report.HistoryJson;
import dev.kerascope.train.CheckpointStore;
import dev.kerascope.train.History;
import dev.kerascope.train.PixelTable;
import dev.kerascope.train.RunDirectory;
import dev.kerascope.train.Trainer;
import dev.kerascope.train.TrainingGraph;
import dev.kerascope.train.TrainingListener;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The {@code train} use case: find the data, train with Keras's loop, and leave a run folder with {@code history.json},
 * {@code training.csv}, {@code train.log}, a checkpoint per epoch and the exported {@code saved_model/}; or continue
 * such a folder from its last complete epoch.
 */
public final class TrainJob {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final DatasetLocator locator;
    private final PrintStream console;

    public TrainJob(DatasetLocator locator, PrintStream console) {
        this.locator = locator;
        this.console = console;
    }

    /** What a finished run left behind. */
    public record Outcome(RunDirectory run, History history) {}

    /** A progress listener for the run's console, given the sink of lines that go to train.log. */
    public interface ProgressFactory {
        TrainingListener create(Consumer<String> logSink);
    }

    public Outcome start(TrainOptions options, ProgressFactory progress) {
        TrainModel model = modelOf(options);
        Dataset data = load(options, model);
        RunDirectory run = new RunDirectory(options.out());
        if (Files.exists(run.runConfig())) {
            throw BadInputException.inFile(options.out(), "already holds a training run")
                    .suggesting(Remedy.CONTINUE_OR_OTHER_FOLDER);
        }
        if (Files.exists(options.out()) && !Files.isDirectory(options.out())) {
            throw BadInputException.inFile(options.out(), "is a file, not a folder");
        }
        try {
            Files.createDirectories(run.root());
        } catch (IOException e) {
            throw BadInputException.inFile(options.out(), "cannot create the run folder (" + e.getMessage() + ")");
        }
        if (options.architecture() != null) {
            AtomicFiles.writeString(run.architecture(), ArchitectureJson.write(options.architecture()));
        }
        AtomicFiles.writeString(run.runConfig(), runConfig(options));
        return train(options, model, data, run, Optional.empty(), progress);
    }

    /** Continues the run in {@code dir} from its last complete epoch, up to {@code epochs} if given. */
    public Outcome resume(
            Path dir, Optional<Integer> epochs, Optional<Path> dataDir, int verbose, ProgressFactory progress) {
        RunDirectory run = new RunDirectory(dir);
        if (!Files.isRegularFile(run.runConfig())) {
            throw BadInputException.inFile(dir, "is not a kerascope run folder (no run.json)");
        }
        TrainOptions options = readRunConfig(run, epochs, dataDir, verbose);
        if (epochs.isPresent()) {
            AtomicFiles.writeString(run.runConfig(), runConfig(options));
        }
        Optional<CheckpointStore.Checkpoint> checkpoint = new CheckpointStore(run.checkpoints()).latest();
        TrainModel model = modelOf(options);
        Dataset data = load(options, model);
        return train(options, model, data, run, checkpoint, progress);
    }

    private static TrainModel modelOf(TrainOptions o) {
        return o.from()
                .<TrainModel>map(f -> FromModel.load(f.model(), f.scale(), f.normalize(), f.learningRate()))
                .orElseGet(() -> new TrainModel.New(o.architecture()));
    }

    private Dataset load(TrainOptions options, TrainModel model) {
        Dataset data = locator.load(options.dataset(), options.dataDir());
        int[] in = model.inputShape();
        int rows = data.train().rows();
        int cols = data.train().cols();
        boolean fits = in.length == 3
                ? in[0] == rows && in[1] == cols && in[2] == 1
                : in.length == 2 ? in[0] == rows && in[1] == cols : in.length == 1 && in[0] == rows * cols;
        if (!fits) {
            StringBuilder takes = new StringBuilder();
            for (int d : in) {
                takes.append(takes.length() == 0 ? "" : "x").append(d);
            }
            throw new BadInputException(
                    data.source() + ": images are " + rows + "x" + cols + "x1 but " + model.name() + " takes " + takes);
        }
        return options.limit().map(data::limitTrain).orElse(data);
    }

    private Outcome train(
            TrainOptions o,
            TrainModel model,
            Dataset data,
            RunDirectory run,
            Optional<CheckpointStore.Checkpoint> checkpoint,
            ProgressFactory progress) {
        PixelTable pre = model.preprocessing();
        CheckpointStore store = new CheckpointStore(run.checkpoints());
        int done = checkpoint.map(CheckpointStore.Checkpoint::epochs).orElse(0);
        History history = checkpoint.map(CheckpointStore.Checkpoint::history).orElseGet(History::new);
        Consumer<String> log = line -> appendLog(run.log(), line);
        log.accept(
                "# " + (checkpoint.isPresent() ? "resumed after epoch " + done : "started") + ": " + describe(o, model)
                        + " on " + o.dataset() + " (" + data.train().count() + " training, "
                        + data.test().count() + " validation images from "
                        + data.source() + "), seed " + o.seed() + ", precision "
                        + o.precision().describe());
        if (o.verbose() > 0) {
            console.println("Training " + describe(o, model) + " on " + o.dataset() + ": "
                    + data.train().count()
                    + " images, validation on " + data.test().count() + "; run folder " + run.root()
                    + (checkpoint.isPresent() ? " (resumed after epoch " + done + ")" : "") + "; precision "
                    + o.precision().describe());
        }
        try (TrainingGraph graph = model.trainingGraph(o.seed(), o.precision().precision())) {
            if (checkpoint.isPresent()) {
                graph.restore(checkpoint.get().prefix());
            } else {
                model.initialize(graph, o.seed());
            }
            CsvLogger csv;
            try {
                csv = new CsvLogger(run.csv()).keepRows(done);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(progress.create(log));
            listeners.add(csv);
            listeners.add(new TrainingListener() {
                @Override
                public void onEpochEnd(int epoch, Map<String, Double> logs) {
                    HistoryJson.write(history, run.history());
                    store.save(epoch + 1, graph, history);
                }
            });
            Trainer trainer = new Trainer(graph, pre, o.batchSize(), o.seed(), listeners);
            if (done < o.epochs()) {
                trainer.fit(data.train(), data.test(), done, o.epochs(), history);
            }
            HistoryJson.write(history, run.history());
            model.export(graph.weights(), pre, o.dataset().cliName(), run.savedModel());
        }
        log.accept("# finished: " + history.epochs() + " epochs; SavedModel in " + run.savedModel());
        return new Outcome(run, history);
    }

    /** "keras-mnist", or for a loaded model "model.keras (loaded; input x * 0.00392157, assumed: ...)". */
    private static String describe(TrainOptions o, TrainModel model) {
        if (model instanceof FromModel f) {
            return f.source() + " (loaded weights; Adam " + f.learningRate() + "; input " + f.preprocessingReason()
                    + ")";
        }
        return model.name();
    }

    private static void appendLog(Path file, String line) {
        try {
            Files.writeString(
                    file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String runConfig(TrainOptions o) {
        ObjectNode n = MAPPER.createObjectNode();
        if (o.from().isPresent()) {
            // The source is read again on --resume: its config builds the graph, its weights start a run without
            // checkpoints.
            TrainOptions.From f = o.from().get();
            n.put("from", f.model().toAbsolutePath().toString());
            n.put("scale", f.scale());
            if (f.normalize() != null) {
                f.normalize().forEach(n.putArray("normalize")::add);
            }
        } else {
            n.put("architecture", o.architecture().name());
            n.put("architecture_file", "architecture.json");
        }
        n.put("dataset", o.dataset().cliName());
        o.dataDir().ifPresent(d -> n.put("data", d.toAbsolutePath().toString()));
        n.put("epochs", o.epochs());
        n.put("batch_size", o.batchSize());
        n.put("seed", o.seed());
        o.limit().ifPresent(l -> n.put("limit", l));
        n.put("learning_rate", o.from().map(TrainOptions.From::learningRate).orElseGet(() -> o.architecture()
                .training()
                .learningRate()));
        n.put("precision", o.precision().precision().cliName());
        n.put("precision_reason", o.precision().reason());
        try {
            return MAPPER.writeValueAsString(n) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TrainOptions readRunConfig(
            RunDirectory run, Optional<Integer> epochs, Optional<Path> dataDir, int verbose) {
        try {
            JsonNode n = MAPPER.readTree(run.runConfig().toFile());
            Optional<TrainOptions.From> from = Optional.empty();
            if (n.hasNonNull("from")) {
                List<Double> normalize = null;
                if (n.path("normalize").isArray()) {
                    normalize = new ArrayList<>();
                    for (JsonNode v : n.get("normalize")) {
                        normalize.add(number(v));
                    }
                }
                from = Optional.of(new TrainOptions.From(
                        Path.of(n.get("from").asText()),
                        n.get("learning_rate").asDouble(),
                        n.hasNonNull("scale") ? number(n.get("scale")) : null,
                        normalize));
            }
            var arch = from.isPresent() ? null : Architectures.fromFile(run.architecture());
            Optional<Path> data = dataDir.or(() ->
                    n.hasNonNull("data") ? Optional.of(Path.of(n.get("data").asText())) : Optional.empty());
            Optional<Integer> limit =
                    n.hasNonNull("limit") ? Optional.of(n.get("limit").asInt()) : Optional.empty();
            // A resumed run keeps the precision it started with (runs from before --precision trained in float32).
            Precision.Choice precision = n.hasNonNull("precision")
                    ? new Precision.Choice(
                            Precision.parse(n.get("precision").asText()),
                            n.path("precision_reason").asText("recorded in run.json"))
                    : new Precision.Choice(Precision.FLOAT32, "run.json predates the precision setting");
            return new TrainOptions(
                    arch,
                    DatasetId.parse(n.get("dataset").asText()),
                    data,
                    epochs.orElse(n.get("epochs").asInt()),
                    n.get("batch_size").asInt(),
                    n.get("seed").asLong(),
                    limit,
                    run.root(),
                    verbose,
                    from,
                    precision);
        } catch (BadInputException e) {
            throw e;
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw BadInputException.inFile(
                    run.runConfig(),
                    "unreadable run configuration: not valid JSON"
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw BadInputException.inFile(run.runConfig(), "unreadable run configuration: the file cannot be read");
        } catch (RuntimeException e) {
            // A hand-edited or truncated run.json: a field missing (NullPointerException) or a value of the wrong
            // kind (NumberFormatException, IllegalArgumentException). The JDK's text says nothing to a user.
            throw BadInputException.inFile(
                    run.runConfig(),
                    "unreadable run configuration: a field kerascope wrote is missing or holds a value of the wrong"
                            + " kind");
        }
    }

    /**
     * A number in run.json: written as a number, or as the text the user typed (runs from before 0.1.0's typed
     * options).
     */
    private static double number(JsonNode v) {
        return v.isNumber() ? v.asDouble() : Preprocessing.parseNumber(v.asText());
    }
}
