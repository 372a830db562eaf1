package io.layerloom.app.designer.service;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphFormatException;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.json.PlainJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The recovery folder: one file per open document with unsaved changes, so that a crash, a power
 * cut or {@code kill -9} loses at most the last moments of work. Each running designer is a
 * <em>session</em> that holds an OS lock on {@code sessions/SESSION.lock} for as long as it runs;
 * the OS drops the lock when the process dies, however it dies. A recovery file whose session's
 * lock can be taken belongs to a process that is gone: that is work to offer back. The files of a
 * live session (a second window of LayerLoom running now) are never offered.
 *
 * <p>A file is {@code SESSION_N.recovery.json}: a small JSON record (what the document was, when,
 * how many layers, which LayerLoom wrote it) with the graph's own text, as {@link GraphJson} writes
 * it, in its {@code "graph"} member. It is written to a temporary file, forced to the disk and
 * renamed over the old one, and the folder is forced too: a reader sees the old snapshot or the
 * new one, never half of one, even after a power cut.
 */
public final class RecoveryStore implements AutoCloseable {

    public static final String FORMAT = "layerloom-recovery";
    public static final int VERSION = 1;
    static final String SUFFIX = ".recovery.json";
    /** A recovery file holds one graph; a graph file is at most {@link GraphJson#MAX_FILE_BYTES}. */
    static final long MAX_BYTES = 2 * GraphJson.MAX_FILE_BYTES;

    private final Path folder;
    private final String session;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final AtomicInteger documents = new AtomicInteger();

    /** What one recovery file holds. {@code original} is null for a graph never saved. */
    public record Snapshot(Graph graph, Path original, String name, Instant savedAt, String app) {
        public Snapshot {
            Objects.requireNonNull(graph, "graph");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(savedAt, "savedAt");
            Objects.requireNonNull(app, "app");
        }

        public Optional<Path> originalFile() {
            return Optional.ofNullable(original);
        }

        /** The nodes of the graph, as the status line counts layers. */
        public int layers() {
            return graph.size();
        }
    }

    /** A recovery file left by a session that is gone: its snapshot, or why it cannot be read. */
    public record Entry(Path file, Snapshot snapshot, String problem) {
        public Optional<Snapshot> recoverable() {
            return Optional.ofNullable(snapshot);
        }
    }

    private RecoveryStore(Path folder, String session, FileChannel lockChannel, FileLock lock) {
        this.folder = folder;
        this.session = session;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens (making it if needed) the recovery folder and starts this process's session.
     *
     * @throws IOException when the folder cannot be made or the session lock taken; the caller
     *                     runs without recovery and says so
     */
    public static RecoveryStore open(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        Path sessions = absolute.resolve("sessions");
        Files.createDirectories(sessions);
        ProcessHandle self = ProcessHandle.current();
        long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(System.currentTimeMillis());
        // the start time tells apart a later process that the OS gave the same pid; the counter two stores of one JVM (tests)
        String session = self.pid() + "-" + Long.toString(started, 36) + "-" + OPENED.incrementAndGet();
        FileChannel channel = FileChannel.open(sessions.resolve(session + ".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("the session lock " + sessions.resolve(session + ".lock") + " is held by another process");
        }
        return new RecoveryStore(absolute, session, channel, lock);
    }

    private static final AtomicInteger OPENED = new AtomicInteger();

    public Path folder() {
        return folder;
    }

    public String session() {
        return session;
    }

    /** A new file name for one more document of this session (nothing is written yet). */
    public Path newDocumentFile() {
        return folder.resolve(session + "_" + documents.incrementAndGet() + SUFFIX);
    }

    /** Writes {@code snapshot} to {@code target} atomically and durably (see the class comment). */
    public void write(Path target, Snapshot snapshot) throws IOException {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("format", FORMAT);
        record.put("version", VERSION);
        record.put("app", snapshot.app());
        record.put("name", snapshot.name());
        record.put("original", snapshot.original() == null ? null : snapshot.original().toString());
        record.put("savedAt", snapshot.savedAt().toString());
        record.put("layers", snapshot.layers());
        record.put("graph", GraphJson.write(snapshot.graph()));
        writeDurably(target, PlainJson.write(record).getBytes(StandardCharsets.UTF_8));
    }

    /** Deletes one recovery file (saved, closed, restored or discarded); a missing file is fine. */
    public void delete(Path file) throws IOException {
        Files.deleteIfExists(file);
        forceFolder(file.toAbsolutePath().getParent());
    }

    /**
     * The recovery files that sessions no longer running left behind, newest first, each read and
     * checked: a damaged one is listed with the reason, never thrown. Files of live sessions,
     * this one included, are left alone.
     */
    public List<Entry> recoverable() throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<String> deadSessions = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                String fileName = file.getFileName().toString();
                boolean recovery = fileName.endsWith(SUFFIX);
                boolean leftover = fileName.startsWith(".") && fileName.endsWith(".tmp");
                if (!recovery && !leftover || !Files.isRegularFile(file)) {
                    continue;
                }
                String owner = sessionOf(fileName);
                if (owner.equals(session) || isAlive(owner)) {
                    continue;
                }
                if (leftover) {
                    // a write the crash interrupted: the file it was to replace is still whole
                    Files.deleteIfExists(file);
                    continue;
                }
                entries.add(read(file));
                if (!deadSessions.contains(owner)) {
                    deadSessions.add(owner);
                }
            }
        }
        removeDeadLocks(deadSessions);
        entries.sort(Comparator.comparing((Entry e) -> e.snapshot() == null ? Instant.EPOCH : e.snapshot().savedAt())
                .reversed());
        return entries;
    }

    /** Reads one recovery file; what is wrong with it becomes the entry's problem. */
    public static Entry read(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                return broken(file, "it has " + size + " bytes, more than a recovery file ever holds (" + MAX_BYTES + ")");
            }
            if (size == 0) {
                return broken(file, "it is empty (the disk may have been full)");
            }
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
            Object parsed = PlainJson.parse(text, file.getFileName().toString());
            if (!(parsed instanceof Map<?, ?> record) || !FORMAT.equals(record.get("format"))) {
                return broken(file, "it is not a LayerLoom recovery file (no \"format\": \"" + FORMAT + "\")");
            }
            if (!(record.get("version") instanceof Number version) || version.intValue() > VERSION) {
                return broken(file, "it was written by a newer LayerLoom (recovery format version "
                        + record.get("version") + "; this one reads " + VERSION + ")");
            }
            if (!(record.get("graph") instanceof String graphText)) {
                return broken(file, "it holds no graph");
            }
            Graph graph = GraphJson.read(graphText, file.getFileName() + " (graph)");
            String name = record.get("name") instanceof String s && !s.isBlank() ? s : "Untitled";
            Path original = record.get("original") instanceof String s ? Path.of(s) : null;
            Instant savedAt = record.get("savedAt") instanceof String s ? Instant.parse(s)
                    : Files.getLastModifiedTime(file).toInstant();
            String app = record.get("app") instanceof String s ? s : "LayerLoom";
            return new Entry(file, new Snapshot(graph, original, name, savedAt, app), null);
        } catch (CharacterCodingException e) {
            return broken(file, "it is not UTF-8 text");
        } catch (GraphFormatException e) {
            return broken(file, "it is damaged: " + e.getMessage());
        } catch (DateTimeParseException e) {
            return broken(file, "its time \"" + e.getParsedString() + "\" is not a time");
        } catch (NoSuchFileException e) {
            return broken(file, "it was deleted while being read");
        } catch (IOException | RuntimeException e) {
            return broken(file, "it cannot be read: " + e.getMessage());
        }
    }

    /** Ends the session: the lock is released and its file removed (recovery files stay unless cleared). */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            lockChannel.close();
            Files.deleteIfExists(folder.resolve("sessions").resolve(session + ".lock"));
        }
    }

    private static Entry broken(Path file, String why) {
        return new Entry(file, null, why);
    }

    private static String sessionOf(String fileName) {
        String name = fileName.startsWith(".") ? fileName.substring(1) : fileName;
        int end = name.indexOf('_');
        return end < 0 ? name : name.substring(0, end);
    }

    /** Whether a running process holds the session's lock (this JVM's other stores count as running). */
    private boolean isAlive(String owner) throws IOException {
        Path lockFile = folder.resolve("sessions").resolve(owner + ".lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    private void removeDeadLocks(List<String> deadSessions) throws IOException {
        // also the locks of sessions that ended without leaving work (a SIGTERM skips the normal close)
        try (DirectoryStream<Path> locks = Files.newDirectoryStream(folder.resolve("sessions"), "*.lock")) {
            for (Path lockFile : locks) {
                String owner = lockFile.getFileName().toString().replaceFirst("\\.lock$", "");
                if (!owner.equals(session) && !deadSessions.contains(owner) && !isAlive(owner)) {
                    deadSessions.add(owner);
                }
            }
        }
        for (String dead : deadSessions) {
            try {
                Files.deleteIfExists(folder.resolve("sessions").resolve(dead + ".lock"));
            } catch (IOException e) {
                // a stale lock file costs one failed probe at the next start, nothing more
            }
        }
    }

    static void writeDurably(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName() + ".", ".tmp");
        try {
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    out.write(buffer);
                }
                out.force(true);
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            forceFolder(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Makes a rename or delete in {@code dir} durable; where a folder cannot be opened (Windows) the rename is as durable as the OS makes it. */
    private static void forceFolder(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            // not supported on this platform
        }
    }
}
