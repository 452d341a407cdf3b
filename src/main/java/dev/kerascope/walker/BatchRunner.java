package dev.kerascope.walker;

import dev.kerascope.graph.Tensors;
import dev.kerascope.io.BadInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Runs feeds through a session and returns the fetched tensors as Java arrays. Everything handed to TensorFlow is
 * checked first (dtype, rank, every fixed dimension, size), so a wrong input is a message, never a native failure. A
 * model with a fixed batch (TF1 Estimator exports say 128) is run in chunks of that size, the last one zero-padded, and
 * the padding rows are dropped again.
 */
final class BatchRunner {
    /** More than this many values in one fed tensor is refused before allocation (1 GiB of float32). */
    static final long MAX_VALUES = 1L << 28;

    private final Path model;
    private final Session session;
    private final List<InputSpec> inputs;

    BatchRunner(Path model, Session session, List<InputSpec> inputs) {
        this.model = model;
        this.session = session;
        this.inputs = inputs;
    }

    /** The batch size shared by every feed, after checking each against its input. */
    int check(Map<String, Feed> feeds) {
        int batch = -1;
        for (InputSpec in : inputs) {
            Feed f = feeds.get(in.key());
            if (f == null) {
                throw BadInputException.inFile(
                        model,
                        "no values for input '" + in.key() + "' (inputs: "
                                + String.join(
                                        ", ",
                                        inputs.stream().map(InputSpec::key).toList()) + ")");
            }
            if (!Tensors.isNumeric(in.dtype())) {
                throw BadInputException.inFile(
                        model,
                        "input " + in.describe() + " is not numeric; kerascope feeds numbers only"
                                + " (a tf.Example string input needs another signature)");
            }
            long[] s = f.shape();
            long[] want = in.shape();
            if (s.length != want.length || s.length == 0) {
                throw BadInputException.inFile(
                        model, "input " + in.describe() + " was given shape " + InputSpec.shapeText(s));
            }
            for (int d = 1; d < s.length; d++) {
                if (s[d] < 1 || (want[d] > 0 && s[d] != want[d])) {
                    throw BadInputException.inFile(
                            model, "input " + in.describe() + " was given shape " + InputSpec.shapeText(s));
                }
            }
            if (s[0] < 1 || (batch >= 0 && s[0] != batch)) {
                throw BadInputException.inFile(
                        model, "inputs must share one batch size of at least 1 (got " + InputSpec.shapeText(s) + ")");
            }
            batch = (int) s[0];
            long per = Feed.count(s) / s[0];
            long rows = Math.max(batch, in.fixedBatch());
            if (per * rows > MAX_VALUES) {
                throw BadInputException.inFile(
                        model,
                        "input " + in.describe() + " of shape " + InputSpec.shapeText(s) + " holds over " + MAX_VALUES
                                + " values; refused");
            }
            if (f.length() != Feed.count(s)) {
                throw new IllegalArgumentException(
                        "feed for " + in.key() + " holds " + f.length() + " values for shape " + Arrays.toString(s));
            }
        }
        return batch;
    }

    /**
     * Runs the feeds and returns each output, the batch dimension cut back to the rows fed; values land in
     * {@code reuse}'s arrays when it is given and the batch runs in one piece.
     */
    List<LayerTensor> run(Map<String, Feed> feeds, List<Output<?>> outputs, List<String> names, OutputArrays reuse) {
        int batch = check(feeds);
        for (int i = 0; i < outputs.size(); i++) {
            if (!Tensors.isNumeric(outputs.get(i).dataType())) {
                throw BadInputException.inFile(
                        model,
                        names.get(i) + " is a "
                                + InputSpec.typeName(outputs.get(i).dataType())
                                + " tensor; only numeric tensors can be fetched");
            }
        }
        int fixed = inputs.stream()
                .mapToInt(InputSpec::fixedBatch)
                .filter(b -> b > 0)
                .findFirst()
                .orElse(0);
        int chunk = fixed > 0 ? fixed : batch;
        List<List<LayerTensor>> parts = new ArrayList<>();
        List<Integer> rowsPerPart = new ArrayList<>();
        for (int from = 0; from < batch; from += chunk) {
            int rows = Math.min(chunk, batch - from);
            rowsPerPart.add(rows);
            parts.add(runOnce(feeds, outputs, names, from, rows, chunk, fixed > 0 || batch != chunk, reuse));
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        List<LayerTensor> out = new ArrayList<>();
        for (int i = 0; i < outputs.size(); i++) {
            List<LayerTensor> pieces = new ArrayList<>();
            for (List<LayerTensor> p : parts) {
                pieces.add(p.get(i));
            }
            out.add(LayerTensors.concat(names.get(i), pieces, rowsPerPart));
        }
        return out;
    }

    private List<LayerTensor> runOnce(
            Map<String, Feed> feeds,
            List<Output<?>> outputs,
            List<String> names,
            int from,
            int rows,
            int size,
            boolean chunked,
            OutputArrays reuse) {
        List<Tensor> fed = new ArrayList<>();
        try {
            Session.Runner r = session.runner();
            for (InputSpec in : inputs) {
                Feed f = chunked ? feeds.get(in.key()).chunk(from, rows, size) : feeds.get(in.key());
                Tensor t = Tensors.of(in.dtype(), f.shape(), f.floats(), f.ints());
                fed.add(t);
                r.feed(in.tensorName(), t);
            }
            // A chunk's padding rows are cut off as each tensor is copied, so only one padded copy is alive at a time.
            return copy(
                    r,
                    outputs,
                    names,
                    "TensorFlow cannot run it",
                    chunked ? v -> LayerTensors.firstRows(v, size, rows) : UnaryOperator.identity(),
                    chunked ? null : reuse);
        } finally {
            fed.forEach(Tensor::close);
        }
    }

    /** Fetches tensors that need no feed (variables: a layer's weights); {@code failure} begins the message. */
    List<LayerTensor> read(List<Output<?>> outputs, List<String> names, String failure) {
        return outputs.isEmpty()
                ? List.of()
                : copy(session.runner(), outputs, names, failure, UnaryOperator.identity(), null);
    }

    /**
     * The one place results leave TensorFlow: every fetched tensor copied to floats (into {@code reuse}'s arrays when
     * given), then {@code each}.
     */
    private List<LayerTensor> copy(
            Session.Runner r,
            List<Output<?>> outputs,
            List<String> names,
            String failure,
            UnaryOperator<LayerTensor> each,
            OutputArrays reuse) {
        outputs.forEach(r::fetch);
        List<LayerTensor> out = new ArrayList<>();
        try (Result result = r.run()) {
            for (int i = 0; i < outputs.size(); i++) {
                Tensor t = result.get(i);
                long[] shape = t.shape().asArray();
                float[] into = reuse == null
                        ? null
                        : reuse.array(outputs.get(i), Math.toIntExact(t.shape().size()));
                out.add(each.apply(new LayerTensor(names.get(i), shape, Tensors.toFloats(t, into))));
            }
        } catch (TensorFlowException e) {
            throw BadInputException.inFile(model, failure + ": " + SavedModelOpener.firstLine(e.getMessage()));
        }
        return out;
    }
}
