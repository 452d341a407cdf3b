package dev.kerascope.arch;

import java.util.Locale;

/** The element-wise activations a layer may end with, named as Keras names them. */
public enum Activation {
    LINEAR,
    RELU,
    SOFTMAX,
    SIGMOID,
    TANH;

    public static Activation parse(String name) {
        if (name == null) {
            return LINEAR;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "linear", "none", "" -> LINEAR;
            case "relu" -> RELU;
            case "softmax" -> SOFTMAX;
            case "sigmoid" -> SIGMOID;
            case "tanh" -> TANH;
            default -> throw new IllegalArgumentException(
                    "unknown activation '" + name + "' (known: linear, relu, softmax, sigmoid, tanh)");
        };
    }

    public String kerasName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
