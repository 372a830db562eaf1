package io.layerloom.app.designer.view;

import javafx.event.Event;
import javafx.event.EventType;

/**
 * A click on a cell of the Training tab's confusion matrix, bubbling up from the cell: the window
 * opens the Explain tab's gallery of that cell's images from the set the matrix was made on.
 */
public final class ConfusionCellEvent extends Event {

    private static final long serialVersionUID = 1L;

    public static final EventType<ConfusionCellEvent> OPEN = new EventType<>(Event.ANY, "CONFUSION_CELL_OPEN");

    private final int truth;
    private final int predicted;
    private final String set;
    private final int epoch;

    ConfusionCellEvent(int truth, int predicted, String set, int epoch) {
        super(OPEN);
        this.truth = truth;
        this.predicted = predicted;
        this.set = set;
        this.epoch = epoch;
    }

    /** The set the matrix was made on: "validation" (after every epoch) or "test" (after training). */
    public String set() {
        return set;
    }

    /** The epoch at whose end a validation matrix was made; 0 for the test matrix. */
    public int epoch() {
        return epoch;
    }

    /** The cell's row: the true class. */
    public int truth() {
        return truth;
    }

    /** The cell's column: the predicted class. */
    public int predicted() {
        return predicted;
    }
}
