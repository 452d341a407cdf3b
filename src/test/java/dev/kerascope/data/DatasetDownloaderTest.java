package dev.kerascope.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.kerascope.io.BadInputException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a local HTTP server: kept only with the right SHA-256, progress shown as Keras's bar. */
class DatasetDownloaderTest {
    @TempDir
    Path dir;

    HttpServer server;
    final byte[] body = new byte[3 * (1 << 20) + 5]; // over 3 MiB: several progress updates

    @BeforeEach
    void serve() throws IOException {
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31);
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/data.bin", ex -> {
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.createContext("/chunked.bin", ex -> {
            ex.sendResponseHeaders(200, 0); // no Content-Length: the total is unknown
            ex.getResponseBody().write(body, 0, 10);
            ex.close();
        });
        server.createContext("/cut", ex -> {
            ex.sendResponseHeaders(200, 1000); // announces 1000 bytes, sends 10 and hangs up
            ex.getResponseBody().write(body, 0, 10);
            ex.getResponseBody().flush();
            ex.getHttpContext().getServer().stop(0);
        });
        server.createContext("/missing", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aMatchingChecksumKeepsTheFileAndShowsAKerasStyleBar() throws Exception {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        Path target = dir.resolve("cache/data.bin");
        new DatasetDownloader(new PrintStream(shown, true, StandardCharsets.UTF_8))
                .download(url("/data.bin"), target, sha256(body).toUpperCase());
        assertArrayEquals(body, Files.readAllBytes(target));
        assertEquals(
                List.of("data.bin"),
                Files.list(target.getParent())
                        .map(p -> p.getFileName().toString())
                        .toList());
        String out = shown.toString(StandardCharsets.UTF_8);
        assertTrue(out.startsWith("Downloading data from " + url("/data.bin") + System.lineSeparator()), out);
        String last = out.substring(out.lastIndexOf('\r') + 1).strip();
        assertEquals(body.length + "/" + body.length + " [" + "=".repeat(30) + "] 100%", last);
        // Every update in between (one per MiB or so, however the stream splits): 30 × done / total '=' then dots, and
        // the percent.
        String[] updates = out.strip().split("\r");
        assertTrue(
                updates.length >= 4 && updates.length <= 6,
                "one update per MiB or so and the final one: " + updates.length);
        for (int i = 1; i < updates.length; i++) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)/(\\d+) \\[(=*)(\\.*)\\] +(\\d+)%")
                    .matcher(updates[i].strip());
            assertTrue(m.matches(), updates[i]);
            long done = Long.parseLong(m.group(1));
            assertEquals(body.length, Long.parseLong(m.group(2)));
            assertEquals(30 * done / body.length, m.group(3).length(), updates[i]);
            assertEquals(30, m.group(3).length() + m.group(4).length(), updates[i]);
            assertEquals(100 * done / body.length, Long.parseLong(m.group(5)), updates[i]);
            assertTrue(i == 1 ? done > 1 << 20 : true, "the first update comes after the first MiB");
        }
        assertTrue(out.endsWith(System.lineSeparator()), "the bar's line is ended");
    }

    @Test
    void withoutAContentLengthTheBytesAreCounted() throws Exception {
        ByteArrayOutputStream shown = new ByteArrayOutputStream();
        byte[] ten = java.util.Arrays.copyOf(body, 10);
        Path target = dir.resolve("c.bin");
        new DatasetDownloader(new PrintStream(shown, true, StandardCharsets.UTF_8))
                .download(url("/chunked.bin"), target, sha256(ten));
        assertArrayEquals(ten, Files.readAllBytes(target));
    }

    @Test
    void aWrongChecksumKeepsNothingAndSaysBoth() throws Exception {
        Path target = dir.resolve("data.bin");
        BadInputException e = assertThrows(
                BadInputException.class, () -> new DatasetDownloader(new PrintStream(new ByteArrayOutputStream()))
                        .download(url("/data.bin"), target, "00".repeat(32)));
        assertTrue(
                e.getMessage()
                        .startsWith(target + ": downloaded file has SHA-256 " + sha256(body) + ", expected "
                                + "00".repeat(32)),
                e.getMessage());
        assertEquals(List.of(), Files.list(dir).toList(), "neither the file nor its temporary sibling is kept");
    }

    @Test
    void anHttpErrorIsAnIoErrorAndLeavesNothing() throws Exception {
        Path target = dir.resolve("m.bin");
        IOException e = assertThrows(
                IOException.class, () -> new DatasetDownloader(new PrintStream(new ByteArrayOutputStream()))
                        .download(url("/missing"), target, "00"));
        assertEquals("HTTP 404 for " + url("/missing"), e.getMessage());
        assertFalse(Files.exists(target));
        assertEquals(List.of(), Files.list(dir).toList());
    }

    @Test
    void aConnectionLostMidwayLeavesNoTemporaryFile() throws Exception {
        Path target = dir.resolve("cut.bin");
        assertThrows(IOException.class, () -> new DatasetDownloader(new PrintStream(new ByteArrayOutputStream()))
                .download(url("/cut"), target, "00"));
        assertEquals(List.of(), Files.list(dir).toList());
    }

    /** A network that serves synthetic files for Keras's URLs; records what was asked. */
    static final class FakeNetwork extends DatasetDownloader {
        final List<String> urls = new java.util.ArrayList<>();

        FakeNetwork() {
            super(new PrintStream(new ByteArrayOutputStream()));
        }

        @Override
        public void download(String url, Path target, String sha256) throws IOException {
            urls.add(url.substring(url.lastIndexOf('/') + 1) + " " + sha256.substring(0, 8));
            Files.createDirectories(target.getParent());
            if (url.endsWith("mnist.npz")) {
                NpzReaderTest.npz(target, "|u1", 6);
            } else {
                // All four files at once: the locator then asks only for the first.
                dev.kerascope.testing.SyntheticDigits.writeIdx(
                        target.getParent(),
                        dev.kerascope.testing.SyntheticDigits.make(7, 1),
                        dev.kerascope.testing.SyntheticDigits.make(3, 2));
            }
        }
    }

    @Test
    void withNothingLocalKerasFilesAreDownloadedIntoTheCacheWithTheirChecksums() {
        FakeNetwork net = new FakeNetwork();
        DatasetLocator locator = new DatasetLocator(dir.resolve("keras"), dir.resolve("debian"), net);
        Dataset mnist = locator.load(DatasetId.MNIST, java.util.Optional.empty());
        assertEquals(6, mnist.train().count());
        assertEquals(dir.resolve("keras/datasets/mnist.npz").toString(), mnist.source());
        Dataset fashion = locator.load(DatasetId.FASHION_MNIST, java.util.Optional.empty());
        assertEquals(7, fashion.train().count());
        assertEquals(3, fashion.test().count());
        assertEquals("mnist.npz " + DatasetLocator.MNIST_NPZ_SHA256.substring(0, 8), net.urls.get(0));
        String[] fashionFile = net.urls.get(1).split(" ");
        assertEquals(
                DatasetLocator.FASHION_SHA256.get(fashionFile[0]).substring(0, 8),
                fashionFile[1],
                "Keras's checksum for " + fashionFile[0]);
        assertEquals(
                2,
                net.urls.size(),
                "one download for MNIST, one for Fashion-MNIST (the others are then present): " + net.urls);
        // A second load finds the cache and downloads nothing.
        locator.load(DatasetId.MNIST, java.util.Optional.empty());
        assertEquals(2, net.urls.size());
    }

    @Test
    void datasetNamesClassNamesAndHeads() {
        assertEquals(DatasetId.FASHION_MNIST, DatasetId.parse(" Fashion_MNIST "));
        assertEquals(DatasetId.FASHION_MNIST, DatasetId.parse("fashion"));
        assertEquals(DatasetId.MNIST, DatasetId.parse("MNIST"));
        assertEquals(
                "unknown dataset 'cifar' (known: mnist, fashion-mnist)",
                assertThrows(IllegalArgumentException.class, () -> DatasetId.parse("cifar"))
                        .getMessage());
        assertEquals("fashion-mnist", DatasetId.FASHION_MNIST.toString());
        assertEquals("Ankle boot", DatasetId.FASHION_MNIST.classNames().get(9));
        LabeledImages set = new LabeledImages(new byte[] {1, 2, 3, 4, 5, 6}, new byte[] {7, 8, 9}, 3, 1, 2);
        assertEquals(2, set.imageSize());
        LabeledImages two = set.head(2);
        assertArrayEquals(new byte[] {1, 2, 3, 4}, two.pixels());
        assertArrayEquals(new byte[] {7, 8}, two.labels());
        assertEquals(3, set.head(10).count(), "a head longer than the set is the set");
        Dataset d = new Dataset(DatasetId.MNIST, set, set, "here").limitTrain(1);
        assertEquals(1, d.train().count());
        assertEquals(3, d.test().count());
        assertEquals("here", d.source());
    }

    @Test
    void anInterruptedDownloadKeepsNothingAndLeavesTheThreadInterrupted() throws Exception {
        Path target = dir.resolve("cache/data.bin");
        DatasetDownloader d =
                new DatasetDownloader(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        Thread.currentThread().interrupt(); // as Ctrl-C's shutdown or a cancelled job would
        IOException e;
        try {
            e = assertThrows(IOException.class, () -> d.download(url("/data.bin"), target, "0".repeat(64)));
            assertTrue(Thread.currentThread().isInterrupted(), "the interrupt is passed on, not swallowed");
        } finally {
            Thread.interrupted();
        }
        assertEquals("download interrupted", e.getMessage());
        assertFalse(Files.exists(target));
        try (var left = Files.list(target.getParent())) {
            assertEquals(0, left.count(), "no temporary file is left behind");
        }
    }
}
