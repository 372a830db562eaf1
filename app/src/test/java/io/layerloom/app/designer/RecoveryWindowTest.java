package io.layerloom.app.designer;

import io.layerloom.app.designer.service.RecoveryGraphs;
import io.layerloom.app.designer.service.RecoveryStore;
import io.layerloom.app.designer.service.RecoveryStore.Snapshot;
import io.layerloom.app.designer.view.RecoveryDialog;
import io.layerloom.app.designer.viewmodel.RecoveryViewModel;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The start-up offer, headless: what a crashed session left is shown (name, file, layers, time),
 * a damaged file with its reason; Restore opens the graph unsaved in the window, Discard and Save
 * Elsewhere remove the recovery file, and the dialog closes when nothing is left to decide.
 */
@ExtendWith(ApplicationExtension.class)
class RecoveryWindowTest {

    @TempDir
    Path dir;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private DesignerWindow window;
    private RecoveryStore store;
    private RecoveryViewModel offer;
    private RecoveryDialog dialog;
    private Path crashed;
    private Path damaged;
    private final Graph edited = RecoveryGraphs.chain("My net", 3);

    @Start
    void start(Stage stage) throws Exception {
        Path folder = dir.resolve("recovery");
        try (RecoveryStore dead = RecoveryStore.open(folder)) { // closed: as after kill -9, its lock is free
            crashed = dead.newDocumentFile();
            dead.write(crashed, new Snapshot(edited, dir.resolve("my-net.json"), "my-net.json", Instant.now(), "LayerLoom 0.1.0"));
            damaged = dead.newDocumentFile();
            Files.writeString(damaged, "{\"format\": \"layerloom-recovery\", \"version\": 1, \"graph\": \"{\\\"nodes\\\": [");
        }
        store = RecoveryStore.open(folder);
        window = DesignerWindow.openForTest(stage, null, dialogs, store);
        offer = DesignerComposition.recoveryOffer(store, dialogs, window::restore);
        offer.load(() -> dialog = RecoveryDialog.show(stage, offer));
    }

    @AfterEach
    void close() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> window.shutdown()).get(10, TimeUnit.SECONDS);
        store.close();
    }

    private void awaitDialog() throws Exception {
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> dialog != null && dialog.isShowing());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Button button(FxRobot robot, String cardTitle, String text) {
        Node card = robot.lookup(".recovery-card").match((Node n) ->
                robot.from(n).lookup(".recovery-title").queryAs(Label.class).getText().startsWith(cardTitle)).query();
        return robot.from(card).lookup((Node n) -> n instanceof Button b && b.getText().equals(text)).queryAs(Button.class);
    }

    @Test
    void restoreOpensTheCrashedWorkUnsavedAndDiscardRemovesTheDamagedFile(FxRobot robot) throws Exception {
        awaitDialog();
        List<String> titles = robot.lookup(".recovery-title").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertEquals(List.of("my-net.json", "Damaged recovery file " + damaged.getFileName()), titles);
        List<String> details = robot.lookup(".recovery-card .recovery-details").queryAllAs(Label.class).stream()
                .map(Label::getText).toList();
        assertTrue(details.get(0).startsWith("Unsaved changes to " + dir.resolve("my-net.json") + "\n4 layers, last change today at "),
                details.get(0));
        assertTrue(details.get(1).startsWith("Cannot be restored: it is damaged: "), details.get(1));
        assertEquals(List.of("Discard"), robot.from(robot.lookup(".recovery-card.damaged").<Node>query())
                .lookup(".button").queryAllAs(Button.class).stream().map(Button::getText).toList(),
                "a damaged file can only be discarded");

        robot.clickOn(button(robot, "my-net.json", "Restore"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(edited, window.document().graph());
        assertTrue(window.document().isDirty());
        assertEquals("\u25CF my-net.json \u2014 LayerLoom", window.stage().getTitle());
        assertEquals(Optional.of(dir.resolve("my-net.json")), window.document().file());
        assertTrue(dialog.isShowing(), "the damaged file is still to be decided");

        robot.clickOn(button(robot, "Damaged", "Discard"));
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(dialog.isShowing(), "nothing left to decide");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !Files.exists(damaged) && !Files.exists(crashed));
        // the restored work is journaled by this session now, and a save clears it
        Path own = ownRecoveryFile();
        assertEquals(edited, RecoveryStore.read(own).snapshot().graph());
        WaitForAsyncUtils.asyncFx(() -> window.main().save()).get(5, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !window.document().isDirty());
        assertEquals(edited, GraphJson.read(dir.resolve("my-net.json")));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !Files.exists(own));
    }

    @Test
    void saveElsewhereWritesTheGraphWhereTheUserSaysAndForgetsTheRecoveryFile(FxRobot robot) throws Exception {
        awaitDialog();
        Path chosen = dir.resolve("kept.json");
        dialogs.filesToSave.add(Optional.of(chosen));
        robot.clickOn(button(robot, "my-net.json", "Save Elsewhere\u2026"));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> Files.exists(chosen) && !Files.exists(crashed));
        assertEquals(List.of("save:my-net-recovered.json"), dialogs.questions);
        assertEquals(edited, GraphJson.read(chosen));
        assertFalse(window.document().isDirty(), "the window's own document is untouched");
        assertEquals(0, window.document().graph().size());
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, robot.lookup(".recovery-card").queryAll().size());
        assertNull(RecoveryStore.read(damaged).snapshot());
    }

    @Test
    void closingWithoutSavingDeletesTheWindowsOwnRecoveryFile(FxRobot robot) throws Exception {
        awaitDialog();
        robot.clickOn(button(robot, "my-net.json", "Restore"));
        Path own = ownRecoveryFile();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> !Files.exists(crashed));
        WaitForAsyncUtils.asyncFx(() -> window.document().apply(
                RecoveryGraphs.addDense(window.document().graph(), 99))).get(5, TimeUnit.SECONDS);
        Graph more = window.document().graph();
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> more.equals(graphIn(own)));
        dialogs.unsavedAnswers.add(io.layerloom.app.designer.service.DialogService.UnsavedChoice.DISCARD);
        WaitForAsyncUtils.asyncFx(() -> window.requestClose()).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("unsaved:my-net.json"), dialogs.questions);
        assertFalse(Files.exists(own), "the user chose to discard: nothing is kept");
    }

    @Test
    void nothingToRestoreShowsNoDialog() throws Exception {
        try (RecoveryStore empty = RecoveryStore.open(dir.resolve("empty"))) {
            RecoveryViewModel none = new RecoveryViewModel(empty, dialogs, Runnable::run, Runnable::run,
                    (s, f) -> { throw new AssertionError(); }, java.time.ZoneId.of("UTC"));
            boolean[] shown = new boolean[1];
            none.load(() -> shown[0] = true);
            assertFalse(shown[0]);
            assertEquals(List.of(), none.items());
        }
    }

    private static Graph graphIn(Path file) {
        RecoveryStore.Entry e = RecoveryStore.read(file);
        return e.snapshot() == null ? null : e.snapshot().graph();
    }

    private Path ownRecoveryFile() throws Exception {
        Path[] found = new Path[1];
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> {
            try (var files = Files.list(store.folder())) {
                found[0] = files.filter(p -> p.getFileName().toString().startsWith(store.session() + "_")).findFirst().orElse(null);
            }
            return found[0] != null;
        });
        return found[0];
    }
}
