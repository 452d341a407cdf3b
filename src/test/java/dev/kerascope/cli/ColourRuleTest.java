package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When train's epoch lines carry Keras's colour codes: a terminal, --ansi, or Rich's environment variables. */
class ColourRuleTest {
    @Test
    void richsEnvironmentRules() {
        assertFalse(TrainCommand.colour(false, false, Map.<String, String>of()::get));
        assertTrue(TrainCommand.colour(true, false, Map.<String, String>of()::get));
        assertTrue(TrainCommand.colour(false, true, Map.<String, String>of()::get));
        assertTrue(TrainCommand.colour(false, false, Map.of("FORCE_COLOR", "1")::get));
        assertFalse(TrainCommand.colour(false, false, Map.of("FORCE_COLOR", "")::get), "an empty FORCE_COLOR is unset");
        assertTrue(TrainCommand.colour(false, false, Map.of("CLICOLOR_FORCE", "1")::get));
        assertFalse(TrainCommand.colour(false, false, Map.of("CLICOLOR_FORCE", "0")::get));
        assertFalse(TrainCommand.colour(true, true, Map.of("NO_COLOR", "1")::get), "NO_COLOR wins");
    }
}
