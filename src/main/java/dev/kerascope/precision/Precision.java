package dev.kerascope.precision;

import dev.kerascope.io.BadInputException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Named after Keras's mixed-precision policies. {@code MIXED_BFLOAT16} turns on TensorFlow's oneDNN bfloat16 rewrite
 * for a session: variables, checkpoints and the SavedModel stay float32, the rewrite casts the inputs of ops oneDNN
 * runs fast in bfloat16 (Conv2D, MatMul and their gradients, with the element-wise ops between them) and keeps its deny
 * list (Softmax, the cross-entropy, Mean, Sum, Exp, Log) in float32.
 */
public enum Precision {
    /** Every op in float32, as Keras's default policy. */
    FLOAT32("float32"),
    /** TensorFlow's oneDNN bfloat16 rewrite on the session; variables stay float32. */
    MIXED_BFLOAT16("mixed_bfloat16");

    /** CPU flags (as /proc/cpuinfo spells them) whose bfloat16 instructions make the rewrite pay. */
    public static final List<String> BF16_FLAGS = List.of("amx_bf16", "avx512_bf16");

    private final String cliName;

    Precision(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The name the command line and run.json use.
     *
     * @return {@code float32} or {@code mixed_bfloat16}
     */
    public String cliName() {
        return cliName;
    }

    /**
     * A precision and the sentence saying why it was chosen, for the log and run.json.
     *
     * @param precision the precision
     * @param reason why: asked for, or what auto saw
     */
    public record Choice(Precision precision, String reason) {
        /**
         * The choice for the log.
         *
         * @return such as {@code float32 (auto: the CPU has neither amx_bf16 nor avx512_bf16)}
         */
        public String describe() {
            return precision.cliName() + " (" + reason + ")";
        }
    }

    /**
     * Parses {@code float32}, {@code mixed_bfloat16} or {@code auto}; auto looks at {@code cpuFlags}.
     *
     * @param option the option's value; null means auto
     * @param cpuFlags the CPU's flags as /proc/cpuinfo spells them
     * @return the precision and why
     * @throws BadInputException for any other value
     */
    public static Choice choose(String option, Set<String> cpuFlags) {
        String o = option == null ? "auto" : option.trim().toLowerCase(Locale.ROOT);
        List<String> has = BF16_FLAGS.stream().filter(cpuFlags::contains).toList();
        switch (o) {
            case "float32":
                return new Choice(FLOAT32, "asked for");
            case "mixed_bfloat16":
                // Honoured even without the instructions (oneDNN then emulates bfloat16, slowly): the user asked.
                return new Choice(
                        MIXED_BFLOAT16,
                        has.isEmpty()
                                ? "asked for; this CPU has neither amx_bf16 nor avx512_bf16, expect it to be slow"
                                : "asked for; the CPU has " + String.join(" and ", has));
            case "auto":
                return has.isEmpty()
                        ? new Choice(FLOAT32, "auto: the CPU has neither amx_bf16 nor avx512_bf16")
                        : new Choice(MIXED_BFLOAT16, "auto: the CPU has " + String.join(" and ", has));
            default:
                throw new BadInputException("unknown precision '" + option + "' (float32, mixed_bfloat16 or auto)");
        }
    }

    /**
     * {@link #choose(String, Set)} with this machine's CPU flags.
     *
     * @param option the option's value; null means auto
     * @return the precision and why
     */
    public static Choice choose(String option) {
        return choose(option, CpuFlags.ofThisMachine());
    }

    /**
     * Reads a precision's cli name back (run.json).
     *
     * @param cliName {@code float32} or {@code mixed_bfloat16}
     * @return the precision
     * @throws IllegalArgumentException for any other name
     */
    public static Precision parse(String cliName) {
        for (Precision p : values()) {
            if (p.cliName.equals(cliName)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown precision '" + cliName + "'");
    }
}
