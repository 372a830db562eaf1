package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.DialogService;
import io.layerloom.app.designer.service.RecoveryStore;
import io.layerloom.app.designer.service.RecoveryStore.Entry;
import io.layerloom.app.designer.service.RecoveryStore.Snapshot;
import io.layerloom.model.json.GraphJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Work that a crash left unsaved, offered back when the designer starts: each recovery file the
 * {@link RecoveryStore} finds, with what it is (name, original file, time, layers), and the three
 * answers: restore it into a window, save it elsewhere, or discard it. A damaged file is listed
 * with the reason and can only be discarded. Reading and writing run on {@code io}; the list
 * changes on {@code ui}.
 */
public final class RecoveryViewModel {

    /** One recoverable document, or one damaged file, as the dialog shows it. */
    public record Item(Entry entry, String title, String details) {
        public boolean recoverable() {
            return entry.snapshot() != null;
        }
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm");

    private final ObservableList<Item> items = FXCollections.observableArrayList();
    private final ObservableList<Item> itemsView = FXCollections.unmodifiableObservableList(items);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");

    private final RecoveryStore store;
    private final DialogService dialogs;
    private final Executor io;
    private final Executor ui;
    private final BiConsumer<Snapshot, Path> restorer;
    private final ZoneId zone;

    /**
     * @param restorer opens a snapshot as an unsaved document and takes over its recovery file
     *                 (the second argument), deleting it once the work is journaled anew
     */
    public RecoveryViewModel(RecoveryStore store, DialogService dialogs, Executor io, Executor ui,
                             BiConsumer<Snapshot, Path> restorer, ZoneId zone) {
        this.store = Objects.requireNonNull(store, "store");
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.io = Objects.requireNonNull(io, "io");
        this.ui = Objects.requireNonNull(ui, "ui");
        this.restorer = Objects.requireNonNull(restorer, "restorer");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Looks for recovery files in the background; {@code whenFound} runs on the UI thread if there are any. */
    public void load(Runnable whenFound) {
        io.execute(() -> {
            List<Item> found;
            try {
                found = store.recoverable().stream().map(this::item).toList();
            } catch (IOException | RuntimeException e) {
                // nothing to offer is better than a start that fails; the reason goes to the log
                org.slf4j.LoggerFactory.getLogger(RecoveryViewModel.class)
                        .warn("Could not look for recovery files in {}", store.folder(), e);
                found = List.of();
            }
            List<Item> result = found;
            ui.execute(() -> {
                items.setAll(result);
                if (!result.isEmpty()) {
                    whenFound.run();
                }
            });
        });
    }

    /** Opens the document as an unsaved one; its recovery file is replaced by the window's own. */
    public void restore(Item item) {
        Snapshot snapshot = item.entry().recoverable().orElseThrow(() ->
                new IllegalArgumentException("a damaged recovery file cannot be restored: " + item.entry().file()));
        items.remove(item);
        restorer.accept(snapshot, item.entry().file());
    }

    /** Asks where, writes the graph there, then deletes the recovery file. */
    public void saveElsewhere(Item item) {
        Snapshot snapshot = item.entry().recoverable().orElseThrow(() ->
                new IllegalArgumentException("a damaged recovery file has nothing to save: " + item.entry().file()));
        Path suggested = snapshot.originalFile()
                .map(p -> p.resolveSibling(stem(p.getFileName().toString()) + "-recovered.json"))
                .orElse(Path.of(MainViewModel.safeFileName(snapshot.name()) + ".json"));
        Optional<Path> target = dialogs.chooseFileToSave("Save recovered graph", suggested, "LayerLoom graph (*.json)", "json");
        target.ifPresent(chosen -> {
            Path file = chosen.getFileName().toString().contains(".") ? chosen : chosen.resolveSibling(chosen.getFileName() + ".json");
            io.execute(() -> {
                try {
                    Path parent = file.toAbsolutePath().getParent();
                    if (parent != null && !Files.isDirectory(parent)) {
                        throw new IOException("the folder " + parent + " does not exist");
                    }
                    GraphJson.write(snapshot.graph(), file);
                    store.delete(item.entry().file());
                    ui.execute(() -> {
                        items.remove(item);
                        message.set("Saved " + snapshot.name() + " to " + file.toAbsolutePath());
                    });
                } catch (IOException | RuntimeException e) {
                    ui.execute(() -> dialogs.showError("Save recovered graph failed",
                            "Could not save " + file + ": " + e.getMessage() + ". The recovery copy is kept; choose another place."));
                }
            });
        });
    }

    /** Deletes the recovery file: the work in it is gone. */
    public void discard(Item item) {
        items.remove(item);
        io.execute(() -> {
            try {
                store.delete(item.entry().file());
            } catch (IOException e) {
                ui.execute(() -> message.set("Could not delete " + item.entry().file() + ": " + e.getMessage()));
            }
        });
    }

    public ObservableList<Item> items() {
        return itemsView;
    }

    /** What the last answer did ("Saved ... to ..."), or why it failed. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    private Item item(Entry entry) {
        if (entry.snapshot() == null) {
            return new Item(entry, "Damaged recovery file " + entry.file().getFileName(),
                    "Cannot be restored: " + entry.problem() + ".");
        }
        Snapshot s = entry.snapshot();
        int layers = s.layers();
        String where = s.originalFile().map(p -> "Unsaved changes to " + p).orElse("Never saved");
        return new Item(entry, s.name(), where + "\n" + layers + (layers == 1 ? " layer" : " layers")
                + ", last change " + when(s.savedAt()));
    }

    private String when(Instant instant) {
        ZonedDateTime t = instant.atZone(zone);
        LocalDate today = LocalDate.now(zone);
        if (t.toLocalDate().equals(today)) {
            return "today at " + TIME.format(t);
        }
        if (t.toLocalDate().equals(today.minusDays(1))) {
            return "yesterday at " + TIME.format(t);
        }
        return DAY_AND_TIME.format(t);
    }

    private static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }
}
