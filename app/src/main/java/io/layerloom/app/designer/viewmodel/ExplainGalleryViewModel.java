package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.app.explain.Misclassified;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Explain tab's gallery: the images of one confusion-matrix cell (or every wrong one) of the
 * set that matrix was made on, the Training tab's validation set (its matrix after every epoch) or
 * its test set (the matrix after training). The network's answers on each set are computed once
 * per opened network, in the background.
 */
final class ExplainGalleryViewModel {

    /**
     * A cell asked for: true class {@code truth}, predicted {@code predicted} (both -1: every wrong
     * answer), of set {@code set} ({@link ExplainSource#TEST} or {@link ExplainSource#VALIDATION}),
     * its matrix made at the end of epoch {@code matrixEpoch} (0: after training, or not known).
     */
    record Request(int truth, int predicted, String set, int matrixEpoch) {
    }

    /** The most images a confusion-matrix cell shows in the gallery. */
    static final int LIMIT = 48;

    private final LatestTask<List<Misclassified.Miss>> answering;
    private final Consumer<String> progress;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "galleryTitle", "");
    private final ObservableList<ExplainViewModel.GalleryItem> items = FXCollections.observableArrayList();
    /** The opened network's answers, by set. */
    private final Map<String, List<Misclassified.Miss>> answers = new HashMap<>();
    private ExplainSource.Opened opened;

    /** @param progress shows what runs (on the UI thread) */
    ExplainGalleryViewModel(LatestTask<List<Misclassified.Miss>> answering, Consumer<String> progress) {
        this.answering = answering;
        this.progress = progress;
    }

    /** A network was opened: nothing shown yet, nothing computed for it. */
    void opened(ExplainSource.Opened o) {
        opened = o;
        answers.clear();
        items.clear();
        title.set("Click Misclassified, or a cell of the Training tab's confusion matrix, to see those images here.");
    }

    void clear() {
        opened = null;
        answers.clear();
        items.clear();
        title.set("");
    }

    /** Shows the cell {@code r} asks for, running the network on its set first if it has not yet. */
    void show(Request r) {
        ExplainSource.Opened o = opened;
        io.layerloom.app.data.LoadedData data = o.set(r.set());
        if (data == null) {
            items.clear();
            title.set(ExplainSource.VALIDATION.equals(r.set())
                    ? "No validation images to show: the Training tab's data has no validation split."
                    : "No test images to show: the model has no record of its data.");
            return;
        }
        List<Misclassified.Miss> known = answers.get(r.set());
        if (known != null) {
            fill(r, data, known);
            return;
        }
        progress.accept("Running the network on " + data.count() + " " + r.set() + " images\u2026");
        answering.request(() -> o.explainer().answers(data), a -> {
            if (opened == o) {
                answers.put(r.set(), a);
                fill(r, data, a);
            }
        }, e -> title.set(e.getMessage()));
    }

    private void fill(Request r, io.layerloom.app.data.LoadedData data, List<Misclassified.Miss> known) {
        List<String> names = data.classNames();
        String what = r.truth() < 0 ? "Misclassified" : "True " + ExplainGallery.className(names, r.truth()) + ", predicted "
                + ExplainGallery.className(names, r.predicted());
        ExplainGallery.Cell cell = ExplainGallery.cell(known, r.set(), data, r.truth(), r.predicted(), LIMIT,
                opened.explainer()::shown);
        items.setAll(cell.items());
        // while training, the network is a snapshot taken at the click, later than the epoch's matrix
        String later = ExplainSource.VALIDATION.equals(r.set()) && opened.running() && r.matrixEpoch() > 0
                ? " The matrix is from epoch " + r.matrixEpoch() + "'s end; the network is a snapshot taken at the click and"
                + " may have trained on since, so the count may differ a little from the cell's." : "";
        title.set(what + ": " + cell.total() + " " + r.set() + " image" + (cell.total() == 1 ? "" : "s")
                + (cell.total() > LIMIT ? " (the " + LIMIT + " most confident shown)" : "")
                + (cell.total() == 0 ? "" : "; click one to explain it.") + later);
    }

    ReadOnlyBooleanProperty runningProperty() {
        return answering.runningProperty();
    }

    ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    ObservableList<ExplainViewModel.GalleryItem> items() {
        return items;
    }
}
