package io.layerloom.model.template;

import io.layerloom.model.analysis.Analysis;
import io.layerloom.model.analysis.GraphAnalysis;
import io.layerloom.model.analysis.ReceptiveField;
import io.layerloom.model.analysis.Totals;
import io.layerloom.model.graph.Graph;
import io.layerloom.model.json.GraphJson;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.junit.jupiter.api.Assertions.*;

class TemplatesTest {

    static Stream<Template> templates() {
        return Templates.all().stream();
    }

    @Test
    void theIssuesTemplatesAreShipped() {
        assertEquals(List.of("lenet5", "small-cnn", "alexnet", "vgg16", "googlenet", "resnet18", "resnet50", "densenet121", "mobilenet-v1",
                "shufflenet-v2", "efficientnet-b0"), Templates.ids());
    }

    @ParameterizedTest
    @MethodSource("templates")
    void reproducesThePublishedParameterCountExactly(Template t) {
        Graph g = Templates.graph(t);
        Analysis a = GraphAnalysis.analyze(g);
        assertEquals(List.of(), a.diagnostics(), t.id());
        Totals totals = a.totals();
        assertTrue(totals.complete());
        assertEquals(t.publishedTrainableParams(), totals.trainableParams(), t.id());
        t.publishedTotalParams().ifPresent(total -> assertEquals(total, totals.params(), t.id()));
        assertEquals(t.input(), a.nodes().get(0).output().orElseThrow().dims());
        assertFalse(t.source().isBlank());
    }

    @ParameterizedTest
    @MethodSource("templates")
    void shippedFilesAreAlreadyInCanonicalForm(Template t) throws Exception {
        Graph g = Templates.graph(t);
        assertEquals(g, GraphJson.read(GraphJson.write(g), t.id()));
        assertTrue(g.nodes().stream().allMatch(n -> n.position().isPresent()), "every node has a canvas position");
    }

    /** Araujo, Norris and Sim (Distill, 2019), Table 1: receptive field size and effective stride. */
    @Test
    void receptiveFieldsMatchTheDistillTable() {
        assertField("alexnet", "pool5", 195, 32);
        assertField("vgg16", "pool5", 212, 32);
        assertField("mobilenet-v1", "conv_pw_13_relu", 315, 32);
    }

    /**
     * Published multiply-add counts: MobileNet v1, 569 million (Howard et al. 2017, Table 8);
     * torchvision's model tables give 0.71 G for AlexNet, 1.5 G for GoogLeNet, 1.81 G for ResNet-18, 4.09 G for ResNet-50,
     * 2.83 G for DenseNet-121 and 15.47 G for VGG-16 (as "GFLOPS", counting multiply-adds).
     */
    @Test
    void macsMatchPublishedMultiplyAddCounts() {
        assertEquals(569e6, macs("mobilenet-v1"), 0.5e6);
        assertEquals(0.71e9, macs("alexnet"), 0.005e9);
        assertEquals(1.5e9, macs("googlenet"), 0.05e9);
        assertEquals(1.81e9, macs("resnet18"), 0.005e9);
        assertEquals(4.09e9, macs("resnet50"), 0.005e9);
        assertEquals(2.83e9, macs("densenet121"), 0.005e9);
        assertEquals(15.47e9, macs("vgg16"), 0.005e9);
        // torchvision: 0.14 G for ShuffleNet v2 1.0x, 0.39 G for EfficientNet-B0 (exact counts in index.json's sources).
        assertEquals(0.14e9, macs("shufflenet-v2"), 0.005e9);
        assertEquals(144_907_992, macs("shufflenet-v2"));
        assertEquals(0.39e9, macs("efficientnet-b0"), 0.005e9);
        assertEquals(385_814_752, macs("efficientnet-b0"));
    }

    /**
     * ShuffleNet v2 1.0x shuffles after each of its 16 units and splits the input of the 13 that do
     * not downsample; EfficientNet-B0 scales the channels of each of its 16 MBConv blocks.
     */
    @Test
    void channelTemplatesUseTheChannelKinds() {
        assertEquals(16, count("shufflenet-v2", "ChannelShuffle"));
        assertEquals(26, count("shufflenet-v2", "ChannelSplit"));
        assertEquals(16, count("efficientnet-b0", "ChannelScale"));
        assertEquals(0, count("efficientnet-b0", "Multiply") + count("efficientnet-b0", "Upsampling2D"));
    }

    private static long count(String template, String kind) {
        return Templates.graph(Templates.byId(template).orElseThrow()).nodes().stream()
                .filter(n -> n.kind().name().equals(kind)).count();
    }

    private static double macs(String id) {
        return GraphAnalysis.analyze(Templates.graph(Templates.byId(id).orElseThrow())).totals().macs();
    }

    private static void assertField(String template, String node, long size, long stride) {
        Analysis a = GraphAnalysis.analyze(Templates.graph(Templates.byId(template).orElseThrow()));
        ReceptiveField.Local f = (ReceptiveField.Local) a.node(node).orElseThrow().receptiveField().orElseThrow();
        assertEquals(size, f.height().size());
        assertEquals(size, f.width().size());
        assertEquals(stride, f.height().stride());
    }
}
