package dev.kerascope.arch;

/**
 * One layer of a sequential CNN, with Keras's class names and defaults. Sealed: every consumer (shape inference, graph
 * building, summary) handles each kind explicitly.
 */
public sealed interface Layer {
    String name();

    /** Keras's class name, e.g. {@code Conv2D}. */
    String className();

    record InputLayer(String name) implements Layer {
        public String className() {
            return "InputLayer";
        }
    }

    record Conv2D(
            String name,
            int filters,
            int kernelRows,
            int kernelCols,
            int strideRows,
            int strideCols,
            Padding padding,
            Activation activation,
            boolean useBias)
            implements Layer {
        public String className() {
            return "Conv2D";
        }
    }

    /** MaxPooling2D or AveragePooling2D. */
    record Pooling2D(
            String name, boolean max, int poolRows, int poolCols, int strideRows, int strideCols, Padding padding)
            implements Layer {
        public String className() {
            return max ? "MaxPooling2D" : "AveragePooling2D";
        }
    }

    record Flatten(String name) implements Layer {
        public String className() {
            return "Flatten";
        }
    }

    record Dense(String name, int units, Activation activation, boolean useBias) implements Layer {
        public String className() {
            return "Dense";
        }
    }

    /** Inverted dropout while training, identity at inference (Keras's behaviour). */
    record Dropout(String name, double rate) implements Layer {
        public String className() {
            return "Dropout";
        }
    }
}
