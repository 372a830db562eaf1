package io.layerloom.model.advice;

import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Edit;
import java.util.List;
import java.util.Objects;

/**
 * One change the advisor proposes, with the whole network's totals before and after it, as the
 * analysis of the edited graph gives them (not a formula), and the edit that makes it in one
 * undoable step.
 *
 * @param id     stable and readable, such as "separable:conv5_1": {@code layerloom advise --apply ID}
 * @param nodes  the nodes of the graph the change replaces or rewires
 * @param title  what changes, such as "conv5_1: 3x3 Conv2D on 512 channels -> depthwise-separable"
 * @param before the totals of the graph as it is
 * @param after  the totals of the edited graph
 */
public record Suggestion(String id, Idea idea, List<String> nodes, String title, Totals before, Totals after,
                         Edit.Batch edit) {

    public Suggestion {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(idea, "idea");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(edit, "edit");
    }

    public long savedParams() {
        return before.params() - after.params();
    }

    public long savedMacs() {
        return before.macs() - after.macs();
    }

    /** The share of the network's MACs saved, 0 to 1. */
    public double macFraction() {
        return before.macs() == 0 ? 0 : (double) savedMacs() / before.macs();
    }

    /** The share of the network's parameters saved, 0 to 1. */
    public double paramFraction() {
        return before.params() == 0 ? 0 : (double) savedParams() / before.params();
    }
}
