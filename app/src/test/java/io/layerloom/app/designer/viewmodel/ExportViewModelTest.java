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

        assertEquals(List.of("Nothing to export: " + ExportViewModel.NOTHING_TO_EXPORT), dialogs.errors);
        assertEquals(List.of(), dialogs.questions, "nothing asked");
        assertEquals(ExportViewModel.NOTHING_TO_EXPORT, export.modelExportBlockedProperty().get(), "the menu item's tooltip");
    }

    @Test
    void weightsHeldWithTheGraphAreItsModelWhenNothingWasTrained() throws Exception {
        Graph g = io.layerloom.model.json.GraphJson.read("""
                {"format": "layerloom-graph", "version": 1, "name": "held", "nodes": [
                  {"id": "in", "kind": "Input", "shape": [4]},
                  {"id": "out", "kind": "Output", "inputs": ["in"], "units": 2}]}""", "held.json");
        float[] w = {1, 2, 3, 4, 5, 6, 7, 8};
        io.layerloom.codegen.dl4j.Weights weights = io.layerloom.codegen.dl4j.Weights.builder()
                .put("out", "W", new io.layerloom.codegen.dl4j.Weights.Array(new long[] {4, 2}, w)).build();
        DocumentViewModel held = DocumentViewModel.direct(g);
        held.replace(g, null, HeldWeights.taken(weights, io.layerloom.model.analysis.GraphAnalysis.analyze(g), null));
        MainViewModel heldFiles = new MainViewModel(held, new StatusViewModel(held, BackgroundTasks.direct()), dialogs,
                RecentFilesStore.inMemory(), Runnable::run, Runnable::run, GraphLayoutService::placeMissing,
                new io.layerloom.app.designer.service.Dl4jNetworkFiles());
        ExportViewModel heldExport = new ExportViewModel(heldFiles, dialogs, Optional::empty);
        assertEquals("", heldExport.modelExportBlockedProperty().get());
        Path target = dir.resolve("held.dl4j.zip");
        dialogs.filesToSave.add(Optional.of(target));

        heldExport.exportModel();

        assertEquals(List.of(), dialogs.errors);
        io.layerloom.codegen.dl4j.Weights written = io.layerloom.app.runtime.NetworkWeights.readFile(target,
                io.layerloom.codegen.dl4j.ParameterVertices.of(g));
        assertEquals(List.of(1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f), floats(written.of("out").get("W").values()));
        assertTrue(Files.readString(dir.resolve("held.dl4j.json")).contains("\"graph\": \"held.json\""));
    }

    private static List<Float> floats(float[] a) {
        List<Float> list = new java.util.ArrayList<>();
        for (float f : a) {
            list.add(f);
        }
        return list;
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
