package dev.kerascope;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package map the README's "Architecture" section draws, checked on the sources: no cycle between packages, and
 * each package's "does not" column where a reference can show it (TensorFlow's runtime, picocli, XChart, the use
 * cases). A new import that breaks a rule fails here, naming the file.
 */
class PackageRulesTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/kerascope");
    private static final Pattern KERASCOPE_REF = Pattern.compile("dev\\.kerascope\\.([a-z]+)\\.");

    /** Package name → its source files' text. */
    private static final Map<String, Map<Path, String>> PACKAGES = new TreeMap<>();

    @BeforeAll
    static void readSources() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                Path relative = SOURCES.relativize(f);
                String pkg =
                        relative.getNameCount() == 1 ? "" : relative.getName(0).toString();
                try {
                    PACKAGES.computeIfAbsent(pkg, k -> new TreeMap<>()).put(f, Files.readString(f));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        assertTrue(PACKAGES.size() >= 18, "the sources were found: " + PACKAGES.keySet());
    }

    private static Map<String, Set<String>> dependencies() {
        Map<String, Set<String>> deps = new TreeMap<>();
        PACKAGES.forEach((pkg, files) -> {
            Set<String> uses = deps.computeIfAbsent(pkg, k -> new TreeSet<>());
            files.values().forEach(text -> {
                Matcher m = KERASCOPE_REF.matcher(text);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        uses.add(m.group(1));
                    }
                }
            });
        });
        return deps;
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        Map<String, Set<String>> deps = dependencies();
        List<String> cycles = new ArrayList<>();
        for (String pkg : deps.keySet()) {
            for (String next : deps.get(pkg)) {
                List<String> path = pathTo(deps, next, pkg, new TreeSet<>());
                if (path != null) {
                    cycles.add(pkg + " -> " + String.join(" -> ", path));
                }
            }
        }
        assertEquals(List.of(), cycles, "package cycles");
    }

    /** A path of dependencies from {@code from} to {@code to}, or null when there is none. */
    private static List<String> pathTo(Map<String, Set<String>> deps, String from, String to, Set<String> seen) {
        if (from.equals(to)) {
            return new ArrayList<>(List.of(to));
        }
        if (!seen.add(from)) {
            return null;
        }
        for (String next : deps.getOrDefault(from, Set.of())) {
            List<String> rest = pathTo(deps, next, to, seen);
            if (rest != null) {
                rest.add(0, from);
                return rest;
            }
        }
        return null;
    }

    @Test
    void theReadersAndPrintersRunWithoutTensorFlowsRuntime() {
        // SavedModel protos (org.tensorflow.proto) are plain generated messages; anything else of TensorFlow's loads
        // the native library, which these packages must never need (summary, inspect and the Keras-file readers work
        // where it cannot load).
        Pattern runtime = Pattern.compile("org\\.tensorflow\\.(?!proto\\.)[A-Za-z]");
        assertEquals(
                List.of(),
                offenders(
                        Set.of("io", "data", "arch", "summary", "savedmodel", "report", "record", "kerasfile", "viz"),
                        runtime),
                "files that reach TensorFlow's runtime");
    }

    @Test
    void onlyTheCommandLineKnowsPicocliAndOnlyVizKnowsXChart() {
        Set<String> notCli = new TreeSet<>(PACKAGES.keySet());
        notCli.remove("cli");
        assertEquals(List.of(), offenders(notCli, Pattern.compile("\\bpicocli\\.")), "picocli outside cli");
        Set<String> notViz = new TreeSet<>(PACKAGES.keySet());
        notViz.remove("viz");
        assertEquals(List.of(), offenders(notViz, Pattern.compile("org\\.knowm\\.xchart")), "XChart outside viz");
    }

    @Test
    void theUseCasesAreReachedOnlyFromTheCommandsAndBenchmarks() {
        Set<String> below = new TreeSet<>(PACKAGES.keySet());
        below.removeAll(Set.of("cli", "bench", "app"));
        assertEquals(
                List.of(),
                offenders(below, Pattern.compile("dev\\.kerascope\\.(app|cli|bench)\\.")),
                "files below the use cases that reach app, cli or bench");
    }

    private static List<String> offenders(Set<String> packages, Pattern reference) {
        List<String> found = new ArrayList<>();
        for (String pkg : packages) {
            PACKAGES.getOrDefault(pkg, Map.of()).forEach((file, text) -> {
                Matcher m = reference.matcher(text);
                if (m.find()) {
                    found.add(file + ": " + m.group());
                }
            });
        }
        return found;
    }
}
