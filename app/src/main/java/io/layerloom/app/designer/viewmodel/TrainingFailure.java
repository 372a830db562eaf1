package io.layerloom.app.designer.viewmodel;

import io.layerloom.app.training.TrainingEvent;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * What the Training tab says about the last run's failure: why it failed, what to do about it,
 * and the one-click fix when the failure suggests one (a lower learning rate after divergence).
 * Empty while nothing has failed.
 */
final class TrainingFailure {

    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper hint = new ReadOnlyStringWrapper(this, "hint", "");
    /** The fix's button text ("Lower the learning rate to 0.0001"), empty when it has none. */
    private final ReadOnlyStringWrapper fix = new ReadOnlyStringWrapper(this, "failureFix", "");
    /** The learning rate the failure suggests, NaN when it suggests none. */
    private double suggestedLearningRate = Double.NaN;

    void show(TrainingEvent.Failed f) {
        message.set(f.reason());
        hint.set(f.hint());
        suggestedLearningRate = f.suggestsLowerLearningRate() ? f.lowerLearningRate() : Double.NaN;
        fix.set(f.suggestsLowerLearningRate()
                ? "Lower the learning rate to " + TrainingSettingsViewModel.number(f.lowerLearningRate()) : "");
    }

    /** Forgets the failure: a new run starts, or another document opened. */
    void clear() {
        message.set("");
        hint.set("");
        clearFix();
    }

    /** Forgets only the fix (it was applied). */
    void clearFix() {
        suggestedLearningRate = Double.NaN;
        fix.set("");
    }

    /**
     * Applies the fix, when there is one: the settings' learning rate becomes the suggested one (one
     * undoable edit); returns what the status line says then.
     */
    java.util.Optional<String> applyFix(TrainingSettingsViewModel settings) {
        double rate = suggestedLearningRate;
        if (!Double.isFinite(rate)) {
            return java.util.Optional.empty();
        }
        settings.setLearningRate(rate);
        clearFix();
        return java.util.Optional.of("Learning rate set to " + TrainingSettingsViewModel.number(rate)
                + " (Undo puts it back); start again.");
    }

    /** The suggested learning rate, NaN when there is none. */
    double suggestedLearningRate() {
        return suggestedLearningRate;
    }

    ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    ReadOnlyStringProperty hintProperty() {
        return hint.getReadOnlyProperty();
    }

    ReadOnlyStringProperty fixProperty() {
        return fix.getReadOnlyProperty();
    }
}
