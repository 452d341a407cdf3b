package dev.kerascope.arch;

import java.util.List;

/**
 * A sequential CNN as data: the input shape (rows, cols, channels), its layers in order, and how it is trained by
 * default. {@code source} says where it came from, for error messages.
 */
public record Architecture(
        String name,
        String modelName,
        String description,
        int[] inputShape,
        List<Layer> layers,
        TrainingDefaults training,
        String source) {
    public Architecture {
        layers = List.copyOf(layers);
        inputShape = inputShape.clone();
    }

    public Layer layer(String layerName) {
        return layers.stream()
                .filter(l -> l.name().equals(layerName))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer '" + layerName + "' in " + name + " (layers: "
                        + String.join(", ", layers.stream().map(Layer::name).toList()) + ")"));
    }

    public Layer lastLayer() {
        return layers.get(layers.size() - 1);
    }

    public Architecture withTraining(TrainingDefaults t) {
        return new Architecture(name, modelName, description, inputShape, layers, t, source);
    }
}
