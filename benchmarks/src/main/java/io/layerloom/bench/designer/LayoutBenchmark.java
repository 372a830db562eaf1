package io.layerloom.bench.designer;

import io.layerloom.app.designer.service.GraphLayoutService;
import io.layerloom.bench.ResidualGraphGenerator;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.template.Templates;

/**
 * How long Arrange Automatically (ELK's layered layout) takes on ResNet-18 and on the generated
 * 500-node residual graph (the drag benchmark's), best of five after a warm-up run. The unit
 * tests check what the layout makes of large graphs; how fast it is belongs here, where a busy
 * machine cannot fail a build. Run, after building: {@code java -cp
 * benchmarks/target/classes:app/target/layerloom-app.jar io.layerloom.bench.designer.LayoutBenchmark}.
 */
public final class LayoutBenchmark {

    private LayoutBenchmark() {
    }

    public static void main(String[] args) {
        Graph resnet = Templates.graph(Templates.byId("resnet18").orElseThrow());
        Graph residual = ResidualGraphGenerator.generate(500);
        GraphLayoutService.layoutAll(resnet); // class loading and JIT warm-up
        System.out.printf("ELK layout: resnet18 (%d nodes) %.1f ms, 500-node residual graph %.1f ms (best of 5, warm)%n",
                resnet.size(), best(resnet) / 1e6, best(residual) / 1e6);
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
}
