package dev.kerascope.precision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU's feature flags from /proc/cpuinfo. Only the first {@code flags} line is read: every core of one machine
 * reports the same flags, and a kernel that hides a feature hides it on all of them.
 */
final class CpuFlags {
    private CpuFlags() {}

    /** The flags of the first {@code flags : ...} line (x86) or {@code Features : ...} line (ARM); empty if none. */
    static Set<String> parse(String cpuinfo) {
        Set<String> flags = new TreeSet<>();
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (key.equals("flags") || key.equals("features")) {
                Arrays.stream(line.substring(colon + 1).trim().split("\\s+"))
                        .filter(f -> !f.isEmpty())
                        .forEach(flags::add);
                return flags;
            }
        }
        return flags;
    }

    /** This machine's flags; empty where /proc/cpuinfo cannot be read (not Linux), which makes auto choose float32. */
    static Set<String> ofThisMachine() {
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo"), StandardCharsets.ISO_8859_1));
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
