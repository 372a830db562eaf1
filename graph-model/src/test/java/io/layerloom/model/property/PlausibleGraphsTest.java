package io.layerloom.model.property;

import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerKinds;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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

    /**
     * The channel kinds inside random CNNs, not only as their samples: after steps that leave any
     * channel count (odd ones too), every shuffle, split and scale block gives a valid network.
     */
    @Test
    void channelBlocksFitAnyChannelCount() {
        Set<String> built = new TreeSet<>();
        for (int before = 0; before < 40; before++) {
            for (int block = 91; block < 100; block++) {
                for (int a = 0; a < 12; a++) {
                    for (int b = 0; b < 7; b++) {
                        // A convolution to 4-64 filters, or a Concat of odd width, before the channel block.
                        PlausibleGraphs.Step first = new PlausibleGraphs.Step(before % 2 == 0 ? 0 : 7, before * 7, before * 3);
                        Graph g = PlausibleGraphs.build(new PlausibleGraphs.Plan(0, before, before * 5, before * 3,
                                List.of(first, new PlausibleGraphs.Step(block, a, b)), before, false));
                        assertFalse(GraphAnalysis.analyze(g).hasErrors(), () -> GraphAnalysis.analyze(g).diagnostics()
                                + Samples.json(g));
                        g.nodes().forEach(n -> built.add(n.kind().name()));
                    }
                }
            }
        }
        assertEquals(Set.of("ChannelScale", "ChannelShuffle", "ChannelSplit"),
                new TreeSet<>(built.stream().filter(k -> k.startsWith("Channel")).toList()));
    }

    private static List<String> kinds(PlausibleGraphs.Plan plan) {
        return PlausibleGraphs.build(plan).nodes().stream().map(Node::kind).map(kind -> kind.name()).toList();
    }
}
