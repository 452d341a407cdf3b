package dev.kerascope.data;

import dev.kerascope.io.BadInputException;
import dev.kerascope.io.Remedy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a data set on this machine, in the order a user expects: the folder given with {@code --data}; Keras's own
 * cache ({@code $KERAS_HOME} or {@code ~/.keras}, {@code datasets/mnist.npz} and {@code datasets/fashion-mnist/*.gz});
 * Debian's {@code /usr/share/datasets/NAME}; and last a download into Keras's cache with a SHA-256 check.
 */
public class DatasetLocator {
    /** Keras's SHA-256 for each file it downloads (keras/src/datasets/mnist.py, fashion_mnist.py). */
    static final String MNIST_NPZ_SHA256 = "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1";

    static final Map<String, String> FASHION_SHA256 = Map.of(
            DatasetId.TRAIN_LABELS + ".gz", "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
            DatasetId.TRAIN_IMAGES + ".gz", "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
            DatasetId.TEST_LABELS + ".gz", "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
            DatasetId.TEST_IMAGES + ".gz", "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073");

    private final Path kerasHome;
    private final Path debianRoot;
    private final DatasetDownloader downloader;

    public DatasetLocator(Path kerasHome, Path debianRoot, DatasetDownloader downloader) {
        this.kerasHome = kerasHome;
        this.debianRoot = debianRoot;
        this.downloader = downloader;
    }

    /** The locator for this machine: Keras's cache, Debian's datasets folder, downloads allowed. */
    public static DatasetLocator standard() {
        return new DatasetLocator(
                kerasHome(System.getenv("KERAS_HOME"), System.getProperty("user.home")),
                Path.of("/usr/share/datasets"),
                new DatasetDownloader(System.err));
    }

    /** Keras's own rule: {@code $KERAS_HOME} when set and not blank, else {@code ~/.keras}. */
    static Path kerasHome(String kerasHomeVariable, String userHome) {
        return kerasHomeVariable != null && !kerasHomeVariable.isBlank()
                ? Path.of(kerasHomeVariable)
                : Path.of(userHome, ".keras");
    }

    public Dataset load(DatasetId id, Optional<Path> dataDir) {
        if (dataDir.isPresent()) {
            Path dir = dataDir.get();
            if (!Files.isDirectory(dir)) {
                throw BadInputException.inFile(dir, "is not a directory");
            }
            return fromFolder(id, dir)
                    .orElseThrow(() -> BadInputException.inFile(
                            dir,
                            "holds no " + id + " files (expected " + DatasetId.TRAIN_IMAGES
                                    + "[.gz] and the other three IDX files, or mnist.npz)"));
        }
        Path cache = kerasHome.resolve("datasets");
        Optional<Dataset> found = id == DatasetId.MNIST
                ? fromNpz(id, cache.resolve("mnist.npz")).or(() -> fromFolder(id, cache.resolve("mnist")))
                : fromFolder(id, cache.resolve("fashion-mnist"));
        found = found.or(() -> fromFolder(id, debianRoot.resolve(id.cliName())));
        return found.orElseGet(() -> download(id, cache));
    }

    private Dataset download(DatasetId id, Path cache) {
        try {
            if (id == DatasetId.MNIST) {
                Path npz = cache.resolve("mnist.npz");
                downloader.download(DatasetDownloader.KERAS_ORIGIN + "mnist.npz", npz, MNIST_NPZ_SHA256);
                return fromNpz(id, npz).orElseThrow();
            }
            Path dir = cache.resolve("fashion-mnist");
            for (var e : FASHION_SHA256.entrySet()) {
                Path target = dir.resolve(e.getKey());
                if (!Files.isRegularFile(target)) {
                    downloader.download(DatasetDownloader.KERAS_ORIGIN + e.getKey(), target, e.getValue());
                }
            }
            return fromFolder(id, dir).orElseThrow();
        } catch (IOException e) {
            String why = e.getMessage() != null ? e.getMessage() : "no reason given";
            throw new BadInputException(
                            "no " + id + " data found and the download failed (" + why + "); provide it by one of: "
                                    + "Keras's cache " + cache
                                    + (id == DatasetId.MNIST ? "/mnist.npz" : "/fashion-mnist/*.gz")
                                    + (id == DatasetId.FASHION_MNIST
                                            ? "; Debian's package: apt-get install dataset-fashion-mnist"
                                            : "; a network connection for the download"))
                    .suggesting(Remedy.DATA_FOLDER);
        }
    }

    static Optional<Dataset> fromNpz(DatasetId id, Path npz) {
        if (!Files.isRegularFile(npz)) {
            return Optional.empty();
        }
        LabeledImages[] splits = NpzReader.readKerasSplits(npz);
        return Optional.of(new Dataset(id, splits[0], splits[1], npz.toString()));
    }

    /** The four IDX files in {@code dir}, each raw or .gz (also {@code mnist.npz} there). */
    static Optional<Dataset> fromFolder(DatasetId id, Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Path npz = dir.resolve("mnist.npz");
        List<Path> files = new ArrayList<>();
        for (String base :
                List.of(DatasetId.TRAIN_IMAGES, DatasetId.TRAIN_LABELS, DatasetId.TEST_IMAGES, DatasetId.TEST_LABELS)) {
            Optional<Path> f = idxFile(dir, base);
            if (f.isEmpty()) {
                return id == DatasetId.MNIST ? fromNpz(id, npz) : Optional.empty();
            }
            files.add(f.get());
        }
        LabeledImages train = IdxReader.read(files.get(0), files.get(1));
        LabeledImages test = IdxReader.read(files.get(2), files.get(3));
        return Optional.of(new Dataset(id, train, test, dir.toString()));
    }

    private static Optional<Path> idxFile(Path dir, String base) {
        // Both the dash (Keras, Debian) and the dot (yann.lecun.com) spellings are in the wild.
        for (String name : List.of(base, base.replace("-idx", ".idx"))) {
            for (String suffix : List.of(".gz", "")) {
                Path p = dir.resolve(name + suffix);
                if (Files.isRegularFile(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }
}
