package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.ScriptedDialogs;
import io.layerloom.app.designer.service.DialogService.UnsavedChoice;
import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.json.GraphJson;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.template.Templates;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainViewModelTest {

    @TempDir
    Path dir;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final RecentFilesStore recent = RecentFilesStore.inMemory();
    private final DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
    private final StatusViewModel status = new StatusViewModel(doc, BackgroundTasks.direct());
    private final MainViewModel main = new MainViewModel(doc, status, dialogs, recent, Runnable::run, Runnable::run,
            GraphLayoutService::placeMissing);

    private void edit() {
        doc.apply(new Edit.AddNode(Node.of(doc.graph().freshId("input"), LayerKinds.byName("Input").orElseThrow().defaults())));
    }

    @Test
    void anExportIsWrittenOnTheFileThreadAndReportedWhenDone() throws Exception {
        List<Runnable> fileThread = new java.util.ArrayList<>();
        MainViewModel queued = new MainViewModel(doc, status, dialogs, recent, fileThread::add, Runnable::run,
                GraphLayoutService::placeMissing);
        Path target = dir.resolve("net.svg");
        queued.export(target, () -> Files.writeString(target, "<svg/>"));
        assertFalse(Files.exists(target), "nothing written on the calling thread");
        assertTrue(queued.busyProperty().get());
        fileThread.remove(0).run();
        assertEquals("<svg/>", Files.readString(target));
        assertEquals("Exported " + target.toAbsolutePath(), status.messageProperty().get());
        assertFalse(queued.busyProperty().get());
        assertEquals(List.of(), dialogs.errors);
    }

    @Test
    void aFailedExportIsShownWithTheFileAndTheReason() {
        Path target = dir.resolve("missing-folder").resolve("net.png");
        main.export(target, () -> {
            throw new java.io.IOException("No such directory");
        });
        assertEquals(List.of("Export failed: Could not write " + target + ": No such directory"), dialogs.errors);
        assertFalse(main.busyProperty().get());
    }

    @Test
    void saveAsWritesTheFileMarksItSavedAndRemembersIt() throws Exception {
        edit();
        Path file = dir.resolve("net");
        dialogs.filesToSave.add(Optional.of(file));
        main.save();
        Path written = dir.resolve("net.json");
        assertEquals(GraphJson.write(doc.graph()), Files.readString(written));
        assertFalse(doc.isDirty());
        assertEquals(Optional.of(written.toAbsolutePath().normalize()), doc.file());
        assertEquals(List.of(written.toAbsolutePath().normalize()), main.recentFiles());
        assertEquals(List.of(written.toAbsolutePath().normalize()), recent.load());
    }

    @Test
    void aFileThatFailsToOpenSaysWhereAndChangesNothing() throws Exception {
        edit();
        Graph before = doc.graph();
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"layerloom-graph\", \"version\": 1, \"nodes\": [\n  {\"id\": \"a\", \"kind\": \"Conv2E\"}\n]}",
                StandardCharsets.UTF_8);
        dialogs.unsavedAnswers.add(UnsavedChoice.DISCARD);
        main.open(bad);
        assertEquals(1, dialogs.errors.size());
        String error = dialogs.errors.get(0);
        assertTrue(error.contains("bad.json:2:"), error);
        assertTrue(error.contains("Conv2D"), error);
        assertEquals(before, doc.graph());
        assertTrue(doc.isDirty());
        assertTrue(main.recentFiles().isEmpty());
    }

    @Test
    void openingAskMeAboutUnsavedChangesAndCancelKeepsTheDocument() throws Exception {
        Path good = dir.resolve("good.json");
        GraphJson.write(Templates.graph(Templates.byId("lenet5").orElseThrow()), good);
        edit();
        Graph before = doc.graph();
        dialogs.unsavedAnswers.add(UnsavedChoice.CANCEL);
        main.open(good);
        assertEquals(before, doc.graph());
        assertEquals(List.of("unsaved:g"), dialogs.questions);

        dialogs.unsavedAnswers.add(UnsavedChoice.DISCARD);
        main.open(good);
        assertEquals(Optional.of(good.toAbsolutePath().normalize()), doc.file());
        assertFalse(doc.isDirty());
        assertTrue(doc.graph().nodes().stream().allMatch(n -> n.position().isPresent()));
    }

    @Test
    void savingBeforeOpeningWritesFirst() throws Exception {
        Path good = dir.resolve("good.json");
        GraphJson.write(Templates.graph(Templates.byId("lenet5").orElseThrow()), good);
        edit();
        Graph mine = doc.graph();
        Path mineFile = dir.resolve("mine.json");
        dialogs.unsavedAnswers.add(UnsavedChoice.SAVE);
        dialogs.filesToSave.add(Optional.of(mineFile));
        main.open(good);
        assertEquals(mine, GraphJson.read(mineFile));
        assertEquals(Optional.of(good.toAbsolutePath().normalize()), doc.file());
    }

    @Test
    void closingWithUnsavedChangesAsksAndSaveClosesOnlyAfterWriting() throws Exception {
        assertTrue(main.canClose(() -> { }));
        edit();
        dialogs.unsavedAnswers.add(UnsavedChoice.CANCEL);
        assertFalse(main.canClose(() -> { }));
        dialogs.unsavedAnswers.add(UnsavedChoice.SAVE);
        dialogs.filesToSave.add(Optional.of(dir.resolve("x.json")));
        boolean[] closed = {false};
        assertFalse(main.canClose(() -> closed[0] = true));
        assertTrue(closed[0]);
        assertTrue(Files.exists(dir.resolve("x.json")));
        edit();
        dialogs.unsavedAnswers.add(UnsavedChoice.DISCARD);
        assertTrue(main.canClose(() -> { }));
    }

    @Test
    void aFailedSaveKeepsTheDocumentDirtyAndSaysSo() {
        edit();
        dialogs.filesToSave.add(Optional.of(dir.resolve("missing-folder").resolve("x.json")));
        main.saveAs();
        assertTrue(doc.isDirty());
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).contains("does not exist"), dialogs.errors.get(0));
    }

    @Test
    void newFromTemplateGivesAnUnsavedPlacedCopy() {
        main.newFromTemplate(Templates.byId("resnet18").orElseThrow());
        assertTrue(doc.file().isEmpty());
        assertTrue(doc.graph().size() > 50);
        assertTrue(doc.graph().nodes().stream().allMatch(n -> n.position().isPresent()));
    }

    @Test
    void recentFilesAreMostRecentFirstWithoutDuplicatesAndBounded() throws Exception {
        Graph g = Templates.graph(Templates.byId("lenet5").orElseThrow());
        for (int i = 0; i < MainViewModel.RECENT_LIMIT + 2; i++) {
            Path f = dir.resolve("f" + i + ".json");
            GraphJson.write(g, f);
            main.open(f);
        }
        main.open(dir.resolve("f3.json"));
        assertEquals(MainViewModel.RECENT_LIMIT, main.recentFiles().size());
        assertEquals(dir.resolve("f3.json").toAbsolutePath().normalize(), main.recentFiles().get(0));
        assertEquals(main.recentFiles().stream().distinct().count(), main.recentFiles().size());
    }
}
