package dev.kerascope.app;

import dev.kerascope.input.ModelInput;
import dev.kerascope.input.Preprocessing;
import dev.kerascope.record.KerascopeRecord;
import java.util.List;
import java.util.Optional;

/**
 * The pixels {@code train --from} feeds a loaded model, by the input rules the other commands use (input.ModelInput):
 * what kerascope's record states; raw pixels when the model rescales its input itself; else x/255, since a Keras file
 * records no preprocessing and MNIST models are almost always trained on x/255. {@code --scale}/{@code --normalize}
 * override it.
 */
final class FromPreprocessing {
    private FromPreprocessing() {}

    /** What a SavedModel's record states, or empty where it is convert's "none recorded". */
    static Optional<Preprocessing> recorded(KerascopeRecord r) {
        return ModelInput.recorded(r);
    }

    /** The recorded one, else the rule on the model's own rescaling; then the command line's options over it. */
    static Preprocessing choose(
            Optional<Preprocessing> recorded, Optional<String> rescaling, Double scale, List<Double> normalize) {
        Preprocessing base = recorded.orElseGet(() -> rescaling.isPresent()
                ? Preprocessing.raw("the model rescales its input itself (" + rescaling.get() + ")")
                : Preprocessing.of(
                        1 / 255.0,
                        0,
                        1,
                        "assumed: a Keras file records no preprocessing and the model has no rescaling"
                                + " layer at its input"));
        return base.override(scale, normalize);
    }
}
