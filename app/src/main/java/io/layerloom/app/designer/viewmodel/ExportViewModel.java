package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.service.DialogService;
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

    /** @param training the Training tab's model if it was made (nothing can have been trained otherwise) */
    public ExportViewModel(MainViewModel files, DialogService dialogs, Supplier<Optional<TrainingViewModel>> training) {
        this.files = Objects.requireNonNull(files, "files");
        this.document = files.document();
        this.dialogs = Objects.requireNonNull(dialogs, "dialogs");
        this.training = Objects.requireNonNull(training, "training");
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

    /** The trained network as a DL4J model file and its record, as {@code layerloom train} saves them. */
    public void exportModel() {
        Optional<TrainingViewModel> trained = training.get().filter(TrainingViewModel::hasTrainedModel);
        if (trained.isEmpty()) {
            dialogs.showError("Nothing to export", "Nothing has been trained yet: train the network on the Training tab first.");
            return;
        }
        dialogs.chooseFileToSave("Export trained model", suggested("dl4j.zip"), "DL4J model (*.zip)", "zip")
                .ifPresent(p -> {
                    try {
                        files.export(p, trained.get().modelExport(p));
                    } catch (IOException e) {
                        dialogs.showError("Export failed", e.getMessage());
                    }
                });
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
