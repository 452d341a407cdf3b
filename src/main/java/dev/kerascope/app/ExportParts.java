package dev.kerascope.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.io.OutputFolder;
import dev.kerascope.io.Remedy;
import dev.kerascope.precision.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The on-disk protocol of {@code export}, which makes any interruption resumable exactly. Batch b holds images
 * [b·batch, min((b+1)·batch, count)); its figures are drawn in {@code images/.b-NNNNN.tmp} and renamed to
 * {@code images/b-NNNNN} when all are written, then {@code parts/batch-NNNNN.json} records the settings, the range of
 * images it holds and their manifest entries. A batch counts as finished only when its part holds its whole range under
 * the same settings. A part that holds less (the last batch of a smaller export) is deleted before its folder is
 * touched, so a kill at any moment leaves the batch unfinished rather than described wrongly. Hidden entries of parts/
 * and images/ are leftovers, removed on resume.
 */
final class ExportParts {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Path out;
    private final Path parts;
    private final Path images;
    private final ObjectNode settings;

    private ExportParts(Path out, ObjectNode settings) {
        this.out = out;
        this.parts = out.resolve("parts");
        this.images = out.resolve("images");
        this.settings = settings;
    }

    /** What makes two runs' figures comparable: the model (path and content), data, layers, batch, preprocessing. */
    static ObjectNode settings(ExportJob.Options o, List<String> layers) {
        ObjectNode s = MAPPER.createObjectNode();
        Path model = o.model().toAbsolutePath().normalize();
        try {
            model = model.toRealPath();
        } catch (IOException e) {
            // keep the normalised path: the walker has already opened it, so this is a race at worst
        }
        s.put("model", model.toString());
        s.put("model_sha256", modelDigest(model));
        s.put("tags", String.join(",", o.tags().stream().sorted().toList()));
        s.put("signature", o.signature());
        s.put("dataset", o.data().id().cliName());
        ArrayNode ls = s.putArray("layers");
        layers.forEach(ls::add);
        s.put("batch", o.batch());
        s.put("scale", o.scale());
        s.put(
                "normalize",
                o.normalize() == null
                        ? null
                        : String.join(
                                ",", o.normalize().stream().map(String::valueOf).toList()));
        if (o.precision() != Precision.FLOAT32) {
            // Only when not float32, so exports made before --precision still resume.
            s.put("precision", o.precision().cliName());
        }
        return s;
    }

    /**
     * Opens {@code out} for writing. With {@code resume} every existing part must have been made with these settings
     * (else a one-line refusal naming the difference), leftovers of a killed run are removed, and the manifest is
     * deleted first: it exists only while the export is complete.
     */
    static ExportParts open(Path out, ObjectNode settings, boolean resume) throws IOException {
        ExportParts p = new ExportParts(out, settings);
        OutputFolder.prepare(p.parts);
        OutputFolder.prepare(p.images);
        if (resume) {
            for (Path f : partFiles(p.parts)) {
                p.checkSettings(f);
            }
            removeHidden(p.parts);
            removeHidden(p.images);
            AtomicFiles.deleteQuietly(AtomicFiles.temporarySibling(out.resolve("manifest.json")));
            Files.deleteIfExists(out.resolve("manifest.json"));
        }
        return p;
    }

    /** True when batch {@code b} already holds images [from, to); a part holding less is deleted (redone). */
    boolean finished(int b, int from, int to) throws IOException {
        Path file = part(b);
        Optional<JsonNode> p = read(file);
        if (p.isPresent()
                && p.get().get("first").asInt() == from
                && p.get().get("end").asInt() >= to) {
            return true;
        }
        Files.deleteIfExists(file);
        return false;
    }

    Path part(int b) {
        return parts.resolve(String.format("batch-%05d.json", b));
    }

    Path batchDir(int b) {
        return images.resolve(String.format("b-%05d", b));
    }

    /** The hidden folder batch {@code b}'s figures are drawn into, fresh. */
    Path newStaging(int b) throws IOException {
        Path tmp = images.resolve("." + batchDir(b).getFileName() + ".tmp");
        AtomicFiles.deleteRecursively(tmp);
        Files.createDirectories(tmp);
        return tmp;
    }

    /**
     * Puts a finished batch in place: its folder first (an older one is renamed aside before it is deleted, so no
     * final-named folder is ever half-deleted), then its part, which marks it finished.
     */
    void install(int b, Path staging, int from, int to, ArrayNode entries) throws IOException {
        Path dir = batchDir(b);
        if (Files.exists(dir)) {
            Path aside = images.resolve("." + dir.getFileName() + ".old");
            AtomicFiles.deleteRecursively(aside);
            Files.move(dir, aside, StandardCopyOption.ATOMIC_MOVE);
            AtomicFiles.deleteRecursively(aside);
        }
        Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        ObjectNode part = MAPPER.createObjectNode();
        part.set("settings", settings);
        part.put("first", from).put("end", to);
        part.set("images", entries);
        AtomicFiles.writeString(part(b), MAPPER.writeValueAsString(part));
    }

    /** The manifest entries of batch {@code b}, in index order. */
    Iterator<JsonNode> entries(int b) throws IOException {
        return read(part(b))
                .orElseThrow(() -> new IllegalStateException(part(b) + " is missing after the export finished"))
                .get("images")
                .elements();
    }

    private Optional<JsonNode> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        JsonNode p;
        try {
            p = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            return Optional.empty(); // parts are written atomically; an unreadable one was damaged afterwards: redo it
        }
        return p.isObject()
                        && settings.equals(p.get("settings"))
                        && p.has("first")
                        && p.has("end")
                        && p.get("images").isArray()
                ? Optional.of(p)
                : Optional.empty();
    }

    private void checkSettings(Path file) throws IOException {
        JsonNode p;
        try {
            p = MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            return; // redone by finished()
        }
        JsonNode was = p.get("settings");
        if (was == null || !was.isObject()) {
            throw BadInputException.inFile(out, "was made by an older kerascope that did not record its settings")
                    .suggesting(Remedy.OTHER_FOLDER);
        }
        List<String> diffs = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = settings.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode before = was.get(e.getKey());
            if (!e.getValue().equals(before)) {
                diffs.add(e.getKey() + " " + text(before) + ", now " + text(e.getValue()));
            }
        }
        if (!diffs.isEmpty()) {
            throw BadInputException.inFile(
                            out,
                            "cannot be continued: this export was made with other settings (" + String.join("; ", diffs)
                                    + "); rerun with the same ones")
                    .suggesting(Remedy.OTHER_FOLDER);
        }
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? "none" : v.isArray() ? v.toString().replaceAll("[\\[\\]\"]", "") : v.asText();
    }

    /**
     * The precision the export in {@code out} was made in, read from its first readable part (parts made in float32
     * record none), so that {@code export --resume} continues in it; empty when there is no part to read.
     */
    static Optional<Precision> recordedPrecision(Path out) {
        Path parts = out.resolve("parts");
        if (!Files.isDirectory(parts)) {
            return Optional.empty();
        }
        try {
            for (Path f : partFiles(parts)) {
                JsonNode settings;
                try {
                    settings = MAPPER.readTree(f.toFile()).get("settings");
                } catch (IOException e) {
                    continue; // a damaged part is redone; another one tells
                }
                if (settings != null && settings.isObject()) {
                    JsonNode p = settings.get("precision");
                    return Optional.of(p == null ? Precision.FLOAT32 : Precision.parse(p.asText()));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty(); // the resume itself then says what is wrong with the folder
        }
        return Optional.empty();
    }

    /** The part files in {@code parts}, in batch order. */
    private static List<Path> partFiles(Path parts) throws IOException {
        try (Stream<Path> files = Files.list(parts)) {
            return files.filter(ExportParts::isPart).sorted().toList();
        }
    }

    private static boolean isPart(Path f) {
        return f.getFileName().toString().matches("batch-\\d{5}\\.json");
    }

    private static void removeHidden(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p :
                    s.filter(f -> f.getFileName().toString().startsWith(".")).toList()) {
                AtomicFiles.deleteRecursively(p);
            }
        }
    }

    /** SHA-256 of the graph and the variable index (which holds a checksum of every variable): the model's identity. */
    static String modelDigest(Path model) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path dir : List.of(model, model.resolve("saved_model"))) {
                for (String name : List.of("saved_model.pb", "saved_model.pbtxt", "variables/variables.index")) {
                    Path f = dir.resolve(name);
                    if (Files.isRegularFile(f)) {
                        try (InputStream in = new DigestInputStream(Files.newInputStream(f), sha)) {
                            in.transferTo(OutputStream.nullOutputStream());
                        }
                    }
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + model + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
