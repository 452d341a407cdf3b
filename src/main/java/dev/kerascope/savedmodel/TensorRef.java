package dev.kerascope.savedmodel;

/**
 * A tensor reference as TensorFlow writes them: {@code node} and {@code node:1} in graphs and signatures,
 * {@code node:output_arg:1} inside function bodies, {@code ^node} for a control input. One parser for all of them; a
 * malformed index is refused, never a NumberFormatException.
 */
public record TensorRef(String node, String outputArg, int index, boolean control) {
    public static TensorRef parse(String ref) {
        boolean control = isControl(ref);
        String r = control ? ref.substring(1) : ref;
        String[] p = r.split(":", -1);
        if (p.length == 1) {
            return new TensorRef(r, null, 0, control);
        }
        if (p.length > 3 || p[0].isEmpty()) {
            throw new IllegalArgumentException("malformed tensor reference '" + ref + "'");
        }
        String last = p[p.length - 1];
        if (p.length == 2 && !last.isEmpty() && (Character.isLetter(last.charAt(0)) || last.charAt(0) == '_')) {
            // node:output_arg inside a function body, the first tensor of that output
            return new TensorRef(p[0], last, 0, control);
        }
        if (last.isEmpty() || last.length() > 9 || !last.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("malformed tensor reference '" + ref + "'");
        }
        return new TensorRef(p[0], p.length == 3 ? p[1] : null, Integer.parseInt(last), control);
    }

    /**
     * The node a reference names, never refused: for looking a producer up, where a malformed index is refused later by
     * {@link #parse} when the tensor itself is used. {@code "node:0"} → node, {@code "^node"} → node.
     */
    public static String nodeOf(String ref) {
        String r = isControl(ref) ? ref.substring(1) : ref;
        int colon = r.indexOf(':');
        return colon >= 0 ? r.substring(0, colon) : r;
    }

    /** Whether {@code ref} is a control input ({@code ^node}): an order, not a value. */
    public static boolean isControl(String ref) {
        return ref.startsWith("^");
    }

    /** Whether an index was written ({@code node:0}) rather than implied ({@code node}). */
    public static boolean hasIndex(String ref) {
        return ref.indexOf(':') >= 0;
    }
}
