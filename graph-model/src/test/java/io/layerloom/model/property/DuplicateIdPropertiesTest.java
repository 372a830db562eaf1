package io.layerloom.model.property;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.model.analysis.DiagnosticCode;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Edit;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A file may hold two nodes with one id; the analysis reports DUPLICATE_ID with the fix
 * "Rename one of them." The edits must let the user carry that fix out.
 */
class DuplicateIdPropertiesTest {

    /** A graph with unique ids plus a second node that reuses one of them. */
    record WithDuplicate(Graph graph, String id) {
    }

    @Provide
    Arbitrary<WithDuplicate> withDuplicate() {
        return Arbitraries.oneOf(RandomGraphs.graphs(), PlausibleGraphs.graphs())
                .filter(g -> g.size() > 0 && !new GraphFacts(g).hasDuplicates())
                .flatMap(g -> Arbitraries.integers().between(0, g.size() - 1).flatMap(i -> ParamValues.specs().map(spec -> {
                    String id = g.nodes().get(i).id();
                    List<Node> nodes = new ArrayList<>(g.nodes());
                    nodes.add(Node.of(id, spec));
                    return new WithDuplicate(g.withNodes(nodes), id);
                })));
    }

    @Property(tries = 500)
    void renamingADuplicatedIdMakesTheIdsUnique(@ForAll("withDuplicate") WithDuplicate d) {
        Graph renamed = new Edit.Rename(d.id(), d.graph().freshId("renamed")).apply(d.graph());

        assertEquals(List.of(), GraphAnalysis.analyze(renamed).diagnostics().stream()
                .filter(x -> x.code() == DiagnosticCode.DUPLICATE_ID).toList(), "after the rename:" + Samples.json(renamed));
    }

    @Property(tries = 500)
    void deletingADuplicatedIdRemovesOneNode(@ForAll("withDuplicate") WithDuplicate d) {
        Graph after = new Edit.RemoveNode(d.id()).apply(d.graph());

        assertEquals(d.graph().size() - 1, after.size(), "deleting '" + d.id() + "' from" + Samples.json(d.graph()));
    }
}
