package io.layerloom.model.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.template.Templates;
import org.junit.jupiter.api.Test;

/**
 * The training memory estimate, part by part (issue 13: measured against the peak resident memory
 * of training ResNet-18 at 3x224x224, batch 32, in docs/benchmarks.md): parameters, their
 * gradients, Adam's two moments, and per example the input, every output and its gradient, and
 * each convolution's output once more (kept for the backward pass). Each part is summed here from
 * the nodes' shapes, independently of the analysis's totals.
 */
class TrainingMemoryEstimateTest {

    private static final long FLOAT = 4;

    @Test
    void resNet18AtBatch32IsTheSumOfItsParts() {
        Graph graph = Templates.graph(Templates.byId("resnet18").orElseThrow());
        Analysis a = GraphAnalysis.analyze(graph);
        long input = 0;
        long outputs = 0;
        long convolutionOutputs = 0;
        for (NodeResult r : a.nodes()) {
            long values = r.output().orElseThrow().dims().stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact);
            if (r.kind().equals("Input")) {
                input += values;
            } else {
                outputs += values;
            }
            if (r.kind().equals("Conv2D")) {
                convolutionOutputs += values;
            }
        }
        assertEquals(3L * 224 * 224, input);
        // ResNet-18's twenty convolutions at 224x224: the stem 64x112x112, then 56, 28, 14 and 7 pixels square
        assertEquals(64L * 112 * 112 + 4 * 64 * 56 * 56 + 5 * 128 * 28 * 28 + 5 * 256 * 14 * 14 + 5 * 512 * 7 * 7,
                convolutionOutputs);
        long trainable = 11_689_512;
        long params = trainable + 9_600;
        long perExample = FLOAT * (input + 2 * outputs + convolutionOutputs);
        long expected = FLOAT * params + FLOAT * trainable + 2 * FLOAT * trainable + 32 * perExample;

        assertEquals(FLOAT * 2 * outputs, a.totals().forwardBackwardActivationBytes());
        assertEquals(FLOAT * convolutionOutputs, a.totals().convolutionOutputBytes());
        assertEquals(expected, a.totals().trainingBytes(32));
    }

    @Test
    void leNet5KeepsItsThreeConvolutionsOutputsOnceMore() {
        Graph graph = Templates.graph(Templates.byId("lenet5").orElseThrow());
        Analysis a = GraphAnalysis.analyze(graph);
        long outputs = a.nodes().stream().filter(r -> !r.kind().equals("Input"))
                .mapToLong(r -> r.output().orElseThrow().dims().stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact))
                .sum();
        long conv = a.nodes().stream().filter(r -> r.kind().equals("Conv2D"))
                .mapToLong(r -> r.output().orElseThrow().dims().stream().mapToLong(Long::longValue).reduce(1, Math::multiplyExact))
                .sum();
        assertEquals(6L * 28 * 28 + 16 * 10 * 10 + 120, conv, "LeNet-5's C1, C3 and C5 are convolutions");
        assertEquals(FLOAT * 2 * outputs, a.totals().forwardBackwardActivationBytes());
        assertEquals(FLOAT * conv, a.totals().convolutionOutputBytes());
    }
}
