package io.layerloom.model.property;

import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The random networks can hold every layer kind, so the properties over them reach every kind. */
class PlausibleGraphsTest {

    /**
     * Plans of one step over every flavour, block and head (and both kinds of sequence input),
     * and the plans without steps that give kind samples, together build every kind of
     * {@link LayerKinds}; a kind missing from them is named here.
     */
    @Test
    void everyLayerKindAppearsInSomePlan() {
        Set<String> built = new TreeSet<>();
        for (int flavour = 0; flavour <= 4; flavour++) {
            for (int block = 0; block < 13; block++) {
                for (int a = 0; a < 2; a++) {
                    for (int b = 0; b < 2; b++) {
                        for (int head = 0; head < 12; head++) {
                            for (int y = 0; y < 2; y++) {
                                built.addAll(kinds(new PlausibleGraphs.Plan(flavour, 5, y, 5,
                                        List.of(new PlausibleGraphs.Step(block, a, b)), head, false)));
                            }
                        }
                    }
                }
            }
        }
        for (int x = 0; x < LayerKinds.all().size(); x++) {
            built.addAll(kinds(new PlausibleGraphs.Plan(0, x, 0, 0, List.of(), 0, false)));
        }
        List<String> missing = new ArrayList<>(LayerKinds.names());
        missing.removeAll(built);
        assertEquals(List.of(), missing, "kinds PlausibleGraphs never builds");
    }

    private static List<String> kinds(PlausibleGraphs.Plan plan) {
        return PlausibleGraphs.build(plan).nodes().stream().map(Node::kind).map(kind -> kind.name()).toList();
    }
}
