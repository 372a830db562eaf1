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
                "mobilenet-v2", "squeezenet-1.1", "vgg19", "inception-v3", "nin-cifar10", "shufflenet-v2", "efficientnet-b0"), Templates.ids());
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
     * 2.83 G for DenseNet-121, 15.47 G for VGG-16, 19.63 G for VGG-19, 0.30 G for MobileNet v2, 0.35 G for
     * SqueezeNet 1.1 and 5.71 G for Inception v3 (as "GFLOPS", counting multiply-adds).
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
        assertEquals(19.63e9, macs("vgg19"), 0.005e9);
        assertEquals(0.30e9, macs("mobilenet-v2"), 0.005e9);
        assertEquals(0.35e9, macs("squeezenet-1.1"), 0.005e9);
        assertEquals(5.71e9, macs("inception-v3"), 0.005e9);
        // torchvision: 0.14 G for ShuffleNet v2 1.0x, 0.39 G for EfficientNet-B0 (exact counts in index.json's sources).
        assertEquals(0.14e9, macs("shufflenet-v2"), 0.005e9);
        assertEquals(144_907_992, macs("shufflenet-v2"));
        assertEquals(0.39e9, macs("efficientnet-b0"), 0.005e9);
        assertEquals(385_814_752, macs("efficientnet-b0"));
    }

    /** The convolutions of NIN on a 32x32 image, counted by hand from its layer table (its source's FLOPs/2 counts more). */
    @Test
    void ninMacsAreItsConvolutionsMultiplyAdds() {
        long macs = 32 * 32 * (192L * 3 * 25 + 160 * 192 + 96 * 160)
                + 16 * 16 * (192L * 96 * 25 + 192 * 192 + 192 * 192)
                + 8 * 8 * (192L * 192 * 9 + 192 * 192 + 10 * 192);
        assertEquals(222_486_528L, macs);
        assertEquals(macs, macs("nin-cifar10"));
    }

    /**
     * torchvision's published 27,161,264 counts Inception v3's auxiliary classifier, which the
     * template leaves out (a graph trains with one output): added back as torchvision builds it,
     * it gives the published figure exactly.
     */
    @Test
    void inceptionV3WithItsAuxiliaryClassifierHasTorchvisionsPublishedCount() throws Exception {
        Template t = Templates.byId("inception-v3").orElseThrow();
        String fc = "{\"id\": \"fc\", \"kind\": \"Output\"";
        String text = Templates.text(t);
        int at = text.indexOf('\n', text.indexOf(fc));
        String aux = """
                ,
                    {"id": "AuxLogits.pool", "kind": "AvgPool2D", "inputs": ["Mixed_6e.concat"], "kernel": 5, "stride": 3},
                    {"id": "AuxLogits.conv0.conv", "kind": "Conv2D", "inputs": ["AuxLogits.pool"], "filters": 128, "kernel": 1, "bias": false},
                    {"id": "AuxLogits.conv0.bn", "kind": "BatchNorm", "inputs": ["AuxLogits.conv0.conv"], "eps": 0.001},
                    {"id": "AuxLogits.conv0.relu", "kind": "Activation", "inputs": ["AuxLogits.conv0.bn"], "activation": "relu"},
                    {"id": "AuxLogits.conv1.conv", "kind": "Conv2D", "inputs": ["AuxLogits.conv0.relu"], "filters": 768, "kernel": 5, "bias": false},
                    {"id": "AuxLogits.conv1.bn", "kind": "BatchNorm", "inputs": ["AuxLogits.conv1.conv"], "eps": 0.001},
                    {"id": "AuxLogits.conv1.relu", "kind": "Activation", "inputs": ["AuxLogits.conv1.bn"], "activation": "relu"},
                    {"id": "AuxLogits.avgpool", "kind": "GlobalAvgPool", "inputs": ["AuxLogits.conv1.relu"]},
                    {"id": "AuxLogits.fc", "kind": "Output", "inputs": ["AuxLogits.avgpool"], "units": 1000}""";
        Graph withAux = GraphJson.read(text.substring(0, at).stripTrailing() + aux + text.substring(at), "inception-v3 + aux");
        Analysis a = GraphAnalysis.analyze(withAux);
        assertEquals(List.of(), a.diagnostics());
        assertEquals(List.of(128L, 5L, 5L), a.node("AuxLogits.conv0.relu").orElseThrow().output().orElseThrow().dims(),
                "Mixed_6e's 17x17 pooled to 5x5");
        assertEquals(27_161_264L, a.totals().trainableParams());
        assertEquals(27_161_264L - 3_326_696L, t.publishedTrainableParams());
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
