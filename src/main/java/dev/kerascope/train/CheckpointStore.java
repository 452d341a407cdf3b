package dev.kerascope.train;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One checkpoint per epoch, {@code checkpoints/epoch-0001/}: every variable (Adam's moments and iteration count
 * included) as a TensorFlow checkpoint, plus {@code state.json} with the history so far. A checkpoint is written into a
 * hidden temporary folder and renamed into place only when complete, so a run killed at any moment leaves complete
 * checkpoints only.
 */
public final class CheckpointStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String PREFIX = "variables";

    private final Path dir;

    public CheckpointStore(Path dir) {
        this.dir = dir;
    }

    public record Checkpoint(int epochs, Path folder, History history) {
        public String prefix() {
            return folder.resolve(PREFIX).toString();
        }
    }

    public void save(int epochsDone, TrainingGraph graph, History history) {
        Path target = dir.resolve(String.format("epoch-%04d", epochsDone));
        Path tmp = AtomicFiles.temporarySibling(target);
        try {
            AtomicFiles.deleteRecursively(tmp);
            Files.createDirectories(tmp);
            graph.save(tmp.resolve(PREFIX).toString());
            ObjectNode state = MAPPER.createObjectNode();
            state.put("epochs", epochsDone);
            state.set("history", MAPPER.valueToTree(history.asMap()));
            Files.writeString(tmp.resolve("state.json"), MAPPER.writeValueAsString(state));
            AtomicFiles.moveIntoPlace(tmp, target);
        } catch (IOException e) {
            AtomicFiles.deleteQuietly(tmp);
            throw new UncheckedIOException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }

    /** The checkpoint of the most epochs; temporary leftovers of a killed run are removed. */
    public Optional<Checkpoint> latest() {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> complete = new ArrayList<>();
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".") && name.endsWith(".tmp")) {
                    AtomicFiles.deleteQuietly(p);
                } else if (name.matches("epoch-\\d{4}") && Files.isRegularFile(p.resolve("state.json"))) {
                    complete.add(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return complete.stream()
                .max(Comparator.comparing(p -> p.getFileName().toString()))
                .map(this::read);
    }

    private Checkpoint read(Path folder) {
        Path state = folder.resolve("state.json");
        try {
            JsonNode node = MAPPER.readTree(state.toFile());
            @SuppressWarnings("unchecked")
            Map<String, List<Double>> map = MAPPER.convertValue(node.get("history"), Map.class);
            return new Checkpoint(node.get("epochs").asInt(), folder, History.of(map));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw BadInputException.inFile(
                    state,
                    "unreadable checkpoint state: not valid JSON"
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()));
        } catch (IOException e) {
            throw BadInputException.inFile(state, "unreadable checkpoint state: the file cannot be read");
        } catch (RuntimeException e) {
            // A missing field or a value of the wrong kind: the JDK's text would say nothing to a user.
            throw BadInputException.inFile(
                    state, "unreadable checkpoint state: a field kerascope wrote is missing or of the wrong kind");
        }
    }
}
