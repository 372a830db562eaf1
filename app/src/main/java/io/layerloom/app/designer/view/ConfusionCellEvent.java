package io.layerloom.app.designer.view;

import javafx.event.Event;
import javafx.event.EventType;

/**
 * A click on a cell of the Training tab's confusion matrix, bubbling up from the cell: the window
 * opens the Explain tab's gallery of that cell's test images.
 */
public final class ConfusionCellEvent extends Event {

    private static final long serialVersionUID = 1L;

    public static final EventType<ConfusionCellEvent> OPEN = new EventType<>(Event.ANY, "CONFUSION_CELL_OPEN");

    private final int truth;
    private final int predicted;

    ConfusionCellEvent(int truth, int predicted) {
        super(OPEN);
        this.truth = truth;
        this.predicted = predicted;
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
