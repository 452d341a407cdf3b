package dev.kerascope.data;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The data sets kerascope knows how to find, with the names Keras and Debian give their files. */
public enum DatasetId {
    MNIST("mnist", List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")),
    FASHION_MNIST(
            "fashion-mnist",
            List.of(
                    "T-shirt/top",
                    "Trouser",
                    "Pullover",
                    "Dress",
                    "Coat",
                    "Sandal",
                    "Shirt",
                    "Sneaker",
                    "Bag",
                    "Ankle boot"));

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    private final String cliName;
    private final List<String> classNames;

    DatasetId(String cliName, List<String> classNames) {
        this.cliName = cliName;
        this.classNames = classNames;
    }

    public String cliName() {
        return cliName;
    }

    public List<String> classNames() {
        return classNames;
    }

    public static DatasetId parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (DatasetId id : values()) {
            if (id.cliName.equals(n) || (id == FASHION_MNIST && n.equals("fashion"))) {
                return id;
            }
        }
        throw new IllegalArgumentException("unknown dataset '" + name + "' (known: "
                + String.join(
                        ", ", Arrays.stream(values()).map(DatasetId::cliName).toList()) + ")");
    }

    @Override
    public String toString() {
        return cliName;
    }
}
