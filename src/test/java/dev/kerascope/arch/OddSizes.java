package dev.kerascope.arch;

/**
 * An architecture with odd input sizes, stride-2 SAME convolutions and pools, an even SAME kernel, a VALID stride-2
 * convolution and explicit padding: every place where floor and ceiling differ.
 */
public final class OddSizes {
    private OddSizes() {}

    public static final String JSON =
            """
      {"name": "odd-sizes", "input_shape": [31, 27, 3], "layers": [
        {"class_name": "InputLayer", "config": {"name": "input_layer"}},
        {"class_name": "Conv2D", "config": {"name": "conv1", "filters": 8, "kernel_size": 3, "strides": 2,
          "padding": "same", "activation": "relu"}},
        {"class_name": "MaxPooling2D", "config": {"name": "pool1", "pool_size": 3, "strides": 2, "padding": "same"}},
        {"class_name": "Conv2D", "config": {"name": "conv2", "filters": 4, "kernel_size": 2, "padding": "same",
          "activation": "relu"}},
        {"class_name": "Conv2D", "config": {"name": "conv3", "filters": 4, "kernel_size": 3, "strides": 2,
          "activation": "relu"}},
        {"class_name": "Conv2D", "config": {"name": "conv4", "filters": 3, "kernel_size": 3, "strides": 2,
          "padding": [1, 1], "activation": "relu"}},
        {"class_name": "MaxPooling2D", "config": {"name": "pool2", "pool_size": 2, "strides": 2, "padding": "same"}},
        {"class_name": "Flatten", "config": {"name": "flatten"}},
        {"class_name": "Dense", "config": {"name": "dense", "units": 5, "activation": "softmax"}}],
       "training": {"dataset": "mnist", "epochs": 1, "batch_size": 4, "learning_rate": 0.001,
         "preprocessing": {"scale": 0.00392156862745098, "mean": 0.0, "std": 1.0}}}""";

    public static Architecture architecture() {
        return ArchitectureJson.parse(JSON, "odd-sizes");
    }
}
