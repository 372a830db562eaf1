package io.layerloom.bench.designer;

import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.LayerKinds;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.template.Templates;
import java.util.ArrayList;
import java.util.List;

/**
 * How long Arrange Automatically (ELK's layered layout) takes on ResNet-18 and on a 500-node
 * chain, best of five after a warm-up run. The unit tests check what the layout makes of these
 * graphs; how fast it is belongs here, where a busy machine cannot fail a build.
 */
public final class LayoutBenchmark {

    private LayoutBenchmark() {
    }

    public static void main(String[] args) {
        Graph resnet = Templates.graph(Templates.byId("resnet18").orElseThrow());
        Graph chain = chain(500);
        GraphLayoutService.layoutAll(resnet); // class loading and JIT warm-up
        System.out.printf("ELK layout: resnet18 (%d nodes) %.1f ms, 500-node chain %.1f ms (best of 5, warm)%n",
                resnet.size(), best(resnet) / 1e6, best(chain) / 1e6);
    }

    private static long best(Graph g) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            GraphLayoutService.layoutAll(g);
            best = Math.min(best, System.nanoTime() - t0);
        }
        return best;
    }

    private static Graph chain(int n) {
        LayerSpec dense = LayerKinds.byName("Dense").orElseThrow().defaults();
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("d0", LayerKinds.byName("Input").orElseThrow().defaults()));
        for (int i = 1; i < n; i++) {
            nodes.add(Node.of("d" + i, dense, "d" + (i - 1)));
        }
        return new Graph("chain", "", nodes);
    }
}
