package dev.kerascope.app;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kerascope.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * {@code manifest.json}, merged from the part files one batch at a time (streamed: memory does not grow with the count)
 * into a temporary name renamed into place. It lists images 0..count-1 exactly once, in order, or is not written at
 * all: a gap or a repeat is a bug, reported as such.
 */
final class ExportManifest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private ExportManifest() {}

    static void write(Path out, ExportJob.Options o, List<String> layers, ExportParts parts) throws IOException {
        Path target = out.resolve("manifest.json");
        Path tmp = AtomicFiles.temporarySibling(target);
        int batches = (o.count() + o.batch() - 1) / o.batch();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(Files.newOutputStream(tmp))) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("model", o.model().toString());
            g.writeStringField("dataset", o.data().id().cliName());
            g.writeNumberField("count", o.count());
            g.writeStringField("precision", o.precision().cliName());
            g.writeArrayFieldStart("layers");
            for (String l : layers) {
                g.writeString(l);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("images");
            int next = 0;
            for (int b = 0; b < batches; b++) {
                for (Iterator<JsonNode> it = parts.entries(b); it.hasNext(); ) {
                    JsonNode entry = it.next();
                    int index = entry.get("index").asInt();
                    if (index >= o.count()) {
                        break; // a part of a larger export holds more than this count
                    }
                    if (index != next) {
                        throw new IllegalStateException(
                                parts.part(b) + " lists image " + index + " where image " + next + " belongs");
                    }
                    MAPPER.writeTree(g, entry);
                    next++;
                }
            }
            g.writeEndArray();
            g.writeEndObject();
            if (next != o.count()) {
                throw new IllegalStateException("the parts list " + next + " images, not " + o.count());
            }
        } catch (IOException | RuntimeException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw e;
        }
        AtomicFiles.moveIntoPlace(tmp, target);
    }
}
