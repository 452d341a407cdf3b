package dev.kerascope.report;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.kerascope.io.AtomicFiles;
import dev.kerascope.io.BadInputException;
import dev.kerascope.train.History;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** {@code history.json} in the layout of Keras's {@code History.history}: metric → list per epoch. */
public final class HistoryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private HistoryJson() {}

    public static String toJson(History history) {
        try {
            return MAPPER.writeValueAsString(history.asMap()) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void write(History history, Path file) {
        AtomicFiles.writeString(file, toJson(history));
    }

    public static History read(Path file) {
        try {
            Map<String, List<Double>> map =
                    MAPPER.readValue(file.toFile(), new TypeReference<Map<String, List<Double>>>() {});
            return History.of(map);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            // Jackson's own first line, without the source description it appends.
            var at = e.getLocation();
            throw BadInputException.inFile(
                    file,
                    "not a Keras history JSON ("
                            + e.getOriginalMessage()
                                    .split("\n")[0]
                                    .replaceAll(" \\(start marker at.*|\\s*\\[Source:.*", "")
                            + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ")");
        } catch (IOException e) {
            throw BadInputException.inFile(file, Files.exists(file) ? "cannot be read" : "no such file");
        }
    }
}
