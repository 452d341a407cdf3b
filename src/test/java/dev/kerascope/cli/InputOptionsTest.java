package dev.kerascope.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kerascope.testing.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What each command's --input takes, as its help and its refusals say it: never a form the command refuses. */
class InputOptionsTest {
    static String help(String command) {
        StringWriter text = new StringWriter();
        KerascopeCommand.commandLine().getSubcommands().get(command).usage(new PrintWriter(text));
        return text.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"featuremaps", "explain"})
    void commandsThatDrawOnAnImageOfferOnlyImagesInHelpAndRefusals(String command) {
        String help = help(command);
        assertTrue(help.contains("--input=IMAGE "), help);
        assertFalse(help.contains("FILE.npy") || help.contains(".npy arrays"), help);
        Cli.Run none = new Cli().run(command);
        assertEquals(2, none.exit(), none.err());
        assertEquals("kerascope: give --input IMAGE or --dataset D --index I", none.firstErrorLine());
        Cli.Run two = new Cli().run(command, "--input", "a.png", "--input", "b.png");
        assertEquals(2, two.exit(), two.err());
        assertEquals("kerascope: --input takes one image", two.firstErrorLine());
    }

    @ParameterizedTest
    @ValueSource(strings = {"activations", "featuremaps", "explain"})
    void anIndexWithoutADatasetIsRefusedNamingTheDatasets(String command) {
        Cli.Run r = new Cli().run(command, "--index", "3");
        assertEquals(2, r.exit(), r.err());
        assertEquals("kerascope: --index needs --dataset NAME (mnist or fashion-mnist)", r.firstErrorLine());
        assertEquals(1, r.err().lines().count(), "nothing is downloaded first: " + r.err());
    }

    @Test
    void activationsOffersNpyInHelpAndRefusals() {
        assertTrue(help("activations").contains("--input=IMAGE|FILE.npy|NAME=FILE.npy"));
        Cli.Run none = new Cli().run("activations");
        assertEquals(
                "kerascope: give --input IMAGE, --input FILE.npy, or --dataset D --index I", none.firstErrorLine());
    }
}
