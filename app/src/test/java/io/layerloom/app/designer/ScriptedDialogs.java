package io.layerloom.app.designer;

import io.layerloom.app.designer.service.DialogService;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Answers the window's questions from a script and records what it was told. */
public final class ScriptedDialogs implements DialogService {

    public final Deque<Optional<Path>> filesToOpen = new ArrayDeque<>();
    public final Deque<Optional<Path>> filesToSave = new ArrayDeque<>();
    public final Deque<UnsavedChoice> unsavedAnswers = new ArrayDeque<>();
    public final List<String> errors = new ArrayList<>();
    public final List<String> questions = new ArrayList<>();
    public final Deque<Optional<Path>> onnxToImport = new ArrayDeque<>();
    public final List<String> reports = new ArrayList<>();

    @Override
    public Optional<Path> chooseFileToOpen() {
        questions.add("open");
        return filesToOpen.isEmpty() ? Optional.empty() : filesToOpen.poll();
    }

    @Override
    public Optional<Path> chooseOnnxFile() {
        questions.add("import");
        return onnxToImport.isEmpty() ? Optional.empty() : onnxToImport.poll();
    }

    @Override
    public Optional<Path> chooseFileToSave(String title, Path suggested, String description, String extension) {
        questions.add("save:" + suggested.getFileName());
        return filesToSave.isEmpty() ? Optional.empty() : filesToSave.poll();
    }

    @Override
    public UnsavedChoice askUnsavedChanges(String documentName) {
        questions.add("unsaved:" + documentName);
        return unsavedAnswers.isEmpty() ? UnsavedChoice.CANCEL : unsavedAnswers.poll();
    }

    @Override
    public void showError(String title, String message) {
        errors.add(title + ": " + message);
    }

    @Override
    public void showReport(String title, String report) {
        reports.add(title + ": " + report);
    }
}
