package io.layerloom.model.util;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writing a file so that it is either the old one or the complete new one, never half of
 * each: the content goes to a temporary file in the same folder, which then replaces the
 * target in one step. The new file keeps the permissions of the file it replaces (a new file
 * gets rw-r--r--, not the temporary file's owner-only rights).
 *
 * <p>A symbolic link is written through: the file it points to is replaced (the temporary file
 * goes beside that file), and the link stays a link. A read-only file or folder is refused with
 * its name and permissions, also when the process could write anyway (root): a read-only mark is
 * the user's statement that the file must not change. The content and then the folder are
 * flushed to disk (fsync) around the rename, so a crash right after a save loses neither.
 */
public final class AtomicFiles {

    /** Writes the content of a file at the given (temporary) path. */
    @FunctionalInterface
    public interface Content {
        void writeTo(Path file) throws IOException;
    }

    private static final Set<PosixFilePermission> DEFAULT = PosixFilePermissions.fromString("rw-r--r--");
    private static final Set<PosixFilePermission> WRITE_BITS = Set.of(PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    /** As Linux's ELOOP: a chain of links longer than this is a loop. */
    private static final int MAX_LINKS = 40;

    private AtomicFiles() {
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, tmp -> Files.writeString(tmp, text, StandardCharsets.UTF_8));
    }

    public static void write(Path target, Content content) throws IOException {
        Path file = throughLinks(target.toAbsolutePath(), target);
        Path folder = file.getParent();
        refuseReadOnly(target, file, folder);
        Path tmp;
        try {
            tmp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp");
        } catch (AccessDeniedException e) {
            throw new AccessDeniedException(null, null, "the folder " + folder + " does not let LayerLoom create "
                    + "a file in it to save " + target + " (permission denied); nothing was written. Save in another folder, "
                    + "or make this one writable.");
        }
        try {
            content.writeTo(tmp);
            if (posix()) {
                Files.setPosixFilePermissions(tmp, Files.exists(file) ? Files.getPosixFilePermissions(file) : DEFAULT);
            }
            sync(tmp, false);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            sync(folder, true);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** The file a path names once every symbolic link at its end is followed (the file need not exist). */
    private static Path throughLinks(Path path, Path asGiven) throws IOException {
        Path p = path;
        for (int i = 0; Files.isSymbolicLink(p); i++) {
            if (i == MAX_LINKS) {
                throw new FileSystemException(null, null, asGiven + " is a symbolic link that leads through more "
                        + "than " + MAX_LINKS + " links (a loop?); nothing was written.");
            }
            Path link = Files.readSymbolicLink(p);
            p = p.resolveSibling(link);
        }
        return p;
    }

    private static void refuseReadOnly(Path target, Path file, Path folder) throws IOException {
        String via = file.equals(target.toAbsolutePath()) ? "" : " (where the link " + target + " leads)";
        if (Files.exists(file) && readOnly(file)) {
            throw new AccessDeniedException(null, null, "the file " + file + via + " is read-only (permissions "
                    + permissions(file) + "); nothing was written. Make it writable (chmod u+w " + file + ") or save "
                    + "under another name.");
        }
        if (Files.isDirectory(folder) && readOnly(folder)) {
            throw new AccessDeniedException(null, null, "the folder " + folder + " of " + target
                    + " is read-only (permissions " + permissions(folder) + "); nothing was written. Save in another "
                    + "folder, or make this one writable (chmod u+w " + folder + ").");
        }
    }

    /** Not writable for this process, or (as root, whom nothing stops) marked writable for nobody. */
    private static boolean readOnly(Path p) throws IOException {
        if (!Files.isWritable(p)) {
            return true;
        }
        return posix() && Files.getPosixFilePermissions(p).stream().noneMatch(WRITE_BITS::contains);
    }

    private static String permissions(Path p) throws IOException {
        return posix() ? PosixFilePermissions.toString(Files.getPosixFilePermissions(p)) : "not writable";
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    /** fsync; a folder that cannot be opened for it (some systems) is left to the system. */
    private static void sync(Path p, boolean folder) throws IOException {
        try (FileChannel channel = FileChannel.open(p, folder ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.force(true);
        } catch (IOException e) {
            if (!folder) {
                throw e;
            }
        }
    }
}
