package io.layerloom.model.property;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.History;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;

/**
 * Random sessions of edits, undos, redos and saves against a {@link History}, checked step by
 * step against a plain list of graphs: the model of what undo means.
 */
class HistoryPropertiesTest {

    enum Op { EDIT, UNDO, REDO, SAVE }

    record Action(Op op, RandomEdits.Choice choice) {
    }

    record Session(Graph initial, int limit, List<Action> actions) {
    }

    @Provide
    Arbitrary<Session> sessions() {
        Arbitrary<Op> ops = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.just(Op.EDIT)),
                Tuple.of(3, Arbitraries.just(Op.UNDO)), Tuple.of(2, Arbitraries.just(Op.REDO)),
                Tuple.of(1, Arbitraries.just(Op.SAVE)));
        Arbitrary<Action> action = Combinators.combine(ops, RandomEdits.choices()).as(Action::new);
        Arbitrary<Integer> limit = Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(History.DEFAULT_LIMIT)),
                Tuple.of(1, Arbitraries.integers().between(1, 5)));
        return Combinators.combine(Arbitraries.oneOf(RandomGraphs.graphs(), PlausibleGraphs.graphs()), limit,
                action.list().ofMaxSize(30)).as(Session::new);
    }

    /** What the history should hold: the graphs, the edit descriptions, the cursor and the saved mark. */
    private static final class Model {
        final List<Graph> graphs = new ArrayList<>();
        final List<String> descriptions = new ArrayList<>();
        final int limit;
        int cursor;
        int savedAt;
        long revisions;
        int applied;

        Model(Graph initial, int limit) {
            graphs.add(initial);
            descriptions.add("");
            this.limit = limit;
        }

        Graph current() {
            return graphs.get(cursor);
        }

        void push(Graph next, String description) {
            while (graphs.size() > cursor + 1) {
                graphs.remove(graphs.size() - 1);
                descriptions.remove(descriptions.size() - 1);
            }
            if (savedAt > cursor) {
                savedAt = -1;
            }
            graphs.add(next);
            descriptions.add(description);
            cursor++;
            if (graphs.size() > limit) {
                graphs.remove(0);
                descriptions.remove(0);
                cursor--;
                savedAt = savedAt == 0 ? -1 : savedAt - (savedAt > 0 ? 1 : 0);
            }
            revisions++;
            applied++;
        }
    }

    @Property(tries = 500)
    @StatisticsReport(onFailureOnly = true)
    void historyBehavesLikeAListOfGraphs(@ForAll("sessions") Session session) {
        History history = new History(session.initial(), session.limit());
        Model model = new Model(session.initial(), session.limit());
        long revision0 = history.revision();
        GraphAnalysis.analyze(session.initial());

        for (Action a : session.actions()) {
            switch (a.op()) {
                case EDIT -> {
                    Optional<Edit> edit = RandomEdits.edit(history.current(), a.choice());
                    if (edit.isEmpty()) {
                        continue;
                    }
                    Graph expected = edit.get().apply(model.current());
                    Graph returned = history.apply(edit.get());
                    assertEquals(expected, returned, "apply returns the edited graph: " + edit.get());
                    if (!expected.equals(model.current())) {
                        model.push(expected, edit.get().description());
                    }
                    GraphAnalysis.analyze(returned);
                }
                case UNDO -> {
                    if (model.cursor == 0) {
                        assertThrows(IllegalStateException.class, history::undo);
                        continue;
                    }
                    model.cursor--;
                    model.revisions++;
                    assertEquals(model.current(), history.undo(), "undo returns the previous graph");
                }
                case REDO -> {
                    if (model.cursor == model.graphs.size() - 1) {
                        assertThrows(IllegalStateException.class, history::redo);
                        continue;
                    }
                    model.cursor++;
                    model.revisions++;
                    assertEquals(model.current(), history.redo(), "redo returns the next graph");
                }
                case SAVE -> {
                    history.markSaved();
                    model.savedAt = model.cursor;
                    model.revisions++;
                }
            }
            assertAgrees(model, history, revision0);
        }

        Statistics.label("five or more edits applied").collect(model.applied >= 5);
        Statistics.label("five or more edits applied").coverage(c -> c.check(true).percentage(p -> p >= 30));

        // Undo everything, then redo everything: the same graphs in both directions.
        int top = model.cursor;
        while (model.cursor > 0) {
            model.cursor--;
            assertEquals(model.current(), history.undo(), "undo all, at step " + model.cursor);
            assertEquals(model.savedAt != model.cursor, history.isDirty(), "dirty while undoing, at " + model.cursor);
        }
        assertEquals(false, history.canUndo());
        while (model.cursor < model.graphs.size() - 1) {
            model.cursor++;
            assertEquals(model.current(), history.redo(), "redo all, at step " + model.cursor);
            assertEquals(model.savedAt != model.cursor, history.isDirty(), "dirty while redoing, at " + model.cursor);
            if (model.cursor == top) {
                assertEquals(model.graphs.get(top), history.current());
            }
        }
        assertEquals(false, history.canRedo());
    }

    private static void assertAgrees(Model model, History history, long revision0) {
        assertEquals(model.current(), history.current(), "current graph");
        assertEquals(model.cursor > 0, history.canUndo(), "canUndo");
        assertEquals(model.cursor < model.graphs.size() - 1, history.canRedo(), "canRedo");
        assertEquals(model.savedAt != model.cursor, history.isDirty(), "isDirty (saved at " + model.savedAt
                + ", cursor " + model.cursor + ")");
        assertEquals(revision0 + model.revisions, history.revision(), "revision");
        assertEquals(model.cursor > 0 ? Optional.of(model.descriptions.get(model.cursor)) : Optional.empty(),
                history.undoDescription(), "undo description");
        assertEquals(model.cursor < model.graphs.size() - 1 ? Optional.of(model.descriptions.get(model.cursor + 1))
                : Optional.empty(), history.redoDescription(), "redo description");
    }
}
