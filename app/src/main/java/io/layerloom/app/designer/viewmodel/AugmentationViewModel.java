package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.data.DataSplit;
import io.layerloom.app.data.LoadedData;
import io.layerloom.app.data.augment.AugmentPreview;
import io.layerloom.app.designer.task.LatestTask;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.training.AugmentOp;
import io.layerloom.model.training.AugmentParam;
import io.layerloom.model.training.AugmentStep;
import io.layerloom.model.training.TrainingSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Training tab's augmentation list and its preview: adding, removing, moving and editing
 * steps are each one undoable {@link Edit.SetTraining}; the preview grid (each sample image and 8
 * augmented versions) is made in the background whenever the steps, the seed or the data change.
 */
public final class AugmentationViewModel {

    /** Sample images in the preview, one row each. */
    public static final int PREVIEW_IMAGES = 4;
    /** About this many pixels per image in the preview: large enough to see what a step did (the side panel scales it down). */
    private static final int PREVIEW_PIXELS = 96;

    private final ObservableList<AugmentStep> steps = FXCollections.observableArrayList();
    /** One read-only view, kept: a listener on a wrapper nobody holds would be lost with it. */
    private final ObservableList<AugmentStep> readOnlySteps = FXCollections.unmodifiableObservableList(steps);
    private final ReadOnlyObjectWrapper<AugmentPreview.Grid> preview = new ReadOnlyObjectWrapper<>(this, "preview");
    private final ReadOnlyStringWrapper note = new ReadOnlyStringWrapper(this, "note", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");

    private final DocumentViewModel document;
    private final TrainingSettingsViewModel settings;
    private final ReadOnlyObjectProperty<DataSplit> data;
    private final LatestTask<AugmentPreview.Grid> previewTask;

    AugmentationViewModel(DocumentViewModel document, TrainingSettingsViewModel settings, ReadOnlyObjectProperty<DataSplit> data,
                          LatestTask<AugmentPreview.Grid> previewTask) {
        this.document = document;
        this.settings = settings;
        this.data = data;
        this.previewTask = previewTask;
        settings.settingsProperty().addListener((o, was, is) -> follow());
        data.addListener((o, was, is) -> refreshPreview());
        follow();
    }

    // Commands

    /** Appends {@code op} with its defaults. */
    public void add(AugmentOp op) {
        List<AugmentStep> next = new ArrayList<>(steps);
        next.add(AugmentStep.of(op));
        apply(next);
    }

    public void remove(int index) {
        if (index < 0 || index >= steps.size()) {
            return;
        }
        List<AugmentStep> next = new ArrayList<>(steps);
        next.remove(index);
        apply(next);
    }

    /** Moves step {@code index} up ({@code -1}) or down ({@code +1}). */
    public void move(int index, int by) {
        int to = index + by;
        if (index < 0 || index >= steps.size() || to < 0 || to >= steps.size()) {
            return;
        }
        List<AugmentStep> next = new ArrayList<>(steps);
        next.add(to, next.remove(index));
        apply(next);
    }

    /**
     * Sets a number field of step {@code index} from its text; false, with the rule in
     * {@link #errorProperty}, when the text is not a value the field takes.
     */
    public boolean set(int index, String field, String text) {
        AugmentStep step = steps.get(index);
        AugmentParam p = step.op().param(field).orElseThrow();
        double value;
        try {
            value = Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            error.set(where(index, field) + ": enter a number " + p.range() + ".");
            return false;
        }
        return replace(index, field, value);
    }

    /** Sets a true/false field of step {@code index}. */
    public boolean setFlag(int index, String field, boolean on) {
        return replace(index, field, on ? 1 : 0);
    }

    /** Clears a refused value's message (the view put the step's value back). */
    public void clearError() {
        error.set("");
    }

    // Properties

    public ObservableList<AugmentStep> steps() {
        return readOnlySteps;
    }

    public List<AugmentOp> ops() {
        return List.of(AugmentOp.values());
    }

    /** The preview grid, or null when there is nothing to show (see {@link #noteProperty}). */
    public ReadOnlyObjectProperty<AugmentPreview.Grid> previewProperty() {
        return preview.getReadOnlyProperty();
    }

    /** What the preview shows, or why there is none. */
    public ReadOnlyStringProperty noteProperty() {
        return note.getReadOnlyProperty();
    }

    /** Why the last edit was refused; empty when it was applied. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** "training.augmentation[2].degrees", as the file's errors name it. */
    public static String where(int index, String field) {
        return "training.augmentation[" + index + "]." + field;
    }

    /** A field's value as the form shows it. */
    public static String text(AugmentStep step, AugmentParam p) {
        return AugmentParam.text(step.value(p.name()));
    }

    // Internals

    private boolean replace(int index, String field, double value) {
        try {
            List<AugmentStep> next = new ArrayList<>(steps);
            next.set(index, steps.get(index).with(field, value));
            apply(next);
            return true;
        } catch (IllegalArgumentException e) {
            error.set(where(index, field) + ": " + e.getMessage());
            return false;
        }
    }

    private void apply(List<AugmentStep> next) {
        error.set("");
        TrainingSettings current = settings.current();
        if (!next.equals(current.augmentation())) {
            document.apply(new Edit.SetTraining(Optional.of(current.withAugmentation(next))));
        }
    }

    private void follow() {
        List<AugmentStep> now = settings.current().augmentation();
        if (!now.equals(steps)) {
            steps.setAll(now);
        }
        refreshPreview();
    }

    private void refreshPreview() {
        DataSplit split = data.get();
        List<AugmentStep> shown = List.copyOf(steps);
        if (split == null) {
            previewTask.cancel();
            preview.set(null);
            note.set("Choose image data above to preview the augmentation.");
            return;
        }
        LoadedData train = split.train();
        if (train.exampleShape().size() != 3) {
            previewTask.cancel();
            preview.set(null);
            note.set("Augmentation works on images; " + train.name() + " holds vectors, so training would refuse it.");
            return;
        }
        if (shown.isEmpty()) {
            previewTask.cancel();
            preview.set(null);
            note.set("No augmentation: training sees the images as they are. Add a step to preview it.");
            return;
        }
        long seed = settings.current().seed();
        List<Long> shape = train.exampleShape();
        previewTask.request(() -> AugmentPreview.grid(AugmentPreview.sample(train, PREVIEW_IMAGES), shape, shown, seed,
                AugmentPreview.VERSIONS, AugmentPreview.zoomFor(shape, PREVIEW_PIXELS)), grid -> {
            preview.set(grid);
            note.set(String.format(Locale.ROOT, "Each row: a training image, then %d versions as training makes them (seed %d).",
                    AugmentPreview.VERSIONS, seed));
        });
    }
}
