package dev.kerascope.data;

import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a data file the way {@code keras.utils.get_file} does: from Keras's public bucket, checked against its
 * SHA-256 before it is renamed into the cache, with a progress line.
 */
public class DatasetDownloader {
    public static final String KERAS_ORIGIN = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    private final PrintStream progress;

    public DatasetDownloader(PrintStream progress) {
        this.progress = progress;
    }

    /** Downloads {@code url} to {@code target}; throws IOException when the network is not there. */
    public void download(String url, Path target, String sha256) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = AtomicFiles.temporarySibling(target);
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .build();
        progress.println("Downloading data from " + url);
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " for " + url);
            }
            long total = response.headers().firstValueAsLong("Content-Length").orElse(-1);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            try (InputStream in = response.body();
                    OutputStream out = new DigestOutputStream(Files.newOutputStream(tmp), digest)) {
                byte[] buf = new byte[1 << 16];
                long done = 0;
                long lastShown = 0;
                for (int r; (r = in.read(buf)) >= 0; ) {
                    out.write(buf, 0, r);
                    done += r;
                    if (done - lastShown > (1 << 20) || done == total) {
                        showProgress(done, total);
                        lastShown = done;
                    }
                }
            }
            progress.println();
            String actual = HexFormat.of().formatHex(digest.digest());
            if (!actual.equalsIgnoreCase(sha256)) {
                AtomicFiles.deleteQuietly(tmp);
                throw BadInputException.inFile(
                        target,
                        "downloaded file has SHA-256 " + actual + ", expected " + sha256 + "; nothing was kept");
            }
            AtomicFiles.moveIntoPlace(tmp, target);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            AtomicFiles.deleteQuietly(tmp);
            throw new IOException("download interrupted", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e;
        }
    }

    private void showProgress(long done, long total) {
        if (total > 0) {
            int width = 30;
            int filled = (int) (width * done / total);
            progress.printf(
                    "\r%d/%d [%s%s] %3d%%",
                    done, total, "=".repeat(filled), ".".repeat(width - filled), 100 * done / total);
        } else {
            progress.printf("\r%d bytes", done);
        }
    }
}
