package dev.kerascope.savedmodel;

import dev.kerascope.summary.SummaryRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dropout layers of a Keras 3 export, which leave no op in the inference graph. Keras 3's Dropout (with a rate
 * above 0) owns a {@code SeedGenerator} whose state is a variable {@code seed_generator[_N]/seed_generator_state} of
 * shape (2,); it is in {@code layer.variables} but not in {@code layer.weights}, so {@code summary()} never counts it.
 * A model's variables list its layers' variables in layer order, so a seed state between the weights of two layers that
 * are adjacent rows places the Dropout between them (likewise before the first row or after the last). Where weightless
 * layers (pooling, activations) sit between the two, the Dropout could be on either side of each, and the summary says
 * so instead of guessing.
 */
final class SeedGeneratorLayers {
    private static final Pattern SEED = Pattern.compile("seed_generator(_(\\d+))?");

    /** The rows with the Dropouts placed, and a note about any that could not be. */
    record Placed(List<SummaryRow> rows, String note) {}

    private SeedGeneratorLayers() {}

    /** Whether a variable is a SeedGenerator's state, which Keras never counts as a parameter. */
    static boolean isSeedState(String variableName) {
        return variableName.replaceAll(":\\d+$", "").endsWith("seed_generator_state");
    }

    /** A run of variables of one owner: a layer's weights, or a SeedGenerator (named as its Dropout). */
    private record Owner(String name, boolean seed) {}

    /**
     * @param rows the layers recovered from the graph, in order
     * @param variables the model's variable names in the order of its {@code variables} list
     */
    static Placed place(List<SummaryRow> rows, List<String> variables) {
        List<Owner> owners = new ArrayList<>();
        for (String v : variables) {
            String[] seg = v.replaceAll(":\\d+$", "").split("/");
            Owner o = isSeedState(v)
                    ? new Owner(dropoutName(seg), true)
                    : new Owner(seg.length >= 2 ? seg[seg.length - 2] : seg[0], false);
            if (owners.isEmpty() || !owners.get(owners.size() - 1).equals(o)) {
                owners.add(o);
            }
        }
        // Dropouts by the original row they follow; -1: before the first row.
        Map<Integer, List<String>> after = new TreeMap<>();
        List<String> hidden = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            if (!owners.get(i).seed() || indexOf(rows, owners.get(i).name()) >= 0) {
                continue; // a weight owner, or a Dropout the graph shows already
            }
            String before = neighbour(owners, i, -1);
            String next = neighbour(owners, i, 1);
            int a = indexOf(rows, before);
            int b = indexOf(rows, next);
            Integer at = null;
            if (before != null && next != null && a >= 0 && b == a + 1) {
                at = a;
            } else if (before == null && b == 0) {
                at = -1;
            } else if (next == null && a >= 0 && a == rows.size() - 1) {
                at = a;
            }
            if (at == null) {
                hidden.add(owners.get(i).name() + " (between " + (before == null ? "the input" : before) + " and "
                        + (next == null ? "the output" : next) + ")");
            } else {
                after.computeIfAbsent(at, k -> new ArrayList<>())
                        .add(owners.get(i).name());
            }
        }
        List<SummaryRow> out = new ArrayList<>();
        addDropouts(out, after.get(-1), null);
        for (int r = 0; r < rows.size(); r++) {
            out.add(rows.get(r));
            addDropouts(out, after.get(r), rows.get(r));
        }
        String note = hidden.isEmpty()
                ? null
                : hidden.size() + " Dropout layer(s) hidden (a seed generator's state shows each, but not on"
                        + " which side of the weightless layers between its neighbours): " + String.join(", ", hidden);
        return new Placed(out, note);
    }

    /** Dropouts in a chain after {@code previous}: each has its input's shape. */
    private static void addDropouts(List<SummaryRow> out, List<String> names, SummaryRow previous) {
        SummaryRow prev = previous;
        for (String name : names == null ? List.<String>of() : names) {
            SummaryRow d = new SummaryRow(
                    name,
                    "Dropout",
                    prev == null ? null : prev.outputShape(),
                    0,
                    true,
                    prev == null ? List.of() : List.of(prev.name() + "[0][0]"));
            out.add(d);
            prev = d;
        }
    }

    /**
     * The Dropout's name: Keras numbers SeedGenerators and Dropouts with their own counters, which move together when
     * every seeded layer is a Dropout (seed_generator_2 ↔ dropout_2).
     */
    private static String dropoutName(String[] seg) {
        for (int i = seg.length - 1; i >= 0; i--) {
            Matcher m = SEED.matcher(seg[i]);
            if (m.matches()) {
                return "dropout" + (m.group(2) == null ? "" : "_" + m.group(2));
            }
        }
        return "dropout";
    }

    private static String neighbour(List<Owner> owners, int i, int step) {
        for (int j = i + step; j >= 0 && j < owners.size(); j += step) {
            if (!owners.get(j).seed()) {
                return owners.get(j).name();
            }
        }
        return null;
    }

    private static int indexOf(List<SummaryRow> rows, String name) {
        for (int i = 0; name != null && i < rows.size(); i++) {
            if (rows.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
