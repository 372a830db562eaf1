package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.ScriptedDialogs;
import io.layerloom.app.designer.service.DialogService.UnsavedChoice;
import io.layerloom.app.designer.service.Dl4jNetworkFiles;
import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.app.designer.service.RecentFilesStore;
import io.layerloom.app.designer.task.BackgroundTasks;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.codegen.onnx.OnnxModel;
import io.layerloom.codegen.onnx.OnnxNode;
import io.layerloom.codegen.onnx.OnnxReader;
import io.layerloom.codegen.onnx.OnnxTestModels;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.json.GraphJson;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** File > Import ONNX and Export ONNX, on the real importer and exporter with every thread direct. */
class OnnxViewModelTest {

    @TempDir
    Path dir;

    private final ScriptedDialogs dialogs = new ScriptedDialogs();
    private final DocumentViewModel doc = DocumentViewModel.direct(Graph.empty("g"));
    private final StatusViewModel status = new StatusViewModel(doc, BackgroundTasks.direct());
    private final Dl4jNetworkFiles networks = new Dl4jNetworkFiles();
    private final MainViewModel main = new MainViewModel(doc, status, dialogs, RecentFilesStore.inMemory(), Runnable::run,
            Runnable::run, GraphLayoutService::placeMissing, networks);
    private final OnnxViewModel onnx = new OnnxViewModel(main);

    private Path cnn() throws Exception {
        return OnnxTestModels.write(dir, "cnn.onnx", OnnxTestModels.cnn());
    }

    private List<String> ids() {
        return doc.graph().nodes().stream().map(Node::id).toList();
    }

    private Weights held() {
        return doc.weights().orElseThrow().weights();
    }

    @Test
    void anImportOpensTheGraphLaidOutAsAnUntitledDocumentWithItsWeights() throws Exception {
        List<Double> progress = new ArrayList<>();
        onnx.progressProperty().addListener((o, was, is) -> progress.add(is.doubleValue()));
        Path file = cnn();
        dialogs.onnxToImport.add(Optional.of(file));

        onnx.importOnnx();

        assertEquals(List.of("import"), dialogs.questions);
        assertEquals(List.of("input", "conv1", "pool1", "flatten", "fc"), ids());
        assertTrue(doc.graph().nodes().stream().allMatch(n -> n.position().isPresent()));
        assertEquals(Optional.empty(), doc.file());
        assertFalse(doc.isDirty());
        assertEquals(List.of("conv1", "fc"), List.copyOf(held().nodes()));
        assertArrayEquals(OnnxTestModels.values(36), held().of("conv1").get("W").values());
        assertEquals("Imported " + file.toAbsolutePath() + ": 5 nodes, the weights of 2 layers held with the graph"
                + " (saved beside it as NAME.dl4j.zip)", status.messageProperty().get());
        assertEquals(OnnxViewModel.IDLE, onnx.progressProperty().get());
        assertEquals(0.0, progress.get(0));
        assertEquals(OnnxViewModel.IDLE, progress.get(progress.size() - 1));
        assertTrue(progress.contains(0.9), "reading ends at 90% of the bar: " + progress);
        assertEquals(List.of(), dialogs.errors);
    }

    @Test
    void unsupportedOperatorsReachTheReportDialogAndChangeNothing() throws Exception {
        Graph before = doc.graph();
        ModelProto m = OnnxTestModels.cnn();
        var g = m.getGraph().toBuilder();
        NodeProto erf = g.getNode(1).toBuilder().setOpType("Erf").build();
        g.setNode(1, erf);
        Path file = OnnxTestModels.write(dir, "erf.onnx", m.toBuilder().setGraph(g).build());

        onnx.importOnnx(file);

        assertEquals(1, dialogs.reports.size());
        String report = dialogs.reports.get(0);
        assertTrue(report.startsWith("Importing erf.onnx failed: erf.onnx: 1 node cannot be imported:\n"
                + "  - node 'relu1' (Erf), inputs [conv_out]: operator Erf is not supported."), report);
        assertTrue(report.contains("LayerLoom imports only Conv (group 1"), report);
        assertTrue(report.endsWith("\n\nNothing was opened."), report);
        assertEquals("Importing erf.onnx failed: see the report", status.messageProperty().get());
        assertSame(before, doc.graph());
        assertEquals(Optional.empty(), doc.weights());
        assertEquals(List.of(), dialogs.errors);
        assertEquals(OnnxViewModel.IDLE, onnx.progressProperty().get());
    }

    @Test
    void aFileThatIsNotOnnxIsAnErrorAndChangesNothing() throws Exception {
        Graph before = doc.graph();
        Path file = Files.writeString(dir.resolve("graph.onnx"), "{\"format\": \"layerloom-graph\"}");
        onnx.importOnnx(file);
        assertEquals(1, dialogs.errors.size());
        assertTrue(dialogs.errors.get(0).startsWith("Importing graph.onnx failed: graph.onnx: the file is not an ONNX model"),
                dialogs.errors.get(0));
        assertSame(before, doc.graph());
    }

    @Test
    void aDroppedOnnxFileIsImportedAfterTheUnsavedChangesQuestion() throws Exception {
        doc.apply(new Edit.RenameGraph("changed"));
        Path file = cnn();
        dialogs.unsavedAnswers.add(UnsavedChoice.CANCEL);
        onnx.openDropped(file);
        assertEquals(List.of("unsaved:changed"), dialogs.questions);
        assertEquals("changed", doc.graph().name());

        dialogs.unsavedAnswers.add(UnsavedChoice.DISCARD);
        onnx.openDropped(file);
        assertEquals(List.of("input", "conv1", "pool1", "flatten", "fc"), ids());
        assertEquals("cnn", doc.graph().name());
        assertTrue(doc.weights().isPresent());
    }

    @Test
    void aDroppedGraphFileIsOpenedAsBefore() throws Exception {
        Graph g = Graph.empty("dropped");
        Path json = Files.writeString(dir.resolve("dropped.json"), GraphJson.write(g));
        onnx.openDropped(json);
        assertEquals(Optional.of(json.toAbsolutePath()), doc.file());
        assertEquals("dropped", doc.graph().name());
        assertEquals(Optional.empty(), doc.weights());
    }

    @Test
    void savingWritesTheWeightsBesideTheGraphAndReopeningFindsThem() throws Exception {
        onnx.importOnnx(cnn());
        Path json = dir.resolve("net.json");
        dialogs.filesToSave.add(Optional.of(json));

        main.save();

        Path model = dir.resolve("net.dl4j.zip");
        assertEquals("Saved " + json.toAbsolutePath() + " with its weights in " + model.toAbsolutePath(),
                status.messageProperty().get());
        assertEquals(GraphJson.write(doc.graph()), Files.readString(json));
        Weights saved = networks.weightsBeside(doc.graph(), json).orElseThrow();
        assertArrayEquals(OnnxTestModels.values(36), saved.of("conv1").get("W").values());
        assertEquals(OnnxTestModels.values(640)[1], saved.of("fc").get("W").values()[10]);
        assertEquals(json.toAbsolutePath(), doc.weights().orElseThrow().savedBeside());

        main.newBlank();
        assertEquals(Optional.empty(), doc.weights());
        main.open(json);
        assertEquals("Opened " + json.toAbsolutePath() + " with the weights beside it", status.messageProperty().get());
        assertArrayEquals(OnnxTestModels.values(36), held().of("conv1").get("W").values());

        // Saved again unchanged: the model file already holds the values and is not rewritten.
        long written = Files.getLastModifiedTime(model).toMillis();
        Files.setLastModifiedTime(model, java.nio.file.attribute.FileTime.fromMillis(written - 10_000));
        doc.apply(new Edit.RenameGraph("renamed"));
        main.save();
        assertEquals(written - 10_000, Files.getLastModifiedTime(model).toMillis());
        assertEquals("Saved " + json.toAbsolutePath(), status.messageProperty().get());
    }

    @Test
    void aLayerWhoseShapeChangesLosesItsWeightsWithAWarningAndTheOthersAreKept() throws Exception {
        onnx.importOnnx(cnn());
        doc.apply(new Edit.SetParam("fc", "units", 5L));
        assertEquals("weights of fc dropped: its shape changed", status.messageProperty().get());

        Path json = dir.resolve("net.json");
        dialogs.filesToSave.add(Optional.of(json));
        main.save();
        Weights saved = networks.weightsBeside(doc.graph(), json).orElseThrow();
        assertArrayEquals(OnnxTestModels.values(36), saved.of("conv1").get("W").values());
        assertArrayEquals(new long[] {64, 5}, saved.of("fc").get("W").shape());
        assertEquals(List.of("conv1"), List.copyOf(held().nodes()));

        doc.apply(new Edit.RemoveNode("conv1"));
        assertEquals("weights of conv1 dropped: no layer has that name now", status.messageProperty().get());
    }

    @Test
    void undoBringsDroppedWeightsBack() throws Exception {
        onnx.importOnnx(cnn());
        doc.apply(new Edit.SetParam("fc", "units", 5L));
        doc.undo();
        assertEquals(List.of(), doc.weights().orElseThrow().stale(doc.analysis()));
    }

    @Test
    void anExportWritesAnOnnxFileWithTheImportedWeights() throws Exception {
        onnx.importOnnx(cnn());
        Path out = dir.resolve("back.onnx");
        dialogs.filesToSave.add(Optional.of(out));

        onnx.exportOnnx();

        assertEquals("save:cnn.onnx", dialogs.questions.get(dialogs.questions.size() - 1));
        assertTrue(status.messageProperty().get().startsWith("Wrote " + out + " ("), status.messageProperty().get());
        assertTrue(status.messageProperty().get().endsWith("bytes, ONNX opset 13) with the weights held in the window"),
                status.messageProperty().get());
        OnnxModel back = new OnnxReader().read(out, done -> { });
        assertEquals(List.of("Conv", "Relu", "MaxPool", "Flatten", "Gemm"),
                back.nodes().stream().map(OnnxNode::opType).filter(op -> !op.equals("Softmax")).toList().subList(0, 5));
        java.nio.FloatBuffer data = back.initializers().stream().filter(t -> t.dims().equals(List.of(4L, 1L, 3L, 3L)))
                .findFirst().orElseThrow().floatData();
        float[] kernel = new float[data.remaining()];
        data.get(kernel);
        assertArrayEquals(OnnxTestModels.values(36), kernel);
        assertEquals(List.of(), dialogs.errors);
    }

    @Test
    void anExportWithoutWeightsSaysTheSeedInitialisedThem() throws Exception {
        onnx.importOnnx(cnn());
        Path json = dir.resolve("net.json");
        Files.writeString(json, GraphJson.write(doc.graph()));
        main.open(json);
        assertEquals(Optional.empty(), doc.weights());
        Path out = dir.resolve("seed.onnx");
        dialogs.filesToSave.add(Optional.of(out));
        onnx.exportOnnx();
        assertTrue(dialogs.questions.contains("save:net.onnx"), dialogs.questions.toString());
        assertTrue(status.messageProperty().get().contains("weights initialised from the graph's seed"),
                status.messageProperty().get());
        assertTrue(Files.size(out) > 0);
    }

    @Test
    void kindsWithoutAnOnnxEquivalentAreRefusedByNameInTheReportAndNothingIsWritten() throws Exception {
        Path graph = Files.writeString(dir.resolve("rnn.json"), "{\"format\": \"layerloom-graph\", \"version\": 1,"
                + " \"name\": \"rnn\", \"nodes\": ["
                + "{\"id\": \"in\", \"kind\": \"Input\", \"shape\": [4, 6]},"
                + "{\"id\": \"r1\", \"kind\": \"SimpleRNN\", \"inputs\": [\"in\"], \"units\": 5, \"activation\": \"relu6\","
                + " \"returnSequences\": false},"
                + "{\"id\": \"out\", \"kind\": \"Output\", \"inputs\": [\"r1\"], \"units\": 2}]}");
        main.open(graph);
        Path out = dir.resolve("rnn.onnx");
        dialogs.filesToSave.add(Optional.of(out));

        onnx.exportOnnx();

        assertEquals(1, dialogs.reports.size(), dialogs.errors.toString());
        String report = dialogs.reports.get(0);
        assertTrue(report.startsWith("Export ONNX failed: rnn.onnx was not written: "), report);
        assertTrue(report.contains("SimpleRNN 'r1': activation relu6 inside a recurrent layer"), report);
        assertFalse(Files.exists(out));
    }
}
