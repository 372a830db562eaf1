package io.layerloom.app.runs;

import io.layerloom.model.util.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a graph's runs are kept: {@code NAME.runs/} beside {@code NAME.json}, one file
 * {@code ID.json} per run, the ID its start time in UTC ({@code 20261203-041522-123}), so the
 * names sort as the runs started. A name is never reused: when that file exists (two runs in the
 * same millisecond, a sweep on a fast machine) {@code -2}, {@code -3}, ... is added. Each file is
 * written whole or not at all ({@link AtomicFiles}): a run killed while its record is written
 * leaves no half record.
 */
public final class RunFiles {

    private static final DateTimeFormatter ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(ZoneOffset.UTC);

    /** What a folder of runs holds: the records that read, sorted by start, and a message per file that did not. */
    public record Listing(List<RunRecord> runs, List<String> problems) {
        public Listing {
            runs = List.copyOf(runs);
            problems = List.copyOf(problems);
        }
    }

    private RunFiles() {
    }

    /** {@code NAME.runs} beside {@code graphFile} ({@code NAME.json}). */
    public static Path folderFor(Path graphFile) {
        String name = graphFile.getFileName().toString();
        String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
        return graphFile.toAbsolutePath().resolveSibling(stem + ".runs");
    }

    /** The ID a run started at {@code started} gets when no other run in {@code folder} has it. */
    public static String freshId(Path folder, Instant started) {
        String base = ID.format(started);
        String id = base;
        for (int n = 2; Files.exists(folder.resolve(id + ".json")); n++) {
            id = base + "-" + n;
        }
        return id;
    }

    /** Writes {@code run} as {@code folder/ID.json}, creating the folder; returns the file. */
    public static Path write(Path folder, RunRecord run) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(run.id() + ".json");
        if (Files.exists(file)) {
            throw new IOException(file + " exists: a run record is never overwritten (give the run a fresh id).");
        }
        AtomicFiles.writeString(file, RunJson.write(run));
        return file;
    }

    /** Reads one record. */
    public static RunRecord read(Path file) throws IOException {
        return RunJson.read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Every record of the graph {@code graphFile}, oldest first; none when it has no runs folder. */
    public static Listing list(Path graphFile) throws IOException {
        Path folder = folderFor(graphFile);
        List<RunRecord> runs = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return new Listing(runs, problems);
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(folder,
                p -> p.getFileName().toString().endsWith(".json") && !p.getFileName().toString().startsWith("."))) {
            dir.forEach(files::add);
        }
        files.sort(Comparator.comparing(p -> p.getFileName().toString()));
        for (Path f : files) {
            try {
                runs.add(read(f));
            } catch (IOException | RuntimeException e) {
                problems.add(f.getFileName() + ": " + e.getMessage());
            }
        }
        runs.sort(Comparator.comparing(RunRecord::started).thenComparing(RunRecord::id));
        return new Listing(runs, problems);
    }

    /** Deletes the record {@code id} of the graph {@code graphFile} (a run the user discards); false when there was none. */
    public static boolean discard(Path graphFile, String id) throws IOException {
        if (!id.matches("[0-9A-Za-z._-]+")) {
            throw new IOException("'" + id + "' is not a run id (such as 20261203-041522-123).");
        }
        return Files.deleteIfExists(folderFor(graphFile).resolve(id + ".json"));
    }
}
