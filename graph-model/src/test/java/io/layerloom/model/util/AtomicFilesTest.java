package io.layerloom.model.util;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Saving through links and onto read-only files and folders. The permission checks read the
 * permission bits, so they hold for root too (the tests run as root in CI, where the system
 * itself would let every write through).
 */
class AtomicFilesTest {

    @Test
    void savingOntoASymbolicLinkWritesThroughToItsTargetAndKeepsTheLink(@TempDir Path dir) throws Exception {
        Path real = Files.createDirectories(dir.resolve("models")).resolve("net.json");
        Files.writeString(real, "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("models/net.json"));
        Path linkToLink = Files.createSymbolicLink(dir.resolve("again.json"), link.getFileName());

        AtomicFiles.writeString(linkToLink, "new");

        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.isSymbolicLink(linkToLink));
        assertEquals("new", Files.readString(real));
        assertEquals("new", Files.readString(linkToLink));
        try (var files = Files.list(dir.resolve("models"))) {
            assertEquals(1, files.count(), "no temporary file left beside the target");
        }
    }

    @Test
    void aDanglingLinkCreatesItsTarget(@TempDir Path dir) throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), Path.of("made.json"));
        AtomicFiles.writeString(link, "made");
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("made", Files.readString(dir.resolve("made.json")));
    }

    @Test
    void aLoopOfLinksIsRefused(@TempDir Path dir) throws Exception {
        Files.createSymbolicLink(dir.resolve("a.json"), Path.of("b.json"));
        Files.createSymbolicLink(dir.resolve("b.json"), Path.of("a.json"));
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(dir.resolve("a.json"), "x"));
        assertTrue(e.getMessage().contains("more than 40 links (a loop?)"), e.getMessage());
    }

    @Test
    void aReadOnlyFileIsRefusedNamingThePermission(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));

        IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(file, "new"));

        assertEquals("the file " + file + " is read-only (permissions r--r--r--); nothing was written. Make it writable "
                + "(chmod u+w " + file + ") or save under another name.", e.getMessage());
        assertEquals("old", Files.readString(file));
        Path link = Files.createSymbolicLink(dir.resolve("link.json"), file.getFileName());
        assertTrue(assertThrows(IOException.class, () -> AtomicFiles.writeString(link, "new")).getMessage()
                .contains("(where the link " + link + " leads) is read-only"));
    }

    @Test
    void aReadOnlyFolderIsRefusedNamingTheUsersFileNotTheTemporaryOne(@TempDir Path dir) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("locked"));
        Path file = folder.resolve("net.json");
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            IOException e = assertThrows(IOException.class, () -> AtomicFiles.writeString(file, "new"));
            assertEquals("the folder " + folder + " of " + file + " is read-only (permissions r-xr-xr-x); "
                    + "nothing was written. Save in another folder, or make this one writable (chmod u+w " + folder + ").",
                    e.getMessage());
            assertFalse(e.getMessage().contains(".tmp"));
            assertFalse(Files.exists(file));
        } finally {
            Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aReplacedFileKeepsItsPermissionsAndANewOneGetsTheUsualOnes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("net.json");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
        AtomicFiles.writeString(file, "new");
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Path fresh = dir.resolve("fresh.json");
        AtomicFiles.writeString(fresh, "x");
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
    }
}
