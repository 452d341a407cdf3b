package dev.kerascope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A problem found in a folder kerascope made is told about the file the user gave. */
class BadInputExceptionTest {
    private static final Path TEMPORARY = Path.of("/tmp/kerascope-keras-1/saved_model");
    private static final Path GIVEN = Path.of("models/mnist.keras");

    @Test
    void theFolderKerascopeMadeIsNamedAsTheGivenFileWithTheSameRemedy() {
        BadInputException e = BadInputException.inFile(TEMPORARY, "has no meta graph tagged {foo}")
                .suggesting(Remedy.CHOOSE_TAGS);
        BadInputException shown = e.namingInstead(TEMPORARY, GIVEN);
        assertEquals("models/mnist.keras: has no meta graph tagged {foo}", shown.getMessage());
        assertEquals(Remedy.CHOOSE_TAGS, shown.remedy());
        assertSame(e, shown.getCause());
    }

    @Test
    void aMessageThatDoesNotNameTheFolderIsKept() {
        BadInputException e = new BadInputException("--class-names: no such file");
        assertSame(e, e.namingInstead(TEMPORARY, GIVEN));
    }
}
