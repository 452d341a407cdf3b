package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.kerascope.Kerascope;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** One version string: the pom's, in the library and in {@code --version}. */
class VersionTest {
    @Test
    void theLibraryAndTheCommandLineSayThePomsVersion() throws Exception {
        Matcher m = Pattern.compile("<artifactId>kerascope</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("pom.xml")));
        m.find();
        String pom = m.group(1);
        assertEquals(pom, Kerascope.version());
        StringWriter out = new StringWriter();
        var cl = KerascopeCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        assertEquals(0, cl.execute("--version"));
        assertEquals("kerascope " + pom, out.toString().strip());
    }
}
