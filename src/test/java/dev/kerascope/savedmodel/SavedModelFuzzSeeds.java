package dev.kerascope.savedmodel;

import java.io.IOException;
import java.nio.file.Path;

/** A two-layer Keras 2 model written by protobuf builders: a seed that needs no shared corpus. */
final class SavedModelFuzzSeeds {
    static final String ROOT =
            "{\"name\": \"sequential\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"sequential\","
                    + " \"layers\": [{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 4, 4,"
                    + " 1], \"name\": \"in\"}},"
                    + " {\"class_name\": \"Conv2D\", \"config\": {\"name\": \"conv2d\", \"filters\": 2, "
                    + "\"kernel_size\": [3, 3],"
                    + " \"strides\": [1, 1], \"padding\": \"valid\"}}, {\"class_name\": \"Flatten\", \"config\": "
                    + "{\"name\": \"flatten\"}},"
                    + " {\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 3}}]}}";

    private SavedModelFuzzSeeds() {}

    /** Writes the model with its Keras metadata in keras_metadata.pb (TF ≥ 2.5) or in the object graph (TF 2.0–2.4). */
    static Path write(Path dir, boolean kerasMetadataFile) throws IOException {
        SyntheticSavedModel m = new SyntheticSavedModel();
        int root = m.object("_tf_keras_sequential", "root", ROOT);
        int conv = m.layer(root, 0, SyntheticSavedModel.layerMeta("conv2d", "Conv2D", null, 4, 4, 1));
        int k = m.variable("conv2d/kernel", true, 3, 3, 1, 2);
        int b = m.variable("conv2d/bias", true, 2);
        m.variables(conv, k, b);
        m.layer(root, 1, SyntheticSavedModel.layerMeta("flatten", "Flatten"));
        int dense = m.layer(root, 2, SyntheticSavedModel.layerMeta("dense", "Dense"));
        int dk = m.variable("dense/kernel", true, 8, 3);
        int db = m.variable("dense/bias", true, 3);
        m.variables(dense, dk, db);
        m.variables(root, k, b, dk, db);
        return m.write(dir, kerasMetadataFile);
    }
}
