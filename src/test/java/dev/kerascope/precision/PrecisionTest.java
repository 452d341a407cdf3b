package dev.kerascope.precision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.io.BadInputException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ConfigProto;

/** The CPU-flag reading and the auto rule, on /proc/cpuinfo text copied from real machines (shortened). */
class PrecisionTest {
    /** Intel Sapphire Rapids: AMX and AVX512-BF16. */
    static final String XEON =
            """
      processor\t: 0
      vendor_id\t: GenuineIntel
      model name\t: Intel(R) Xeon(R) Platinum 8480+
      flags\t\t: fpu vme de pse tsc avx2 avx512f avx512_bf16 avx512_fp16 amx_bf16 amx_tile amx_int8
      bugs\t\t: spectre_v1
      """;
    /** AMD EPYC Genoa (Zen 4): AVX512-BF16, no AMX. */
    static final String EPYC_ZEN4 =
            """
      processor\t: 0
      model name\t: AMD EPYC 9454 48-Core Processor
      flags\t\t: fpu vme avx2 avx512f avx512dq avx512_bf16 avx512vbmi
      """;
    /** AMD EPYC Milan (Zen 3): AVX2 only. */
    static final String EPYC_ZEN3 =
            """
      model name\t: AMD EPYC 7763 64-Core Processor
      flags\t\t: fpu vme avx avx2 fma bmi2
      """;
    /** An Intel Skylake server: AVX-512 without bfloat16 (oneDNN would emulate it). */
    static final String SKYLAKE = "flags\t\t: fpu avx2 avx512f avx512bw avx512vl\n";
    /** AArch64 says Features, and its bf16 is not one of the flags auto looks for. */
    static final String GRAVITON3 = "processor\t: 0\nFeatures\t: fp asimd sve bf16 i8mm\n";

    @Test
    void readsTheFirstFlagsLine() {
        assertEquals(Set.of("fpu", "vme", "avx", "avx2", "fma", "bmi2"), CpuFlags.parse(EPYC_ZEN3));
        assertTrue(CpuFlags.parse(XEON).containsAll(Set.of("amx_bf16", "avx512_bf16", "amx_tile")));
        assertTrue(CpuFlags.parse(GRAVITON3).contains("bf16"));
        assertEquals(Set.of(), CpuFlags.parse(""));
        assertEquals(Set.of(), CpuFlags.parse("model name\t: something with avx512_bf16 in its name\n"));
        assertEquals(Set.of("a"), CpuFlags.parse("flags : a\nflags : b c\n"), "only the first flags line");
    }

    @Test
    void autoPicksBfloat16OnlyWhereTheCpuHasIt() {
        assertEquals(
                new Precision.Choice(Precision.MIXED_BFLOAT16, "auto: the CPU has amx_bf16 and avx512_bf16"),
                Precision.choose("auto", CpuFlags.parse(XEON)));
        assertEquals(
                new Precision.Choice(Precision.MIXED_BFLOAT16, "auto: the CPU has avx512_bf16"),
                Precision.choose("auto", CpuFlags.parse(EPYC_ZEN4)));
        for (String cpu : new String[] {EPYC_ZEN3, SKYLAKE, GRAVITON3, ""}) {
            assertEquals(
                    new Precision.Choice(Precision.FLOAT32, "auto: the CPU has neither amx_bf16 nor avx512_bf16"),
                    Precision.choose("auto", CpuFlags.parse(cpu)));
        }
        assertEquals(
                Precision.FLOAT32,
                Precision.choose(null, CpuFlags.parse(SKYLAKE)).precision(),
                "no option means auto");
        assertEquals(
                Precision.MIXED_BFLOAT16,
                Precision.choose(null, CpuFlags.parse(XEON)).precision());
    }

    @Test
    void anExplicitChoiceIsHonouredAndSaysWhenTheCpuLacksBfloat16() {
        assertEquals(
                new Precision.Choice(Precision.FLOAT32, "asked for"),
                Precision.choose("float32", CpuFlags.parse(XEON)));
        Precision.Choice slow = Precision.choose("mixed_bfloat16", CpuFlags.parse(SKYLAKE));
        assertEquals(Precision.MIXED_BFLOAT16, slow.precision());
        assertTrue(slow.reason().contains("neither amx_bf16 nor avx512_bf16"), slow.reason());
        assertEquals(
                "mixed_bfloat16 (asked for; the CPU has avx512_bf16)",
                Precision.choose("MIXED_BFLOAT16", CpuFlags.parse(EPYC_ZEN4)).describe());
        BadInputException e = assertThrows(BadInputException.class, () -> Precision.choose("float16", Set.of()));
        assertTrue(e.getMessage().contains("float32, mixed_bfloat16 or auto"), e.getMessage());
    }

    @Test
    void namesReadBack() {
        for (Precision p : Precision.values()) {
            assertEquals(p, Precision.parse(p.cliName()));
        }
        assertThrows(IllegalArgumentException.class, () -> Precision.parse("bf16"));
    }

    @Test
    void onlyMixedBfloat16TurnsOnTheRewrite() {
        assertEquals(
                "ON",
                Sessions.config(Precision.MIXED_BFLOAT16)
                        .getGraphOptions()
                        .getRewriteOptions()
                        .getAutoMixedPrecisionOnednnBfloat16()
                        .name());
        assertEquals(Sessions.config(Precision.FLOAT32), ConfigProto.getDefaultInstance());
    }
}
