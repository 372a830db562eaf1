package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.DialogService;
import io.layerloom.codegen.dl4j.Weights;
import io.layerloom.model.analysis.GraphAnalysis;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import io.layerloom.codegen.java.JavaNames;
import io.layerloom.codegen.java.JavaSourceGenerator;
import io.layerloom.model.graph.Graph;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * The File > Export commands and the Code tab's Save As: each asks where (suggesting a name beside
 * the graph's file), captures what it writes on the UI thread (the graph is an immutable value)
 * and writes it through {@link MainViewModel#export} on the file thread, so that the status line
 * says where it went or the user sees why it failed. The pictures are drawn by the canvas: the
 * window hands over a capture of them.
 */
public final class ExportViewModel {

    /** Writes a captured picture to its file (on the file thread). */
    @FunctionalInterface
    public interface PictureWrite {
        void writeTo(Path target) throws IOException;
    }

    /** Captures a picture on the UI thread (the canvas as it is now). */
    @FunctionalInterface
    public interface PictureCapture {
        PictureWrite capture() throws IOException;
    }

    private final MainViewModel files;
    private final DocumentViewModel document;
    private final DialogService dialogs;
    private final Supplier<Optional<TrainingViewModel>> training;
    /** Why File > Export > Trained DL4J Model is off; empty when it is on. */
    private final ReadOnlyStringWrapper modelExportBlocked = new ReadOnlyStringWrapper(this, "modelExportBlocked");

    /**
     * @param training the Training tab's model if it was made (nothing can have been trained otherwise);
     *                 the composition root tells {@link #trainingMade} when it is
     */
    public ExportViewModel(MainViewModel files, DialogService dialogs, Supplier<Optional<TrainingViewModel>> training) {
        this.files = Objects.requireNonNull(files, "files");
        this.document = files.document();
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.training = Objects.requireNonNull(training, "training");
        for (Observable o : List.of(document.graphProperty(), document.weightsProperty(), document.openedProperty())) {
            o.addListener(x -> refreshModelExport());
        }
        refreshModelExport();
    }

    /** The Training tab's model was made: its runs decide, from now on, whether a trained network can be exported. */
    public void trainingMade(TrainingViewModel made) {
        for (Observable o : List.of(made.stateProperty(), made.hasTrainedModelProperty(), made.runActiveProperty())) {
            o.addListener(x -> refreshModelExport());
        }
        refreshModelExport();
    }

    // Commands

    public void exportJava() {
        String className = JavaNames.classNameFor(document.graph().name());
        dialogs.chooseFileToSave("Export Java source", suggested("java").resolveSibling(className + ".java"),
                        "Java source (*.java)", "java")
                .ifPresent(p -> {
                    Graph graph = document.graph(); // an immutable value: safe to read elsewhere
                    files.exportText(p, () -> {
                        String cls = p.getFileName().toString().replaceFirst("\\.java$", "");
                        try {
                            return JavaSourceGenerator.generate(graph, "", cls);
                        } catch (JavaSourceGenerator.NotCompilable e) {
                            throw new IOException(e.getMessage());
                        }
                    });
                });
    }

    /** The Code tab's Save As: the source as shown (its package and class), written on the file thread. */
    public void saveJavaSource(String suggestedName, String source) {
        dialogs.chooseFileToSave("Save Java source", suggested("java").resolveSibling(suggestedName),
                        "Java source (*.java)", "java")
                .ifPresent(p -> files.exportText(p, () -> source));
    }

    /**
     * The open graph's network as a DL4J model file and its record, as {@code layerloom train} saves
     * them: the network trained on this graph as it is now, else the weights the document holds
     * (imported, or read beside its file; layers without values from the seed). Nothing else: a
     * network trained on another graph, or on this one before an edit, is not this graph's.
     */
    public void exportModel() {
        refreshModelExport();
        if (!modelExportBlocked.get().isEmpty()) {
            dialogs.showError("Nothing to export", modelExportBlocked.get());
            return;
        }
        Optional<TrainingViewModel> trained = training.get().filter(t -> t.modelExportBlocker().isEmpty());
        dialogs.chooseFileToSave("Export trained model", suggested("dl4j.zip"), "DL4J model (*.zip)", "zip")
                .ifPresent(p -> {
                    try {
                        files.export(p, trained.isPresent() ? trained.get().modelExport(p) : heldExport(p));
                    } catch (IOException e) {
                        dialogs.showError("Export failed", e.getMessage());
                    }
                });
    }

    /** Why Export > Trained DL4J Model is off (for its tooltip); empty when it is on. */
    public ReadOnlyStringProperty modelExportBlockedProperty() {
        return modelExportBlocked.getReadOnlyProperty();
    }

    private void refreshModelExport() {
        Optional<String> trained = training.get().map(TrainingViewModel::modelExportBlocker)
                .orElse(Optional.of(TrainingViewModel.NOTHING_TRAINED));
        boolean running = training.get().map(t -> t.runActiveProperty().get()).orElse(false);
        boolean held = document.weights().isPresent();
        modelExportBlocked.set(trained.isEmpty() || held && !running ? ""
                : trained.get().equals(TrainingViewModel.NOTHING_TRAINED) ? NOTHING_TO_EXPORT : trained.get());
    }

    static final String NOTHING_TO_EXPORT = "Nothing has been trained on this graph, and it holds no imported weights:"
            + " train it on the Training tab first.";

    /** The held weights that still fit, in the network the graph compiles to; worked out and written on the file thread. */
    private Callable<Void> heldExport(Path file) throws IOException {
        Graph graph = document.graph();
        HeldWeights held = document.weights().orElseThrow(() -> new IOException(NOTHING_TO_EXPORT));
        String graphName = document.file().map(p -> p.getFileName().toString()).orElse(graph.name() + ".json");
        return () -> {
            Weights kept = held.kept(GraphAnalysis.analyze(graph));
            if (kept.nodes().isEmpty()) {
                throw new IOException("none of the weights held with the graph fit its layers any more (their shapes changed)");
            }
            files.networks().exportModel(graph, kept, graphName, file);
            return null;
        };
    }

    public void exportPng(PictureCapture picture) {
        dialogs.chooseFileToSave("Export picture", suggested("png"), "PNG picture (*.png)", "png")
                .ifPresent(p -> {
                    try {
                        PictureWrite write = picture.capture();
                        files.export(p, () -> {
                            write.writeTo(p);
                            return null;
                        });
                    } catch (IOException e) {
                        dialogs.showError("Export failed", e.getMessage());
                    }
                });
    }

    /** @param svg captures, on the UI thread, what the text needs; the text itself is made on the file thread */
    public void exportSvg(Supplier<Callable<String>> svg) {
        dialogs.chooseFileToSave("Export picture", suggested("svg"), "SVG picture (*.svg)", "svg")
                .ifPresent(p -> files.exportText(p, svg.get()));
    }

    // Internals

    /** "NAME.extension" beside the graph's file, else in the working folder after the graph's name. */
    Path suggested(String extension) {
        String base = document.file().map(f -> f.getFileName().toString().replaceFirst("\\.json$", ""))
                .orElse(document.graph().name().isBlank() ? "graph" : document.graph().name());
        Path folder = document.file().map(Path::getParent).orElse(Path.of("."));
        return folder.resolve(base + "." + extension);
    }
}
