package dev.kerascope.io;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Turns names that come from models (layer names) into file names that stay inside their folder: "/" becomes "__",
 * anything but letters, digits, '.', '_', '-', '[' and ']' becomes '_', leading dots are replaced (no "..", no hidden
 * files), and collisions get "_2", "_3"...
 */
public final class SafeNames {
    private final Set<String> used = new HashSet<>();

    /**
     * A file name for {@code name}, unique among those this instance gave (case-insensitively).
     *
     * @param name a layer or input name, any characters
     * @param extension appended as is, such as {@code .npy}
     * @return the safe name with its extension
     */
    public String fileName(String name, String extension) {
        String base = name.replace("/", "__")
                .replaceAll("[^A-Za-z0-9._\\-\\[\\]]", "_")
                .replaceAll("^\\.+", "_");
        if (base.isEmpty()) {
            base = "_";
        }
        String candidate = base;
        for (int k = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); k++) {
            candidate = base + "_" + k;
        }
        return candidate + extension;
    }
}
