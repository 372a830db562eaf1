package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.DialogService;
import io.layerloom.app.designer.service.NetworkFileService;
import io.layerloom.app.interchange.OnnxExporter;
import io.layerloom.codegen.onnx.OnnxFormatException;
import io.layerloom.codegen.onnx.OnnxImported;
import io.layerloom.codegen.onnx.OnnxUnsupportedException;
import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.NodeResult;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;

/**
 * File > Import ONNX, a dropped {@code .onnx} file and File > Export ONNX. An import reads on the
 * file thread with its progress shown, then opens the graph as a new untitled document holding the
 * imported weights (after the unsaved-changes question, as Open); a file the import refuses changes
 * nothing and its report (every unsupported node) is shown for copying. While the document holds
 * weights, a layer whose parameter shapes change loses its values, and the status line says so.
 */
public final class OnnxViewModel {

    /** No import running: the progress bar is hidden. */
    public static final double IDLE = -1;

    // Properties
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", IDLE);

    private final MainViewModel files;
    private final DocumentViewModel document;
    private final DialogService dialogs;
    private final NetworkFileService networks;
    /** The layers whose values no longer fit, as last told on the status line. */
    private List<String> toldStale = List.of();

    public OnnxViewModel(MainViewModel files) {
        this.files = Objects.requireNonNull(files, "files");
        this.document = files.document();
        this.dialogs = files.dialogs();
        this.networks = files.networks();
        document.analysisProperty().addListener((o, was, is) -> checkWeights(is));
        document.weightsProperty().addListener((o, was, is) -> toldStale = List.of());
    }

    // Commands

    /** Asks for an ONNX file and imports it, after the unsaved-changes question. */
    public void importOnnx() {
        files.whenDiscardable(() -> dialogs.chooseOnnxFile().ifPresent(this::importWithoutAsking));
    }

    /** Imports {@code onnx} after the unsaved-changes question (a dropped file). */
    public void importOnnx(Path onnx) {
        files.whenDiscardable(() -> importWithoutAsking(onnx));
    }

    /** A file dropped on the window: an ONNX model is imported, anything else opened as a graph. */
    public void openDropped(Path file) {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
            importOnnx(file);
        } else {
            files.open(file);
        }
    }

    /** Asks where, then writes the graph and its weights as ONNX on the file thread. */
    public void exportOnnx() {
        Path suggested = document.file().map(f -> f.resolveSibling(f.getFileName().toString().replaceFirst("\\.json$", "")
                + ".onnx")).orElse(Path.of(MainViewModel.safeFileName(document.graph().name()) + ".onnx"));
        dialogs.chooseFileToSave("Export ONNX", suggested, "ONNX model (*.onnx)", "onnx").ifPresent(target -> {
            Graph graph = document.graph(); // immutable values: safe to read on the file thread
            Optional<HeldWeights> held = document.weights();
            Optional<Path> file = document.file();
            files.runIo("Export ONNX", () -> {
                try {
                    return networks.exportOnnx(graph, held.map(h -> h.kept(GraphAnalysis.analyze(graph))), file, target);
                } catch (OnnxExporter.ExportException e) {
                    throw new MainViewModel.OpenFailure(target.getFileName() + " was not written: " + e.getMessage(),
                            e.kind() == OnnxExporter.ExportException.Kind.UNSUPPORTED);
                }
            }, done -> files.status().show(capitalised(done)));
        });
    }

    // Property accessors

    /** An import's progress from 0 to 1; {@link #IDLE} when none runs. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    // Internals

    private void importWithoutAsking(Path onnx) {
        progress.set(0);
        ProgressRelay relay = new ProgressRelay();
        files.runIo("Importing " + onnx.getFileName(), () -> {
            try {
                OnnxImported imported = networks.importOnnx(onnx, relay::update);
                Graph graph = imported.graph();  // named after the file by the importer
                Analysis analysis = GraphAnalysis.analyze(graph);
                return new Imported(graph, HeldWeights.taken(imported.weights(), analysis, null));
            } catch (OnnxUnsupportedException e) {
                throw new MainViewModel.OpenFailure(e.getMessage() + "\n\nNothing was opened.", true);
            } catch (OnnxFormatException e) {
                throw new MainViewModel.OpenFailure(e.getMessage());
            } finally {
                files.ui().execute(() -> progress.set(IDLE));
            }
        }, imported -> {
            document.replace(imported.graph(), null, imported.weights());
            long layers = imported.weights().weights().nodes().size();
            files.status().show("Imported " + onnx.toAbsolutePath().normalize() + ": " + imported.graph().nodes().size()
                    + " nodes, the weights of " + layers + " layer" + (layers == 1 ? "" : "s")
                    + " held with the graph (saved beside it as NAME.dl4j.zip)");
        });
    }

    /** What the file thread hands back: the laid-out graph and its weights. */
    private record Imported(Graph graph, HeldWeights weights) {
    }

    /**
     * Passes progress to the UI thread at most once a percent: the reader reports every buffer,
     * and a queue of thousands of updates would only delay the window.
     */
    private final class ProgressRelay {
        private int lastPercent = -1;

        void update(double fraction) {
            int percent = (int) Math.floor(Math.max(0, Math.min(1, fraction)) * 100);
            if (percent != lastPercent) {
                lastPercent = percent;
                files.ui().execute(() -> {
                    if (progress.get() != IDLE) {
                        progress.set(percent / 100.0);
                    }
                });
            }
        }
    }

    /**
     * Tells the status line which layers lost their values since it last did. The analysis may
     * still be of the previous document just after a replace; one of another set of nodes is skipped.
     */
    private void checkWeights(Analysis analysis) {
        Optional<HeldWeights> held = document.weights();
        if (held.isEmpty() || analysis == null || !sameNodes(analysis, document.graph())) {
            return;
        }
        List<String> stale = held.get().stale(analysis);
        List<String> newly = new ArrayList<>(stale);
        newly.removeAll(toldStale);
        toldStale = stale;
        if (!newly.isEmpty()) {
            files.status().show(newly.stream().map(id -> "weights of " + id + " dropped: "
                            + (document.graph().contains(id) ? "its shape changed" : "no layer has that name now"))
                    .collect(Collectors.joining("; ")));
        }
    }

    private static boolean sameNodes(Analysis analysis, Graph graph) {
        Set<String> analysed = analysis.nodes().stream().map(NodeResult::id).collect(Collectors.toSet());
        return analysed.equals(graph.nodes().stream().map(Node::id).collect(Collectors.toSet()));
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
