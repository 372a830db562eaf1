package io.layerloom.app.designer.service;

import io.layerloom.app.designer.service.RecoveryStore.Entry;
import io.layerloom.app.designer.service.RecoveryStore.Snapshot;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recovery folder: what is written reads back whole, live sessions are left alone, damage is reported, not thrown. */
class RecoveryStoreTest {

    @TempDir
    Path dir;

    @Test
    void aSnapshotReadsBackEqualWithWhatItWas() throws Exception {
        Graph g = RecoveryGraphs.chain("My net", 3);
        Instant at = Instant.parse("2026-12-02T21:14:03.250Z");
        Path original = dir.resolve("nets/my net \"v2\".json");
        try (RecoveryStore writer = RecoveryStore.open(dir.resolve("recovery"))) {
            Path file = writer.newDocumentFile();
            writer.write(file, new Snapshot(g, original, "my net \"v2\".json", at, "LayerLoom 0.1.0"));
            Entry entry = RecoveryStore.read(file);
            assertNull(entry.problem());
            assertEquals(new Snapshot(g, original, "my net \"v2\".json", at, "LayerLoom 0.1.0"), entry.snapshot());
            assertEquals(4, entry.snapshot().layers());
            // the graph inside is the graph writer's own text
            Map<?, ?> record = (Map<?, ?>) io.layerloom.model.json.PlainJson.parse(Files.readString(file), "r");
            assertEquals(GraphJson.write(g), record.get("graph"));
            assertEquals(4, ((Number) record.get("layers")).intValue());
            try (Stream<Path> files = Files.list(file.getParent())) {
                assertEquals(List.of(file.getFileName().toString()),
                        files.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).toList(),
                        "no temporary file is left beside it");
            }
        }
    }

    @Test
    void theFilesOfARunningSessionAreNotOfferedThoseOfAnEndedOneAre() throws IOException {
        Path folder = dir.resolve("recovery");
        RecoveryStore first = RecoveryStore.open(folder);
        Path file = first.newDocumentFile();
        first.write(file, new Snapshot(RecoveryGraphs.chain("a", 2), null, "a", Instant.now(), "LayerLoom"));
        try (RecoveryStore second = RecoveryStore.open(folder)) {
            assertEquals(List.of(), second.recoverable(), "the first session still runs");
            assertEquals(List.of(), first.recoverable(), "a session never offers its own files");
            first.close(); // the lock goes as it does when the process dies
            List<Entry> offered = second.recoverable();
            assertEquals(1, offered.size());
            assertEquals(file, offered.get(0).file());
            assertEquals(RecoveryGraphs.chain("a", 2), offered.get(0).snapshot().graph());
            assertFalse(Files.exists(folder.resolve("sessions").resolve(first.session() + ".lock")));
        }
    }

    @Test
    void damagedFilesAreListedWithTheReasonAndCanBeDeleted() throws IOException {
        Path folder = dir.resolve("recovery");
        Files.createDirectories(folder);
        String good;
        try (RecoveryStore dead = RecoveryStore.open(folder)) {
            Path file = dead.newDocumentFile();
            dead.write(file, new Snapshot(RecoveryGraphs.chain("good", 1), null, "good", Instant.parse("2026-12-02T10:00:00Z"), "LayerLoom"));
            good = Files.readString(file);
        }
        Files.writeString(folder.resolve("999-x-1_1.recovery.json"), good.substring(0, good.length() / 2));
        Files.write(folder.resolve("999-x-1_2.recovery.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        Files.writeString(folder.resolve("999-x-1_3.recovery.json"), "{\"format\": \"something-else\"}");
        Files.writeString(folder.resolve("999-x-1_4.recovery.json"), good.replace("Dense", "NoSuchLayer"));
        Files.writeString(folder.resolve("999-x-1_5.recovery.json"), "");
        Files.writeString(folder.resolve("999-x-1_6.recovery.json"), good.replace("\"version\": 1", "\"version\": 7"));
        Files.writeString(folder.resolve(".999-x-1_7.recovery.json.123.tmp"), "half a wri");
        Files.createFile(folder.resolve("sessions").resolve("4242-y-1.lock")); // ended by SIGTERM, nothing unsaved
        try (RecoveryStore store = RecoveryStore.open(folder)) {
            List<Entry> offered = store.recoverable();
            assertEquals(7, offered.size(), offered.toString());
            assertEquals("good", offered.get(0).snapshot().name(), "the readable one first (newest)");
            Map<String, String> problems = new java.util.TreeMap<>();
            offered.stream().skip(1).forEach(e -> problems.put(e.file().getFileName().toString(), e.problem()));
            assertTrue(problems.get("999-x-1_1.recovery.json").startsWith("it is damaged: "), problems.toString());
            assertEquals("it is not UTF-8 text", problems.get("999-x-1_2.recovery.json"));
            assertEquals("it is not a LayerLoom recovery file (no \"format\": \"layerloom-recovery\")",
                    problems.get("999-x-1_3.recovery.json"));
            assertTrue(problems.get("999-x-1_4.recovery.json").contains("NoSuchLayer"), problems.toString());
            assertEquals("it is empty (the disk may have been full)", problems.get("999-x-1_5.recovery.json"));
            assertTrue(problems.get("999-x-1_6.recovery.json").startsWith("it was written by a newer LayerLoom"));
            assertFalse(Files.exists(folder.resolve(".999-x-1_7.recovery.json.123.tmp")), "an interrupted write is removed");
            try (Stream<Path> locks = Files.list(folder.resolve("sessions"))) {
                assertEquals(List.of(store.session() + ".lock"), locks.map(p -> p.getFileName().toString()).toList(),
                        "the locks of ended sessions are removed");
            }
            for (Entry e : offered) {
                store.delete(e.file());
            }
            assertEquals(List.of(), store.recoverable());
        }
    }

    @Test
    void theDataFolderFollowsEachPlatformAndCanBeOverridden() {
        String home = "/home/ada";
        assertEquals(Path.of("/home/ada/.local/share/layerloom"), UserDataFolder.resolve(null, Map.of(), "Linux", home));
        assertEquals(Path.of("/data/ada/layerloom"),
                UserDataFolder.resolve(null, Map.of("XDG_DATA_HOME", "/data/ada"), "Linux", home));
        assertEquals(Path.of("/home/ada/.local/share/layerloom"),
                UserDataFolder.resolve(null, Map.of("XDG_DATA_HOME", "relative"), "Linux", home), "a relative XDG value is ignored");
        assertEquals(Path.of("/home/ada/Library/Application Support/LayerLoom"), UserDataFolder.resolve(null, Map.of(), "Mac OS X", home));
        assertEquals(Path.of("/appdata/LayerLoom"), UserDataFolder.resolve(null, Map.of("APPDATA", "/appdata"), "Windows 11", home));
        assertEquals(Path.of("/tmp/ll"), UserDataFolder.resolve(null, Map.of(UserDataFolder.ENV, "/tmp/ll",
                "XDG_DATA_HOME", "/data/ada"), "Linux", home));
        assertEquals(Path.of("/tmp/prop"), UserDataFolder.resolve("/tmp/prop", Map.of(UserDataFolder.ENV, "/tmp/ll"), "Linux", home));
    }

    static String text(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
