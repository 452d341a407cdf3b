package dev.kerascope.summary;

import dev.kerascope.summary.ModelSummary.Layout;
import java.util.function.Consumer;

/** Prints a summary in the layout asked for: tf.keras 2's families or Keras 3's table. */
public final class SummaryPrinter {
    private SummaryPrinter() {}

    /** {@code width} null: the width Keras printed with off a terminal (65/98 for tf.keras 2, 76 for Keras 3). */
    public static void print(ModelSummary s, Layout layout, Integer width, Consumer<String> sink) {
        if (layout == Layout.KERAS3) {
            Keras3SummaryPrinter.print(s, width != null ? width : Keras3SummaryPrinter.DEFAULT_WIDTH, sink);
        } else {
            Keras2SummaryPrinter.print(s, layout, width, sink);
        }
    }
}
