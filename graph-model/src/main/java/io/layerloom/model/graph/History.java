package io.layerloom.model.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The undo history of one document: a list of graph values with the edit that led to each, a
 * cursor, a saved mark and a revision counter that changes on every apply, undo and redo.
 * Listeners are told after each change; an edit applied from inside a listener is refused, so
 * the history can never be changed while it is being reported.
 */
public final class History {

    /** How many steps are kept; the oldest are forgotten beyond this. */
    public static final int DEFAULT_LIMIT = 1000;

    private record Step(Graph graph, String description) {
    }

    private final List<Step> steps = new ArrayList<>();
    private final List<Runnable> listeners = new ArrayList<>();
    private final int limit;
    private int cursor;
    private int savedAt;
    private long revision;
    private boolean notifying;

    public History(Graph initial) {
        this(initial, DEFAULT_LIMIT);
    }

    public History(Graph initial, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        this.limit = limit;
        steps.add(new Step(Objects.requireNonNull(initial, "initial"), ""));
        cursor = 0;
        savedAt = 0;
    }

    public Graph current() {
        return steps.get(cursor).graph();
    }

    /** Applies an edit as a new step; any redo steps are dropped. */
    public Graph apply(Edit edit) {
        checkNotNotifying();
        Graph next = edit.apply(current());
        if (next.equals(current())) {
            return next;
        }
        while (steps.size() > cursor + 1) {
            steps.remove(steps.size() - 1);
        }
        if (savedAt > cursor) {
            savedAt = -1;
        }
        steps.add(new Step(next, edit.description()));
        cursor++;
        if (steps.size() > limit) {
            steps.remove(0);
            cursor--;
            savedAt = savedAt > 0 ? savedAt - 1 : -1;
        }
        changed();
        return next;
    }

    /** Replaces the whole history with a new document (after Open or New). */
    public void reset(Graph graph) {
        checkNotNotifying();
        steps.clear();
        steps.add(new Step(graph, ""));
        cursor = 0;
        savedAt = 0;
        changed();
    }

    public boolean canUndo() {
        return cursor > 0;
    }

    public boolean canRedo() {
        return cursor < steps.size() - 1;
    }

    /** "Add Conv2D" for the step undo would revert. */
    public Optional<String> undoDescription() {
        return canUndo() ? Optional.of(steps.get(cursor).description()) : Optional.empty();
    }

    public Optional<String> redoDescription() {
        return canRedo() ? Optional.of(steps.get(cursor + 1).description()) : Optional.empty();
    }

    public Graph undo() {
        checkNotNotifying();
        if (!canUndo()) {
            throw new IllegalStateException("nothing to undo");
        }
        cursor--;
        changed();
        return current();
    }

    public Graph redo() {
        checkNotNotifying();
        if (!canRedo()) {
            throw new IllegalStateException("nothing to redo");
        }
        cursor++;
        changed();
        return current();
    }

    /** Marks the current step as the one on disk. */
    public void markSaved() {
        savedAt = cursor;
        changed();
    }

    /** Whether the current graph differs from the one last saved (undo back to it clears the mark). */
    public boolean isDirty() {
        return savedAt != cursor;
    }

    /** Changes on every apply, undo, redo, reset and save. */
    public long revision() {
        return revision;
    }

    public void addListener(Runnable listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void changed() {
        revision++;
        notifying = true;
        try {
            for (Runnable l : List.copyOf(listeners)) {
                l.run();
            }
        } finally {
            notifying = false;
        }
    }

    private void checkNotNotifying() {
        if (notifying) {
            throw new IllegalStateException("the history cannot change while it notifies its listeners");
        }
    }
}
