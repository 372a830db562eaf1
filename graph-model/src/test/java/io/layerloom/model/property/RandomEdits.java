package io.layerloom.model.property;

import io.layerloom.model.graph.ConnectionRules;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.graph.Position;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.ParamDef;
import io.layerloom.model.layer.ParamType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random edits that fit the graph they are applied to. A {@link Choice} is generated up front,
 * independent of any graph, and {@link #edit} turns it into an edit for the current graph the
 * way the editor would: wires only where {@link ConnectionRules} allows them, renames to fresh
 * ids, parameter values of the right type (but any value). A choice that fits nothing is skipped.
 */
final class RandomEdits {

    static final int KINDS = 15;

    /**
     * @param action which edit (modulo {@link #KINDS})
     * @param a      picks the first node
     * @param b      picks the second node, a parameter or an input
     * @param spec   for AddNode and SetSpec
     * @param values one value per parameter type, for SetParam
     * @param id     a wished-for new id (used when it is fresh) or graph name
     */
    record Choice(int action, int a, int b, LayerSpec spec, Map<ParamType, Object> values, Position position, String id) {
    }

    private RandomEdits() {
    }

    private static final Arbitrary<Choice> CHOICES = choicesOnce();

    static Arbitrary<Choice> choices() {
        return CHOICES;
    }

    private static Arbitrary<Choice> choicesOnce() {
        return Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 1000), ParamValues.specs(), ParamValues.bag(),
                        RandomGraphs.positions(), RandomGraphs.ids())
                .as(Choice::new);
    }

    static Optional<Edit> edit(Graph g, Choice c) {
        return edit(g, c, c.action() % KINDS);
    }

    private static Optional<Edit> edit(Graph g, Choice c, int action) {
        List<String> ids = g.nodes().stream().map(Node::id).distinct().toList();
        if (ids.isEmpty() && action != 0 && action != 10 && action != KINDS - 1) {
            return Optional.empty();
        }
        switch (action) {
            case 0: {
                List<String> inputs = new ArrayList<>();
                for (int i = 0; i < c.b() % 3 && !ids.isEmpty(); i++) {
                    inputs.add(ids.get((c.a() + i) % ids.size()));
                }
                String id = fresh(g, c.id(), c.spec().kind().name());
                return Optional.of(new Edit.AddNode(new Node(id, c.spec(), inputs,
                        c.b() % 2 == 0 ? Optional.of(c.position()) : Optional.empty(), Map.of())));
            }
            case 1:
                return Optional.of(new Edit.RemoveNode(pick(ids, c.a())));
            case 2: {
                String from = pick(ids, c.a());
                String to = pick(ids, c.b());
                return ConnectionRules.allowed(g, from, to) ? Optional.of(new Edit.Connect(from, to)) : Optional.empty();
            }
            case 3: {
                Node to = g.require(pick(ids, c.a()));
                return to.inputs().isEmpty() ? Optional.empty()
                        : Optional.of(new Edit.Disconnect(pick(to.inputs(), c.b()), to.id()));
            }
            case 4: {
                Node n = g.require(pick(ids, c.a()));
                if (n.inputs().size() < 2 || !n.inputs().stream().allMatch(g::contains)) {
                    return Optional.empty();
                }
                List<String> rotated = new ArrayList<>(n.inputs());
                java.util.Collections.rotate(rotated, 1 + c.b() % (rotated.size() - 1));
                return Optional.of(new Edit.SetInputs(n.id(), rotated));
            }
            case 5: {
                Map<String, Position> moves = new LinkedHashMap<>();
                for (int i = 0; i <= c.b() % 3; i++) {
                    moves.put(pick(ids, c.a() + i), c.position().plus(i * 10.0, -i * 10.0));
                }
                return Optional.of(new Edit.Move(moves));
            }
            case 6:
                return Optional.of(new Edit.SetSpec(pick(ids, c.a()), c.spec()));
            case 7: {
                Node n = g.require(pick(ids, c.a()));
                List<ParamDef> params = n.kind().params();
                if (params.isEmpty()) {
                    return Optional.empty();
                }
                ParamDef p = params.get(c.b() % params.size());
                return Optional.of(new Edit.SetParam(n.id(), p.name(), c.values().get(p.type())));
            }
            case 8: {
                Node n = g.require(pick(ids, c.a()));
                if (n.unknownFields().isEmpty()) {
                    return Optional.empty();
                }
                List<String> fields = new ArrayList<>(n.unknownFields().keySet());
                return Optional.of(new Edit.RemoveUnknownFields(n.id(), c.b() % 2 == 0 ? fields : fields.subList(0, 1)));
            }
            case 9:
                return Optional.of(new Edit.Rename(pick(ids, c.a()), fresh(g, c.id(), "renamed")));
            case 10:
                return Optional.of(new Edit.RenameGraph(c.id()));
            case 11: {
                // A block of one to three layers that are in none yet.
                List<String> free = ids.stream().filter(id -> g.blockOf(id).isEmpty()).toList();
                if (free.isEmpty()) {
                    return Optional.empty();
                }
                List<String> members = new ArrayList<>();
                for (int i = 0; i <= c.b() % 3 && i < free.size(); i++) {
                    members.add(pick(free, c.a() + i));
                }
                java.util.Set<String> blockIds = new java.util.HashSet<>();
                g.blocks().forEach(b -> blockIds.add(b.id()));
                String id = io.layerloom.model.graph.BlockRules.freshBlockId("block", blockIds, new java.util.HashSet<>(ids));
                return Optional.of(new Edit.MakeBlock(id, "Block", members.stream().distinct().toList()));
            }
            case 12: {
                if (g.blocks().isEmpty()) {
                    return Optional.empty();
                }
                io.layerloom.model.graph.Block b = g.blocks().get(Math.floorMod(c.a(), g.blocks().size()));
                return Optional.of(c.b() % 4 == 0 ? new Edit.Ungroup(b.id()) : new Edit.SetBlockCollapsed(b.id(), !b.collapsed()));
            }
            case 13: {
                if (g.blocks().isEmpty()) {
                    return Optional.empty();
                }
                io.layerloom.model.graph.Block b = g.blocks().get(Math.floorMod(c.a(), g.blocks().size()));
                boolean repeatable = io.layerloom.model.graph.BlockEdits.whyNotRepeat(g, b.id(), 1 + c.b() % 2).isEmpty();
                return Optional.of(repeatable ? new Edit.RepeatBlock(b.id(), 1 + c.b() % 2) : new Edit.DuplicateBlock(b.id()));
            }
            default:
                return batch(g, c);
        }
    }

    /** Two or three edits as one step, each chosen for the graph the previous ones leave. */
    private static Optional<Edit> batch(Graph g, Choice c) {
        List<Edit> edits = new ArrayList<>();
        Graph current = g;
        int count = 2 + c.b() % 2;
        for (int i = 0; i < count; i++) {
            Choice derived = new Choice(c.action(), c.a() + 3 * i, c.b() + 7 * i, c.spec(), c.values(),
                    c.position(), c.id() + i);
            Optional<Edit> e = edit(current, derived, (c.a() + 5 * i) % (KINDS - 1));
            if (e.isPresent()) {
                edits.add(e.get());
                current = e.get().apply(current);
            }
        }
        return edits.isEmpty() ? Optional.empty() : Optional.of(new Edit.Batch("Paste", edits));
    }

    private static String pick(List<String> ids, int i) {
        return ids.get(Math.floorMod(i, ids.size()));
    }

    private static String fresh(Graph g, String wished, String base) {
        return g.contains(wished) ? g.freshId(base) : wished;
    }
}
