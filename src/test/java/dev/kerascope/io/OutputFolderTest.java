package dev.kerascope.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing of a user's is lost to an output folder: replaced only when it is kerascope's own, made only when used. */
class OutputFolderTest {
    @TempDir
    Path dir;

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFolderOfOtherFilesIsNeverReplacedAndTheWorkNeverRuns() throws Exception {
        Path docs = Files.createDirectories(dir.resolve("docs"));
        Files.writeString(docs.resolve("important.txt"), "mine");
        AtomicBoolean ran = new AtomicBoolean();
        BadInputException e = assertThrows(
                BadInputException.class,
                () -> StagedFolder.build(docs, "explorer-data.js", "report", d -> {
                    ran.set(true);
                    return null;
                }));
        assertEquals(
                docs + ": holds files that are not a kerascope report (no explorer-data.js): a report replaces its"
                        + " whole folder, so nothing was written",
                e.getMessage());
        assertEquals(Remedy.OTHER_FOLDER, e.remedy());
        assertFalse(ran.get());
        assertEquals("mine", Files.readString(docs.resolve("important.txt")));
        assertEquals(List.of("docs"), names(dir), "no staging folder beside it");
    }

    @Test
    void aMissingAnEmptyOrAPreviousOutputFolderIsReplaced() throws Exception {
        Path missing = dir.resolve("new");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Path previous = Files.createDirectories(dir.resolve("previous"));
        Files.writeString(previous.resolve("own.js"), "old");
        Files.writeString(previous.resolve("figure.png"), "old");
        for (Path out : List.of(missing, empty, previous)) {
            StagedFolder.build(out, "own.js", "report", d -> {
                AtomicFiles.writeString(d.resolve("own.js"), "new");
                return null;
            });
            assertEquals(List.of("own.js"), names(out), out.toString());
        }
    }

    @Test
    void checkingCreatesNothingAndRefusesWhatCouldNotBeCreated() throws Exception {
        Path deep = dir.resolve("a/b/c");
        assertEquals(deep, OutputFolder.check(deep));
        assertFalse(Files.exists(dir.resolve("a")), "nothing made before something is written");
        Path file = Files.writeString(dir.resolve("f"), "x");
        assertEquals(
                file.resolve("below/deeper") + ": cannot create the output folder: " + file + " is a file",
                assertThrows(BadInputException.class, () -> OutputFolder.check(file.resolve("below/deeper")))
                        .getMessage());
        assertEquals(
                file + ": is a file, not a folder",
                assertThrows(BadInputException.class, () -> OutputFolder.check(file))
                        .getMessage());
    }

    @Test
    void stagedFilesThatFailLeaveNoNewFolder() {
        Path out = dir.resolve("figures");
        assertThrows(
                IllegalStateException.class,
                () -> StagedFiles.write(out, d -> {
                    throw new IllegalStateException("the model had no such layer");
                }));
        assertFalse(Files.exists(out));
        StagedFiles.write(out, d -> null);
        assertTrue(Files.isDirectory(out), "a run that succeeds makes its folder even with nothing to move");
    }

    @Test
    void aPlaceNoFolderCanBeMadeIsBadInputNamingIt() {
        // /proc takes no new folders, whoever runs the test (root passes the writability check, then creation fails)
        Path proc = Path.of("/proc/kerascope-output-test");
        BadInputException staged =
                assertThrows(BadInputException.class, () -> StagedFolder.build(proc, "own.js", "report", d -> null));
        assertTrue(staged.getMessage().startsWith(proc + ": "), staged.getMessage());
        BadInputException files = assertThrows(BadInputException.class, () -> StagedFiles.write(proc, d -> null));
        assertTrue(files.getMessage().startsWith(proc + ": "), files.getMessage());
    }

    @Test
    void theCurrentFolderOrOneAboveItIsNeverReplacedHoweverItIsWritten() throws Exception {
        Path cwd = Path.of("").toAbsolutePath();
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
        // "missing/.." is the current folder once normalised, though it does not exist as written
        for (Path out : List.of(Path.of("."), Path.of("missing-" + System.nanoTime() + "/.."), cwd.getParent())) {
            BadInputException e =
                    assertThrows(BadInputException.class, () -> StagedFolder.build(out, "own.js", "report", d -> null));
            assertTrue(e.getMessage().contains("is the current folder or one above it"), e.getMessage());
        }
        assertTrue(Files.isRegularFile(cwd.resolve("pom.xml")), "the project is still here");
        Path inside = Files.createDirectories(dir.resolve("work/inner"));
        Files.writeString(dir.resolve("work/thesis.txt"), "mine");
        // a folder reached through a symbolic link is judged by what it holds
        BadInputException e = assertThrows(
                BadInputException.class, () -> StagedFolder.build(link.resolve("work"), "own.js", "report", d -> null));
        assertTrue(e.getMessage().contains("holds files that are not a kerascope report"), e.getMessage());
        assertEquals("mine", Files.readString(dir.resolve("work/thesis.txt")));
        assertTrue(Files.isDirectory(inside));
    }

    @Test
    void whyAFolderCannotBeMadeIsSaidInWordsNotJavaText() {
        assertEquals(
                "a folder on its path does not exist or cannot hold files",
                OutputFolder.reason(new NoSuchFileException("/x/y")));
        assertEquals("permission denied", OutputFolder.reason(new AccessDeniedException("/x")));
        assertEquals("Not a directory", OutputFolder.reason(new FileSystemException("/x", null, "Not a directory")));
        assertEquals("the file system refused", OutputFolder.reason(new FileSystemException("/x")));
        assertEquals("the file system refused", OutputFolder.reason(new IOException("java.io.Whatever: detail")));
    }

    @Test
    void anExistingFolderIsCheckedAndReturnedAsGiven() {
        assertEquals(dir, OutputFolder.check(dir));
        assertEquals(dir.resolve("new"), OutputFolder.prepare(dir.resolve("new")));
    }

    @Test
    void aWorkFolderIsRemovedByAStopOnlyWhileItIsBeingWritten() {
        Path[] seen = new Path[2];
        StagedFolder.build(dir.resolve("report"), "own.js", "report", d -> {
            assertTrue(WorkFolders.isLive(d), "a stop while the report is drawn removes its hidden folder");
            seen[0] = d;
            return null;
        });
        assertFalse(WorkFolders.isLive(seen[0]), "complete: no longer the hook's to remove");
        Object got = StagedFiles.write(dir.resolve("figures"), d -> {
            assertTrue(WorkFolders.isLive(d));
            seen[1] = d;
            return "figures written";
        });
        assertEquals("figures written", got, "what the work returns");
        assertFalse(WorkFolders.isLive(seen[1]));
        assertThrows(
                IllegalStateException.class,
                () -> StagedFolder.build(dir.resolve("report"), "own.js", "r", d -> {
                    seen[0] = d;
                    throw new IllegalStateException("failed");
                }));
        assertFalse(WorkFolders.isLive(seen[0]), "a failed run removed its folder itself");
        assertThrows(
                IllegalStateException.class,
                () -> StagedFiles.write(dir.resolve("figures"), d -> {
                    seen[1] = d;
                    throw new IllegalStateException("failed");
                }));
        assertFalse(WorkFolders.isLive(seen[1]));
    }

    @Test
    void aKilledRunsHiddenFolderIsClearedByTheNextBuild() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        Path partial = Files.createDirectories(dir.resolve(".report.partial-" + p.pid()));
        Files.writeString(partial.resolve("torn.png"), "half");
        StagedFolder.build(dir.resolve("report"), "own.js", "report", d -> null);
        assertEquals(List.of("report"), names(dir));
    }

    @Test
    void aStaleWorkFolderOfThisProcessIsEmptiedBeforeUse() throws Exception {
        // a folder under this very process id can only be a leftover of an earlier write in this JVM
        long pid = ProcessHandle.current().pid();
        Path stale = Files.createDirectories(dir.resolve(".figures.staging-" + pid));
        Files.writeString(stale.resolve("stale.png"), "old");
        Path out = dir.resolve("figures");
        StagedFiles.write(out, d -> {
            AtomicFiles.writeString(d.resolve("new.png"), "new");
            return null;
        });
        assertEquals(List.of("new.png"), names(out));
        Path partial = Files.createDirectories(dir.resolve(".report.partial-" + pid));
        Files.writeString(partial.resolve("stale.png"), "old");
        StagedFolder.build(dir.resolve("report"), "own.js", "report", d -> null);
        assertEquals(List.of(), names(dir.resolve("report")));
    }
}
