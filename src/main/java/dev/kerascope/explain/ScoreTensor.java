package dev.kerascope.explain;

import dev.kerascope.io.BadInputException;
import dev.kerascope.walker.Fetch;
import dev.kerascope.walker.SavedModelWalker;
import java.nio.file.Path;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;

/**
 * The class-score tensor gradients start from. Grad-CAM and saliency are defined on the score before the softmax (the
 * softmax couples every class, so d p_c / d x also carries the other classes' evidence): when the signature's class
 * output is a Softmax, the tensor feeding it is used, else the output itself.
 */
public record ScoreTensor(Output<?> tensor, boolean logits, String description) {
    /**
     * The score tensor behind the signature's class-score output.
     *
     * @param w the open walker of the model
     * @param model the model's folder, named in messages
     * @return the Softmax's input where one produces the output (logits), else the output
     * @throws BadInputException when the signature has no class-score output
     */
    public static ScoreTensor find(SavedModelWalker w, Path model) {
        Fetch.SignatureOutput source = w.classScores()
                .orElseThrow(() -> BadInputException.inFile(
                        model,
                        "has no class-score output (a float signature output of shape (batch, classes)); "
                                + "explain a layer instead"));
        Output<?> out = w.tensor(source);
        GraphOperation op = (GraphOperation) out.op();
        while (op.type().equals("Identity") && op.numInputs() == 1) {
            op = (GraphOperation) op.input(0).op();
        }
        String key = source.key();
        if (op.type().equals("Softmax")) {
            Output<?> logits = op.input(0);
            return new ScoreTensor(
                    logits,
                    true,
                    "logit (tensor " + logits.op().name() + ":" + logits.index()
                            + ", the input of the Softmax behind output '" + key + "')");
        }
        return new ScoreTensor(
                out, false, "output '" + key + "' as it is (no Softmax op feeds it: a logit if the model ends linear)");
    }
}
