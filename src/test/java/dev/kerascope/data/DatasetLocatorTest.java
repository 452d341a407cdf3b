package dev.kerascope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.kerascope.io.BadInputException;
import dev.kerascope.testing.SyntheticDigits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetLocatorTest {
    @TempDir
    Path dir;

    /** A downloader for a machine without network: every download fails as a refused connection does. */
    static DatasetDownloader offline() {
        return new DatasetDownloader(new PrintStream(new ByteArrayOutputStream())) {
            @Override
            public void download(String url, Path target, String sha256) throws IOException {
                throw new java.net.ConnectException("Connection refused");
            }
        };
    }

    @Test
    void prefersTheDataFolderGivenByTheUser() throws Exception {
        var train = SyntheticDigits.make(20, 1);
        var test = SyntheticDigits.make(5, 2);
        SyntheticDigits.writeIdx(dir.resolve("given"), train, test);
        SyntheticDigits.writeIdx(dir.resolve("keras/datasets/mnist"), SyntheticDigits.make(9, 3), test);
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), offline());
        Dataset d = locator.load(DatasetId.MNIST, Optional.of(dir.resolve("given")));
        assertEquals(20, d.train().count());
        assertArrayEquals(train.labels(), d.train().labels());
    }

    @Test
    void fallsBackFromKerasCacheToDebianFolder() throws Exception {
        SyntheticDigits.writeIdx(
                dir.resolve("debian/fashion-mnist"), SyntheticDigits.make(11, 1), SyntheticDigits.make(4, 2));
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), offline());
        assertEquals(
                11,
                locator.load(DatasetId.FASHION_MNIST, Optional.empty()).train().count());
        SyntheticDigits.writeIdx(
                dir.resolve("keras/datasets/fashion-mnist"), SyntheticDigits.make(13, 1), SyntheticDigits.make(4, 2));
        assertEquals(
                13,
                locator.load(DatasetId.FASHION_MNIST, Optional.empty()).train().count());
    }

    @Test
    void withoutDataOrNetworkNamesTheWaysToProvideItAndWritesNothing() throws Exception {
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), offline());
        BadInputException e =
                assertThrows(BadInputException.class, () -> locator.load(DatasetId.MNIST, Optional.empty()));
        // (the folder option is the CLI's to name: the remedy says a data folder is a way too)
        assertTrue(
                e.remedy() == dev.kerascope.io.Remedy.DATA_FOLDER
                        && e.getMessage().contains("mnist.npz")
                        && e.getMessage().contains("download"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(1, s.count(), "nothing may be written");
        }
    }

    @Test
    void withoutFashionMnistTheMessageNamesDebiansPackage() {
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), offline());
        BadInputException e =
                assertThrows(BadInputException.class, () -> locator.load(DatasetId.FASHION_MNIST, Optional.empty()));
        assertTrue(
                e.getMessage()
                        .endsWith(dir.resolve("keras/datasets")
                                + "/fashion-mnist/*.gz; Debian's package: apt-get install dataset-fashion-mnist"),
                e.getMessage());
    }

    @Test
    void mnistIdxFilesInKerasCacheAreFoundWithoutAnNpz() throws Exception {
        SyntheticDigits.writeIdx(
                dir.resolve("keras/datasets/mnist"), SyntheticDigits.make(12, 1), SyntheticDigits.make(4, 2));
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), offline());
        Dataset d = locator.load(DatasetId.MNIST, Optional.empty());
        assertEquals(12, d.train().count());
        assertEquals(dir.resolve("keras/datasets/mnist").toString(), d.source());
    }

    @Test
    void aMissingDataFolderIsAnErrorNotAFallback() {
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), offline());
        BadInputException e = assertThrows(
                BadInputException.class, () -> locator.load(DatasetId.MNIST, Optional.of(dir.resolve("nope"))));
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void downloadIsKeptOnlyWhenItsChecksumMatches() throws Exception {
        byte[] body = "not really mnist".getBytes();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/f", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/f";
            DatasetDownloader d = new DatasetDownloader(new PrintStream(new ByteArrayOutputStream()));
            Path target = dir.resolve("cache/mnist.npz");
            BadInputException e = assertThrows(BadInputException.class, () -> d.download(url, target, "00".repeat(32)));
            assertTrue(e.getMessage().contains("SHA-256"), e.getMessage());
            try (Stream<Path> s = Files.list(target.getParent())) {
                assertEquals(0, s.count(), "no partial or rejected file may remain");
            }
            String sha = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(body));
            d.download(url, target, sha);
            assertArrayEquals(body, Files.readAllBytes(target));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aDataFolderWithoutTheFilesSaysWhatItExpected() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), offline());
        BadInputException e =
                assertThrows(BadInputException.class, () -> locator.load(DatasetId.MNIST, Optional.of(empty)));
        assertEquals(
                empty + ": holds no " + DatasetId.MNIST + " files (expected " + DatasetId.TRAIN_IMAGES
                        + "[.gz] and the other three IDX files, or mnist.npz)",
                e.getMessage());
    }

    @Test
    void aFashionFolderMissingOneFileIsNotUsedAndTheNextPlaceIs() throws Exception {
        Path cache = dir.resolve("keras/datasets/fashion-mnist");
        SyntheticDigits.writeIdx(cache, SyntheticDigits.make(13, 1), SyntheticDigits.make(4, 2));
        Files.delete(cache.resolve("t10k-labels-idx1-ubyte.gz"));
        SyntheticDigits.writeIdx(
                dir.resolve("debian/fashion-mnist"), SyntheticDigits.make(11, 1), SyntheticDigits.make(4, 2));
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), offline());
        Dataset d = locator.load(DatasetId.FASHION_MNIST, Optional.empty());
        assertEquals(11, d.train().count(), "Debian's complete copy, not the cache's three files");
        assertEquals(dir.resolve("debian/fashion-mnist").toString(), d.source());
    }

    @Test
    void kerasHomeIsTheVariableWhenSetElseDotKerasInTheHomeFolder() {
        assertEquals(Path.of("/k"), DatasetLocator.kerasHome("/k", "/home/u"));
        assertEquals(Path.of("/home/u", ".keras"), DatasetLocator.kerasHome(null, "/home/u"));
        assertEquals(Path.of("/home/u", ".keras"), DatasetLocator.kerasHome("  ", "/home/u"));
        assertTrue(DatasetLocator.standard() != null);
    }

    @Test
    void anMnistNpzInAFashionFolderIsNotFashionMnist() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("given"));
        Files.write(folder.resolve("mnist.npz"), NpyFiles.npz(3, 2, 2, true));
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), offline());
        assertEquals(
                3, locator.load(DatasetId.MNIST, Optional.of(folder)).train().count());
        BadInputException e =
                assertThrows(BadInputException.class, () -> locator.load(DatasetId.FASHION_MNIST, Optional.of(folder)));
        assertTrue(e.getMessage().contains("holds no"), e.getMessage());
    }

    @Test
    void onlyTheMissingFashionFilesAreDownloaded() throws Exception {
        Path complete = dir.resolve("complete");
        SyntheticDigits.writeIdx(complete, SyntheticDigits.make(6, 1), SyntheticDigits.make(2, 2));
        Path cache = dir.resolve("keras/datasets/fashion-mnist");
        SyntheticDigits.writeIdx(cache, SyntheticDigits.make(6, 1), SyntheticDigits.make(2, 2));
        Files.delete(cache.resolve("t10k-labels-idx1-ubyte.gz"));
        List<String> fetched = new java.util.ArrayList<>();
        DatasetDownloader copying = new DatasetDownloader(new PrintStream(new ByteArrayOutputStream())) {
            @Override
            public void download(String url, Path target, String sha256) throws IOException {
                fetched.add(url.substring(url.lastIndexOf('/') + 1));
                Files.copy(complete.resolve(target.getFileName()), target);
            }
        };
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), copying);
        assertEquals(
                2,
                locator.load(DatasetId.FASHION_MNIST, Optional.empty()).test().count());
        assertEquals(List.of("t10k-labels-idx1-ubyte.gz"), fetched);
    }

    @Test
    void aDownloadFailingWithoutAReasonSaysSo() {
        DatasetDownloader silent = new DatasetDownloader(new PrintStream(new ByteArrayOutputStream())) {
            @Override
            public void download(String url, Path target, String sha256) throws IOException {
                throw new IOException();
            }
        };
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), silent);
        BadInputException e =
                assertThrows(BadInputException.class, () -> locator.load(DatasetId.MNIST, Optional.empty()));
        assertTrue(e.getMessage().contains("the download failed (no reason given)"), e.getMessage());
    }
}
