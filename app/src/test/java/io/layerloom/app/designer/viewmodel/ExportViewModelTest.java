package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.ScriptedDialogs;
import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.template.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File > Export and the Code tab's Save As, with scripted dialogs and the file thread run directly. */
class ExportViewModelTest {

    @TempDir
    Path dir;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final Graph lenet = Templates.graph(Templates.byId("lenet5").orElseThrow());
    private final DocumentViewModel doc = DocumentViewModel.direct(lenet);
    private final StatusViewModel status = new StatusViewModel(doc, BackgroundTasks.direct());
    private final MainViewModel files = new MainViewModel(doc, status, dialogs, RecentFilesStore.inMemory(),
            Runnable::run, Runnable::run, GraphLayoutService::placeMissing);
    private final ExportViewModel export = new ExportViewModel(files, dialogs, Optional::empty);

    @Test
    void javaSourceIsNamedAfterTheChosenFile() throws Exception {
        Path target = dir.resolve("MyNet.java");
        dialogs.filesToSave.add(Optional.of(target));

        export.exportJava();

        assertTrue(Files.readString(target).contains("public final class MyNet"), Files.readString(target));
    }

    @Test
    void withoutATrainedNetworkThereIsNoModelToExport() {
        export.exportModel();

        assertEquals(List.of("Nothing to export: Nothing has been trained yet: train the network on the Training tab first."),
                dialogs.errors);
        assertEquals(List.of(), dialogs.questions, "nothing asked");
    }

    @Test
    void aPictureCaptureThatFailsIsShownAndWritesNothing() {
        Path target = dir.resolve("net.png");
        dialogs.filesToSave.add(Optional.of(target));

        export.exportPng(() -> {
            throw new java.io.IOException("the canvas is empty");
        });

        assertEquals(List.of("Export failed: the canvas is empty"), dialogs.errors);
        assertTrue(Files.notExists(target));
    }
}
