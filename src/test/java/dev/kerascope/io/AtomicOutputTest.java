package dev.kerascope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes and staged folders leave old or new content under a final name, never a torn one, and no leftovers. */
class AtomicOutputTest {
    /** The file a previous output of the kind built here holds (a report's page). */
    private static final String OWN = "index.html";

    @TempDir
    Path dir;

    static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesReplaceTheFileAndLeaveNoTemporarySibling() throws Exception {
        Path f = dir.resolve("sub/deeper/a.txt");
        AtomicFiles.writeString(f, "first");
        AtomicFiles.writeString(f, "second ü");
        assertEquals("second ü", Files.readString(f));
        assertEquals(List.of("a.txt"), names(f.getParent()), "no .a.txt.tmp left behind");
        assertEquals(dir.resolve("sub/deeper/.a.txt.tmp"), AtomicFiles.temporarySibling(f));
    }

    @Test
    void aWriteThatFailsDeletesItsTemporaryFileAndNamesTheTarget() throws Exception {
        Path target = Files.createDirectories(dir.resolve("occupied"));
        Files.writeString(target.resolve("inside"), "x");
        UncheckedIOException e =
                assertThrows(UncheckedIOException.class, () -> AtomicFiles.writeString(target, "data"));
        assertTrue(e.getMessage().startsWith("cannot write " + target), e.getMessage());
        assertEquals(List.of("occupied"), names(dir), "the temporary file is gone");
    }

    @Test
    void aFinishedFolderReplacesAnOlderOneWhole() throws Exception {
        Path target = Files.createDirectories(dir.resolve("t"));
        Files.writeString(target.resolve("old.txt"), "old");
        Path finished = Files.createDirectories(dir.resolve(".t.new"));
        Files.writeString(finished.resolve("new.txt"), "new");
        AtomicFiles.moveIntoPlace(finished, target);
        assertEquals(List.of("new.txt"), names(target));
        assertFalse(Files.exists(finished));
    }

    @Test
    void deletingRecursivelyRemovesNestedFilesAndIgnoresMissingPaths() throws Exception {
        Path root = Files.createDirectories(dir.resolve("r/a/b"));
        Files.writeString(root.resolve("f"), "x");
        Files.writeString(dir.resolve("r/g"), "y");
        AtomicFiles.deleteRecursively(dir.resolve("r"));
        assertFalse(Files.exists(dir.resolve("r")));
        AtomicFiles.deleteRecursively(dir.resolve("never"));
        Files.writeString(dir.resolve("q"), "z");
        AtomicFiles.deleteQuietly(dir.resolve("q"));
        assertFalse(Files.exists(dir.resolve("q")));
    }

    @Test
    void aStagedFolderAppearsOnlyWhenCompleteAndReplacesThePreviousOne() throws Exception {
        Path out = dir.resolve("report");
        String first = StagedFolder.build(out, OWN, "report", staging -> {
            assertFalse(Files.exists(out), "nothing under the final name while working");
            assertTrue(staging.getFileName().toString().startsWith(".report.partial-"), staging.toString());
            AtomicFiles.writeString(staging.resolve("index.html"), "one");
            return "done";
        });
        assertEquals("done", first);
        assertEquals("one", Files.readString(out.resolve("index.html")));
        StagedFolder.build(out, OWN, "report", staging -> {
            AtomicFiles.writeString(staging.resolve("page.html"), "two");
            return null;
        });
        assertEquals(List.of("page.html"), names(out), "the previous folder is replaced whole");
        assertEquals(List.of("report"), names(dir), "no staging or old folder left");
    }

    @Test
    void aFailedStagedFolderLeavesThePreviousOneUntouched() throws Exception {
        Path out = dir.resolve("report");
        StagedFolder.build(out, OWN, "report", staging -> AtomicFiles.temporarySibling(staging.resolve("x")));
        Files.writeString(out.resolve("index.html"), "previous");
        assertThrows(
                IllegalStateException.class,
                () -> StagedFolder.build(out, OWN, "report", staging -> {
                    AtomicFiles.writeString(staging.resolve("index.html"), "half");
                    throw new IllegalStateException("failed half-way");
                }));
        assertEquals("previous", Files.readString(out.resolve("index.html")));
        assertEquals(List.of("report"), names(dir), "the staging folder is removed");
    }

    @Test
    void aStaleStagingFolderOfAnEarlierRunIsClearedFirst() throws Exception {
        Path stale = Files.createDirectories(
                dir.resolve(".report.partial-" + ProcessHandle.current().pid()));
        Files.writeString(stale.resolve("stale.png"), "old");
        Path out = dir.resolve("report");
        StagedFolder.build(out, OWN, "report", staging -> {
            AtomicFiles.writeString(staging.resolve("index.html"), "new");
            return null;
        });
        assertEquals(List.of("index.html"), names(out));
    }

    @Test
    void whenTheFinalRenameFailsThePreviousFolderIsPutBack() throws Exception {
        Path out = dir.resolve("report");
        StagedFolder.build(out, OWN, "report", staging -> {
            AtomicFiles.writeString(staging.resolve("index.html"), "previous");
            return null;
        });
        // The work removes its own staging folder, so the rename into place fails after the old folder moved aside.
        assertThrows(
                UncheckedIOException.class,
                () -> StagedFolder.build(out, OWN, "report", staging -> {
                    AtomicFiles.deleteQuietly(staging);
                    return null;
                }));
        assertEquals("previous", Files.readString(out.resolve("index.html")));
        assertEquals(List.of("report"), names(dir), "no hidden old folder is left");
    }

    @Test
    void aStagedFolderOverAFileIsRefusedNamingIt() throws Exception {
        Path file = Files.writeString(dir.resolve("taken"), "x");
        BadInputException e =
                assertThrows(BadInputException.class, () -> StagedFolder.build(file, OWN, "report", s -> null));
        assertEquals(file + ": is a file, not a folder", e.getMessage());
    }

    @Test
    void outputFoldersAreCreatedAndFilesOrUnwritableFoldersRefused() throws Exception {
        Path made = OutputFolder.prepare(dir.resolve("x/y"));
        assertTrue(Files.isDirectory(made));
        assertEquals(dir.resolve("x/y"), made);
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals(
                file + ": is a file, not a folder",
                assertThrows(BadInputException.class, () -> OutputFolder.prepare(file))
                        .getMessage());
        assertTrue(assertThrows(BadInputException.class, () -> OutputFolder.prepare(file.resolve("below")))
                .getMessage()
                .startsWith(file.resolve("below") + ": cannot create the output folder"));
        Path locked = Files.createDirectories(dir.resolve("locked"));
        assertTrue(locked.toFile().setWritable(false));
        try {
            if (!Files.isWritable(locked)) { // root can write anywhere; the check means nothing then
                assertEquals(
                        locked + ": the output folder is not writable",
                        assertThrows(BadInputException.class, () -> OutputFolder.prepare(locked))
                                .getMessage());
            }
        } finally {
            locked.toFile().setWritable(true);
        }
    }

    @Test
    void badInputMessagesStartWithTheFile() {
        assertEquals(
                "a/b.json: broken",
                BadInputException.inFile(Path.of("a/b.json"), "broken").getMessage());
    }

    @Test
    void thirdAndLaterCollisionsCountOn() {
        SafeNames n = new SafeNames();
        assertEquals("x.png", n.fileName("x", ".png"));
        assertEquals(
                "X_2.png", n.fileName("X", ".png"), "names differing in case collide (case-insensitive file systems)");
        assertEquals("x_3.png", n.fileName("x", ".png"));
        assertEquals("_.npy", n.fileName("", ".npy"));
    }
}
