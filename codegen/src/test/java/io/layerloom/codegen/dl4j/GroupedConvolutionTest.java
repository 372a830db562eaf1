package io.layerloom.codegen.dl4j;

import io.layerloom.model.graph.Graph;
import io.layerloom.model.graph.Node;
import io.layerloom.model.layer.ActivationFunction;
import io.layerloom.model.layer.Dims;
import io.layerloom.model.layer.IntPair;
import io.layerloom.model.layer.LayerSpec;
import io.layerloom.model.layer.Loss;
import io.layerloom.model.layer.Padding;
import java.util.List;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.*;

/**
 * GroupedConv2D's DL4J chain (Dl4jMapping.groupedConv2D) against a grouped convolution written out
 * here as its definition: output channel o = g*m + j sums, over the k = C_in/G input channels of
 * group g and the kernel taps, input times weight. The weight is read from the vertex the mapping
 * says holds it, in DL4J's depthwise layout [kh, kw, C_in, m] (input channel g*k + i, filter j).
 */
class GroupedConvolutionTest {

    record Case(String name, int channels, int height, int width, LayerSpec.GroupedConv2D spec) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        return List.of(
                new Case("8 channels, 2 groups, 12 filters, 3x3, pad 1", 8, 7, 9,
                        new LayerSpec.GroupedConv2D(12, 2, IntPair.of(3), IntPair.of(1), Padding.of(1), IntPair.of(1))),
                new Case("8 channels, 4 groups, 4 filters, 3x2, stride (2, 1), dilation (1, 2), pad (0, 1)", 8, 9, 8,
                        new LayerSpec.GroupedConv2D(4, 4, new IntPair(3, 2), new IntPair(2, 1), Padding.of(0, 1),
                                new IntPair(1, 2))),
                new Case("6 channels, 3 groups, 9 filters, 1x1", 6, 5, 5,
                        new LayerSpec.GroupedConv2D(9, 3, IntPair.of(1), IntPair.of(1), Padding.of(0), IntPair.of(1))),
                new Case("8 channels, 8 groups (depthwise), 16 filters, 3x3, stride 2", 8, 8, 8,
                        new LayerSpec.GroupedConv2D(16, 8, IntPair.of(3), IntPair.of(2), Padding.of(1), IntPair.of(1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void dl4jComputesTheGroupedConvolution(Case c) {
        LayerSpec.GroupedConv2D s = c.spec();
        Graph graph = new Graph("grouped", "", List.of(
                Node.of("in", new LayerSpec.Input(Dims.of(c.channels(), c.height(), c.width()))),
                Node.of("g", s, "in"),
                Node.of("f", new LayerSpec.Flatten(), "g"),
                Node.of("out", new LayerSpec.Output(3, ActivationFunction.SOFTMAX, Loss.MCXENT, true), "f")));
        Dl4jCompiler.Compilation compilation = Dl4jCompiler.compile(graph);
        assertEquals(List.of(), compilation.problems());
        assertEquals("g/depthwise", compilation.parameterVertices().vertexOf("g"));
        ComputationGraph net = Dl4jOracle.check(graph, true);

        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, c.channels(), c.height(), c.width()).subi(0.5);
        INDArray w = net.getVertex("g/depthwise").getLayer().getParam("W");
        INDArray actual = net.feedForward(x, false).get("g");

        int g = s.groups();
        int k = c.channels() / g;
        int m = (int) (s.filters() / g);
        int pH = ((Padding.Explicit) s.padding()).amount().h();
        int pW = ((Padding.Explicit) s.padding()).amount().w();
        long outH = actual.size(2);
        long outW = actual.size(3);
        assertEquals((c.height() + 2 * pH - (s.dilation().h() * (s.kernel().h() - 1) + 1)) / s.stride().h() + 1, outH);
        assertEquals((c.width() + 2 * pW - (s.dilation().w() * (s.kernel().w() - 1) + 1)) / s.stride().w() + 1, outW);
        double worst = 0;
        double largest = 0;
        for (int n = 0; n < 2; n++) {
            for (int o = 0; o < s.filters(); o++) {
                int group = o / m;
                int j = o % m;
                for (int y = 0; y < outH; y++) {
                    for (int xx = 0; xx < outW; xx++) {
                        double sum = 0;
                        for (int i = 0; i < k; i++) {
                            for (int ky = 0; ky < s.kernel().h(); ky++) {
                                for (int kx = 0; kx < s.kernel().w(); kx++) {
                                    int iy = y * s.stride().h() - pH + ky * s.dilation().h();
                                    int ix = xx * s.stride().w() - pW + kx * s.dilation().w();
                                    if (iy >= 0 && iy < c.height() && ix >= 0 && ix < c.width()) {
                                        sum += x.getDouble(n, group * k + i, iy, ix) * w.getDouble(ky, kx, group * k + i, j);
                                    }
                                }
                            }
                        }
                        worst = Math.max(worst, Math.abs(sum - actual.getDouble(n, o, y, xx)));
                        largest = Math.max(largest, Math.abs(sum));
                    }
                }
            }
        }
        assertTrue(largest > 0.1, "the check sees non-trivial outputs: " + largest);
        assertTrue(worst <= 1e-5 * Math.max(1, largest), "largest |difference| " + worst + " on outputs up to " + largest);
    }
}
