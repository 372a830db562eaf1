package io.layerloom.model.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import io.layerloom.model.report.SummaryJson;
import io.layerloom.model.report.SummaryText;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Figures that pass 64 bits on graphs that are otherwise valid (issue 12): they were shown
 * wrapped around (a receptive field of -4095x-4095 /0, a negative training memory).
 */
class OverflowTest {

    /** Input 1x8x8, then {@code convs} Conv2D 3x3 stride 2 "same" (the output stays 1x1 from the third on), pooled. */
    static Graph strided(int convs) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Node.of("in", new LayerSpec.Input(Dims.of(1, 8, 8))));
        String last = "in";
        for (int i = 1; i <= convs; i++) {
            nodes.add(Node.of("c" + i, new LayerSpec.Conv2D(1, IntPair.of(3), IntPair.of(2), Padding.same(), IntPair.of(1),
                    ActivationFunction.RELU, true), last));
            last = "c" + i;
        }
        nodes.add(Node.of("pool", new LayerSpec.GlobalAvgPool(), last));
        nodes.add(Node.of("out", new LayerSpec.Output(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "pool"));
        return new Graph("strided", "", nodes);
    }

    @Test
    void aReceptiveFieldPastSixtyFourBitsIsAWarningAtItsFirstNodeAndShownAsOverflow() {
        Graph g = strided(70);

        Analysis a = GraphAnalysis.analyze(g);

        // c62's field is 2^63 - 1 pixels wide with stride 2^62; c63 would double the stride past 64 bits.
        assertEquals(List.of("warning OVERFLOW at c63: Conv2D 'c63': its receptive field does not fit in 64 bits: the field "
                        + "before it is 9223372036854775807x9223372036854775807 /4611686018427387904 (size /stride, in input "
                        + "pixels) and its window (kernel 3, stride 2, dilation 1) takes its size, stride or padding past "
                        + "9223372036854775807. It is shown as overflow from here on. Fix: Remove strided or pooling layers "
                        + "that act on a 1x1 output: they change nothing but this figure. / Or reduce the strides, kernels "
                        + "or dilations before it."),
                a.diagnostics().stream().map(Diagnostic::toString).toList());
        assertFalse(a.hasErrors());
        String text = SummaryText.render(g, a, 32);
        assertFalse(text.matches("(?s).*(-\\d+x-?\\d+|/0\\b|/-).*"), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("! c63 (Conv2D)") && l.contains("  overflow  ")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("c70 (Conv2D)") && l.contains("  overflow  ")), text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("pool (GlobalAvgPool)") && l.contains("  global  ")), text);
        String json = SummaryJson.render(g, a, 32);
        assertTrue(json.contains("{\"id\": \"c70\", \"kind\": \"Conv2D\", \"inputs\": [\"c69\"], \"outputShape\": [1, 1, 1], "
                + "\"params\": 10, \"trainableParams\": 10, \"macs\": 9, \"receptiveField\": null"), json);
        assertFalse(json.contains("\"size\": [-"), json);
    }

    @Test
    void sixtyTwoStridedLayersStillGiveTheExactField() {
        Analysis a = GraphAnalysis.analyze(strided(62));

        assertEquals(List.of(), a.diagnostics());
        assertEquals("9223372036854775807x9223372036854775807 /4611686018427387904",
                ((ReceptiveField.Local) a.node("c62").orElseThrow().receptiveField().orElseThrow()).text());
    }

    @Test
    void trainingMemoryPastSixtyFourBitsIsShownAsAnOverflowNotANegativeNumber() {
        // 1 x 32768 x 32768 is 2^30 values a node (4 GiB): about 12 GiB an example, times 2,000,000,000.
        Graph g = new Graph("huge", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(1, 32768, 32768))),
                Node.of("c", new LayerSpec.Conv2D(1, IntPair.of(1), IntPair.of(1), Padding.of(0), IntPair.of(1),
                        ActivationFunction.RELU, true), "in"),
                Node.of("pool", new LayerSpec.GlobalAvgPool(), "c"),
                Node.of("out", new LayerSpec.Output(2, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "pool")));
        Analysis a = GraphAnalysis.analyze(g);
        int batch = 2_000_000_000;

        assertFalse(a.hasErrors(), a.diagnostics().toString());
        Totals t = a.totals();
        java.util.function.LongFunction<java.math.BigInteger> exact = b -> java.math.BigInteger.valueOf(t.paramBytes())
                .add(java.math.BigInteger.valueOf(t.trainableParams() * 4L * 3))
                .add(java.math.BigInteger.valueOf(t.inputBytes() + t.forwardBackwardActivationBytes() + t.convolutionOutputBytes()).multiply(java.math.BigInteger.valueOf(b)));
        assertTrue(exact.apply(batch).bitLength() > 63, exact.apply(batch).toString());
        assertEquals(Long.MAX_VALUE, t.trainingBytes(batch));
        assertEquals(exact.apply(32).longValueExact(), t.trainingBytes(32));
        assertTrue(SummaryText.render(g, a, batch).contains("Training memory, batch 2000000000: over 8 EiB (beyond 64 bits) "
                + "(params, gradients, Adam state, activations and kept convolution outputs x batch)"), SummaryText.render(g, a, batch));
        assertTrue(SummaryJson.render(g, a, batch).contains("\"batch\": 2000000000, \"trainingBytes\": null}"));
    }

    @Test
    void saturatingAddStopsAtTheLargestLong() {
        assertEquals(5, Totals.saturatingAdd(2, 3));
        assertEquals(Long.MAX_VALUE, Totals.saturatingAdd(Long.MAX_VALUE - 1, 2));
        assertEquals(Long.MAX_VALUE, Totals.saturatingAdd(Long.MAX_VALUE, -5));
        assertEquals(Long.MIN_VALUE, Totals.saturatingAdd(Long.MIN_VALUE + 1, -2));
    }
}
